import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { DEFAULT_PARAMETERS } from '../../../src/core/result';
import { countDocumentTerms } from '../../../src/core/topics/documentTerms';
import { modelTopics, representationOptions } from '../../../src/core/topics/model';
import { subjectCorpus } from './topicCorpus';

describe('modelTopics', () => {
  it('numbers the clusters by size and describes them', async () => {
    const corpus = subjectCorpus([3, 6, 4]); // cluster labels 0, 1, 2 with sizes 3, 6, 4
    const probabilities = new Float64Array(corpus.texts.length).fill(0.9);
    const terms = await countDocumentTerms(corpus.texts, representationOptions(DEFAULT_PARAMETERS));
    const run = await modelTopics({ ...corpus, terms, probabilities, random: seededRandom(1) }, DEFAULT_PARAMETERS);
    assert.deepEqual(Array.from(run.assignments), Array.from(corpus.assignments, (t) => [2, 0, 1][t]));
    assert.deepEqual(run.topics.map((t) => [t.id, t.count]), [[0, 6], [1, 4], [2, 3]]);
    assert.equal(run.probabilities, probabilities);
    assert.ok(run.topics.every((t) => t.words.length === DEFAULT_PARAMETERS.topNWords && t.representativeDocs.length === 3));
  });

  it('reduces outliers when the parameters ask for it', async () => {
    const corpus = subjectCorpus([6, 5, 4]);
    const labels = Int32Array.from(corpus.assignments, (t, i) => (i % 3 === 0 ? -1 : t));
    const probabilities = Float64Array.from(labels, (t) => (t < 0 ? 0 : 1));
    const parameters = { ...DEFAULT_PARAMETERS, outlierReduction: { strategy: 'embeddings' as const, threshold: 0 } };
    const terms = await countDocumentTerms(corpus.texts, representationOptions(parameters));
    const run = await modelTopics({ ...corpus, terms, assignments: labels, probabilities, random: seededRandom(1) }, parameters);
    assert.ok(run.assignments.every((t) => t >= 0), 'every outlier found a topic');
    assert.ok(!run.topics.some((t) => t.id === -1));
    labels.forEach((label, i) => {
      if (label < 0) assert.ok(run.probabilities[i] > 0 && run.probabilities[i] <= 1 + 1e-9);
    });
  });

  it('merges similar topics down to nrTopics, describes them again and builds their hierarchy', async () => {
    // Two clusters per subject: six topics that belong together in pairs.
    const corpus = subjectCorpus([10, 10, 10]);
    const labels = Int32Array.from(corpus.assignments, (s, i) => 2 * s + (i % 2));
    const probabilities = new Float64Array(labels.length).fill(1);
    const parameters = { ...DEFAULT_PARAMETERS, nrTopics: 3 };
    const terms = await countDocumentTerms(corpus.texts, representationOptions(parameters));
    const run = await modelTopics({ ...corpus, terms, assignments: labels, probabilities, random: seededRandom(1) }, parameters);
    assert.deepEqual(run.topics.map((t) => t.count), [10, 10, 10]);
    corpus.assignments.forEach((subject, i) => assert.equal(run.assignments[i], run.assignments[subject * 10]));
    assert.deepEqual(run.hierarchy.merges.map((m) => m.id), [3, 4]);
    assert.deepEqual(run.hierarchy.merges[1].topics, [0, 1, 2]);

    const unreduced = await modelTopics({ ...corpus, terms, assignments: labels, probabilities, random: seededRandom(1) }, DEFAULT_PARAMETERS);
    assert.equal(unreduced.topics.length, 6);
    assert.equal(unreduced.hierarchy.merges.length, 5);
  });
});
