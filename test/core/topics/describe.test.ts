import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { countDocumentTerms } from '../../../src/core/topics/documentTerms';
import { describeCountedTopics, describeTopics, topicInfos } from '../../../src/core/topics/describe';
import { EMPTY_TOPIC_WORD } from '../../../src/core/topics/topWords';
import { PLAIN_REPRESENTATION, subjectCorpus } from './topicCorpus';

describe('describeTopics', () => {
  it('keeps BERTopic’s empty word slots, names each topic after its first four words and drops the slots in the rows', async () => {
    const texts = ['the galaxy and the orbit', 'orbit of a galaxy', 'and the of', 'it is'];
    const description = await describeTopics({ texts, assignments: Int32Array.from([0, 0, 1, -1]), random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const [outliers, space, stop] = description.topics;
    assert.deepEqual([outliers.id, space.id, stop.id], [-1, 0, 1]);
    assert.equal(space.words.length, 10);
    assert.deepEqual(
      space.words
        .slice(0, 2)
        .map((w) => w.word)
        .sort(),
      ['galaxy', 'orbit'],
    );
    assert.deepEqual(space.words.slice(2), new Array(8).fill(EMPTY_TOPIC_WORD));
    assert.deepEqual(space.candidates, space.words.slice(0, 2));
    assert.equal(description.topicEmbeddings, null);

    const infos = await topicInfos(description);
    assert.equal(infos[1].name, `0_${space.words[0].word}_${space.words[1].word}`);
    assert.equal(infos[2].name, '1', 'a topic of stop words has no words');
    assert.deepEqual(infos[1].words, space.words.slice(0, 2), 'empty slots dropped');
    assert.deepEqual(
      infos.map((t) => t.count),
      [1, 2, 1],
    );
    assert.deepEqual([...infos[1].representativeDocs].sort(), [0, 1]);
    assert.deepEqual(infos[1].embedding, []);
  });

  it('leaves documents below -1 out of every topic and of the vocabulary', async () => {
    const corpus = subjectCorpus([5, 4, 3]);
    const texts = [...corpus.texts, 'unembeddable zebra'];
    const assignments = Int32Array.from([...corpus.assignments, -2]);
    const description = await describeTopics({ texts, assignments, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    assert.ok(!description.ctfidf.vocabulary.includes('zebra'));
    assert.deepEqual(
      description.topics.map((t) => t.size),
      [5, 4, 3],
    );

    const without = await describeTopics({ texts: corpus.texts, assignments: corpus.assignments, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    assert.deepEqual(description.topics, without.topics);
    assert.deepEqual(description.ctfidf.vocabulary, without.ctfidf.vocabulary);
  });

  it('counts "emptydoc" for a topic whose only document cleans to nothing, in vocabulary order', async () => {
    const texts = ['emptydoc emptydocs', 'data dynamo', '?!', '', '', '...'];
    const assignments = Int32Array.from([0, 0, 1, -1, 2, 2]);
    const description = await describeTopics({ texts, assignments, random: seededRandom(1) }, { ...PLAIN_REPRESENTATION, stopWords: false });
    const { ctfidf } = description;
    assert.deepEqual(ctfidf.vocabulary, ['data', 'dynamo', 'emptydoc', 'emptydocs']);
    // Topics -1 and 1 hold one document each that cleans to "": "emptydoc". Topic 2's joined text is " ": no tokens.
    assert.deepEqual(Array.from(ctfidf.tokenTotals), [1, 4, 1, 0]);
    assert.deepEqual(Array.from(ctfidf.counts.values.subarray(ctfidf.counts.rowStart[0], ctfidf.counts.rowStart[1])), [1]);
    assert.equal(description.topics[2].words[0].word, 'emptydoc');
  });

  it('gives topic embeddings when document embeddings are given', async () => {
    const corpus = subjectCorpus([5, 4, 3]);
    const description = await describeTopics({ ...corpus, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const infos = await topicInfos(description);
    for (const info of infos) {
      assert.equal(info.embedding.length, 3);
      assert.ok(Math.abs(Math.hypot(...info.embedding) - 1) < 1e-6);
      assert.equal(info.embedding.indexOf(Math.max(...info.embedding)), info.id, 'the topic’s own axis dominates');
    }
  });

  it('describes no topics for no documents', async () => {
    const description = await describeTopics({ texts: [], assignments: new Int32Array(0), random: seededRandom(1) }, PLAIN_REPRESENTATION);
    assert.deepEqual(await topicInfos(description), []);
  });

  it('refuses counts made with other tokenizer options', async () => {
    const terms = await countDocumentTerms(['a text'], { cleanText: true, stopWords: false });
    assert.throws(() => describeCountedTopics({ terms, assignments: Int32Array.from([0]), random: seededRandom(1) }, PLAIN_REPRESENTATION));
  });
});
