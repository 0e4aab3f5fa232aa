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
});
