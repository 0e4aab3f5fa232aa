import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { DEFAULT_PARAMETERS } from '../../../src/core/result';
import { fitClassTfidf } from '../../../src/core/topics/classTfidf';
import { countDocumentTerms } from '../../../src/core/topics/documentTerms';
import { modelTopics, representationOptions, topicTermCounter } from '../../../src/core/topics/model';
import type { SparseMatrix } from '../../../src/core/topics/sparse';
import { stripMarkup } from '../../../src/core/topics/stripMarkup';
import { PARAGRAPH_BREAK } from '../../../src/core/topics/tokenize';
import { groupByTopic } from '../../../src/core/topics/topicGroups';
import { LOCAL_CASES, loadLocalCase, loadSharedCase, SHARED_CASES, SHARED_MISSING, type CtfidfFixture } from './ctfidfFixtures';
import { subjectCorpus } from './topicCorpus';

describe('modelTopics', () => {
  it('numbers the clusters by size and describes them', async () => {
    const corpus = subjectCorpus([3, 6, 4]); // cluster labels 0, 1, 2 with sizes 3, 6, 4
    const probabilities = new Float64Array(corpus.texts.length).fill(0.9);
    const terms = await countDocumentTerms(corpus.texts, representationOptions(DEFAULT_PARAMETERS));
    const run = await modelTopics({ ...corpus, terms, probabilities, random: seededRandom(1) }, DEFAULT_PARAMETERS);
    assert.deepEqual(
      Array.from(run.assignments),
      Array.from(corpus.assignments, (t) => [2, 0, 1][t]),
    );
    assert.deepEqual(
      run.topics.map((t) => [t.id, t.count]),
      [
        [0, 6],
        [1, 4],
        [2, 3],
      ],
    );
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
    assert.ok(
      run.assignments.every((t) => t >= 0),
      'every outlier found a topic',
    );
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
    assert.deepEqual(
      run.topics.map((t) => t.count),
      [10, 10, 10],
    );
    corpus.assignments.forEach((subject, i) => assert.equal(run.assignments[i], run.assignments[subject * 10]));
    assert.deepEqual(
      run.hierarchy.merges.map((m) => m.id),
      [3, 4],
    );
    assert.deepEqual(run.hierarchy.merges[1].topics, [0, 1, 2]);

    const unreduced = await modelTopics(
      { ...corpus, terms, assignments: labels, probabilities, random: seededRandom(1) },
      { ...DEFAULT_PARAMETERS, mergeSimilarity: null },
    );
    assert.equal(unreduced.topics.length, 6);
    assert.equal(unreduced.hierarchy.merges.length, 5);
    // By default, without nrTopics, topics as alike as these pairs (one subject each) become one.
    const merged = await modelTopics({ ...corpus, terms, assignments: labels, probabilities, random: seededRandom(1) }, DEFAULT_PARAMETERS);
    assert.deepEqual(
      merged.topics.map((t) => t.count),
      [10, 10, 10],
    );
  });

  it('places outliers near a topic as weakly placed by default, without changing the topic words', async () => {
    const corpus = subjectCorpus([6, 5, 4]);
    const labels = Int32Array.from(corpus.assignments, (t, i) => (i % 3 === 0 ? -1 : t));
    const probabilities = Float64Array.from(labels, (t) => (t < 0 ? 0 : 1));
    const terms = await countDocumentTerms(corpus.texts, representationOptions(DEFAULT_PARAMETERS));
    const placed = await modelTopics({ ...corpus, terms, assignments: labels, probabilities, random: seededRandom(1) }, DEFAULT_PARAMETERS);
    const kept = await modelTopics(
      { ...corpus, terms, assignments: labels, probabilities, random: seededRandom(1) },
      { ...DEFAULT_PARAMETERS, outlierPlacement: null },
    );
    const moved = labels.map((label, i) => (label < 0 && placed.assignments[i] >= 0 ? 1 : 0));
    assert.ok(
      moved.some((m) => m === 1),
      'some outlier was placed',
    );
    assert.deepEqual(Array.from(placed.weak), Array.from(moved), 'exactly the placed outliers are weak');
    assert.ok(kept.weak.every((w) => w === 0));
    assert.deepEqual(
      placed.topics.map((t) => t.words),
      kept.topics.map((t) => t.words),
    );
    assert.equal(
      placed.topics.reduce((sum, t) => sum + t.count, 0),
      labels.length,
    );
  });
});

/**
 * The words the shipped default counts (no BERTopic cleaning, markup stripped, stop words dropped, bigrams beside
 * the words, words led by a digit left out) against BERTopic's own counts (CountVectorizer(stop_words="english")
 * on cleaned text) in the golden fixtures, for the topics where the two ways must agree: every document ASCII,
 * without "_", markup or a character that cleaning deletes between two letters or digits (BERTopic joins
 * "e-mail" into "email", the default splits it), and a topic text that cleaning does not empty ("emptydoc").
 * The default's single words are then BERTopic's words less those that start with a digit.
 */
describe('the default word counts agree with BERTopic where its cleaning changes nothing', () => {
  const flat = (text: string) => text.replaceAll(PARAGRAPH_BREAK, ' ').replace(/\s+/g, ' ');
  const agrees = (text: string) =>
    /^[\x00-\x7f]*$/.test(text) && !text.includes('_') && !/[A-Za-z0-9][^A-Za-z0-9 \n\t]+[A-Za-z0-9]/.test(text) && flat(stripMarkup(text)) === flat(text);
  const isNumber = (word: string) => /^[0-9]/.test(word);

  function checkCase(fixture: CtfidfFixture): void {
    it(`${fixture.case}: the same words and counts per topic`, async () => {
      const terms = await topicTermCounter(DEFAULT_PARAMETERS).count(fixture.documents);
      const model = fitClassTfidf(terms, groupByTopic(Int32Array.from(fixture.topics)), { bm25Weighting: false, reduceFrequentWords: false });
      const reference = fixture.vectorizers.english;
      const comparable = fixture.topic_ids.flatMap((id, row) => {
        const members = fixture.documents.filter((_, i) => fixture.topics[i] === id);
        return members.every(agrees) && /[A-Za-z0-9 \n\t]/.test(members.join(' ')) ? [row] : [];
      });
      assert.ok(comparable.length > 0, 'no topic to compare');
      for (const row of comparable) {
        const label = `${fixture.case} topic ${fixture.topic_ids[row]}`;
        const ours = new Map([...wordCounts(model.vocabulary, model.counts, row)].filter(([term]) => !term.includes(' ')));
        for (const word of ours.keys())
          assert.ok(reference.vocabulary.includes(word) && !isNumber(word), `${label}: "${word}" is not a word of BERTopic's vocabulary`);
        // Without per-word counts in the fixture: never more tokens than BERTopic (numbers are left out).
        assert.ok([...ours.values()].reduce((a, b) => a + b, 0) <= reference.class_token_totals[row], `${label}: tokens`);
        if (reference.counts) {
          const theirs = new Map(
            reference.vocabulary.map((word, c) => [word, reference.counts![row][c]] as const).filter(([word, n]) => n > 0 && !isNumber(word)),
          );
          assert.deepEqual(ours, theirs, label);
        }
      }
    });
  }

  for (const name of LOCAL_CASES) checkCase(loadLocalCase(name));
  for (const name of SHARED_CASES) {
    const fixture = loadSharedCase(name);
    if (fixture) checkCase(fixture);
    else it(name, (t) => t.skip(SHARED_MISSING));
  }
});

/** A topic's non-zero counts by word. */
function wordCounts(vocabulary: readonly string[], counts: SparseMatrix, row: number): Map<string, number> {
  const words = new Map<string, number>();
  for (let k = counts.rowStart[row]; k < counts.rowStart[row + 1]; k++) if (counts.values[k] > 0) words.set(vocabulary[counts.columns[k]], counts.values[k]);
  return words;
}
