import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { fitClassTfidf } from '../../../src/core/topics/classTfidf';
import { countDocumentTerms } from '../../../src/core/topics/documentTerms';
import { representativeDocuments, REPRESENTATIVE_SAMPLE_SIZE } from '../../../src/core/topics/representativeDocs';
import { groupByTopic } from '../../../src/core/topics/topicGroups';
import { joinedText, subjectCorpus } from './topicCorpus';

const OPTIONS = { cleanText: true, stopWords: true } as const;
const WEIGHTING = { bm25Weighting: false, reduceFrequentWords: false } as const;
const noRandom = () => assert.fail('small topics must not be sampled');

describe('representativeDocuments', () => {
  it("puts first the document whose words are the topic's", async () => {
    const corpus = subjectCorpus([12, 9, 7]);
    // A document holding the whole text of topic 1, inside topic 1: its counts are proportional to the topic's.
    const texts = [...corpus.texts, joinedText(corpus, 1)];
    const assignments = Int32Array.from([...corpus.assignments, 1]);
    const terms = await countDocumentTerms(texts, OPTIONS);
    const groups = groupByTopic(assignments);
    const model = fitClassTfidf(terms, groups, WEIGHTING);
    const representatives = representativeDocuments(model, terms, groups, 3, noRandom);

    assert.equal(representatives[1][0], texts.length - 1);
    representatives.forEach((docs, r) => {
      assert.equal(docs.length, 3);
      assert.equal(new Set(docs).size, 3);
      for (const doc of docs) assert.equal(assignments[doc], groups.topicIds[r]);
    });
  });

  it('returns every member of a topic smaller than the count, and nothing for a count of 0', async () => {
    const corpus = subjectCorpus([5, 2, 1]);
    const terms = await countDocumentTerms(corpus.texts, OPTIONS);
    const groups = groupByTopic(corpus.assignments);
    const model = fitClassTfidf(terms, groups, WEIGHTING);
    assert.deepEqual(
      representativeDocuments(model, terms, groups, 3, noRandom).map((docs) => docs.length),
      [3, 2, 1],
    );
    assert.deepEqual(
      representativeDocuments(model, terms, groups, 0, noRandom).map((docs) => docs.length),
      [0, 0, 0],
    );
  });

  it(`samples ${REPRESENTATIVE_SAMPLE_SIZE} members of larger topics with the injected generator`, async () => {
    const corpus = subjectCorpus([REPRESENTATIVE_SAMPLE_SIZE + 100, 3, 3]);
    const terms = await countDocumentTerms(corpus.texts, OPTIONS);
    const groups = groupByTopic(corpus.assignments);
    const model = fitClassTfidf(terms, groups, WEIGHTING);
    let draws = 0;
    const counting = seededRandom(9);
    const first = representativeDocuments(model, terms, groups, 3, () => (draws++, counting()));
    assert.equal(draws, REPRESENTATIVE_SAMPLE_SIZE);
    assert.deepEqual(representativeDocuments(model, terms, groups, 3, seededRandom(9)), first);
    for (const doc of first[0]) assert.equal(corpus.assignments[doc], 0);
  });
});
