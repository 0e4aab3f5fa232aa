import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import { documentVector } from '../../../src/core/topics/classTfidf';
import { describeTopics, type TopicDescription } from '../../../src/core/topics/describe';
import { reduceOutliers } from '../../../src/core/topics/outliers';
import { joinedText, PLAIN_REPRESENTATION, subjectCorpus } from './topicCorpus';

/** Three topics (sizes 10, 8, 6) and five outliers: a copy of topic 1's text, unknown words, and three subject texts. */
async function setUp(): Promise<{ description: TopicDescription; embeddings: Matrix; texts: string[]; assignments: Int32Array }> {
  const corpus = subjectCorpus([10, 8, 6]);
  const extra = subjectCorpus([1, 1, 1], 11);
  const texts = [...corpus.texts, joinedText(corpus, 1), 'zzzz qqqq', ...extra.texts];
  const assignments = Int32Array.from([...corpus.assignments, -1, -1, -1, -1, -1]);
  const data = new Float32Array(texts.length * 3);
  data.set(corpus.embeddings.data);
  data.set([0.1, 0.9, 0.1, 0, 0, 0], corpus.embeddings.data.length); // the copy leans to topic 1; the unknown text is unembeddable
  data.set(extra.embeddings.data, corpus.embeddings.data.length + 6);
  const embeddings = { rows: texts.length, cols: 3, data };
  const description = await describeTopics({ texts, assignments, embeddings, random: seededRandom(1) }, PLAIN_REPRESENTATION);
  return { description, embeddings, texts, assignments };
}

const copyDoc = 24;
const unknownDoc = 25;

describe('reduceOutliers', () => {
  it('leaves a clustering without outliers as it is, with either strategy', async () => {
    const corpus = subjectCorpus([10, 8, 6]);
    const description = await describeTopics({ ...corpus, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const probabilities = new Float64Array(corpus.assignments.length).fill(0.5);
    for (const strategy of ['c-tf-idf', 'embeddings'] as const) {
      const reduced = reduceOutliers({ description, probabilities, embeddings: corpus.embeddings, random: seededRandom(2) }, { strategy, threshold: 0 });
      assert.deepEqual([...reduced.assignments], [...corpus.assignments], strategy);
    }
  });

  it('"c-tf-idf" gives each outlier its most similar topic and describes the topics again', async () => {
    const { description, embeddings, assignments } = await setUp();
    const probabilities = new Float64Array(assignments.length).fill(0.5);
    const reduced = reduceOutliers({ description, probabilities, embeddings, random: seededRandom(2) }, { strategy: 'c-tf-idf', threshold: 0 });

    assert.equal(reduced.assignments[copyDoc], 1);
    assert.ok(Math.abs(reduced.probabilities[copyDoc] - 1) < 1e-9, 'a copy of the topic text has similarity 1');
    assert.equal(reduced.assignments[unknownDoc], -1, 'no shared word: stays an outlier');
    assert.equal(reduced.probabilities[unknownDoc], 0.5);
    for (let d = 0; d < 24; d++) assert.equal(reduced.assignments[d], assignments[d], 'topic members keep their topic');
    assert.equal(reduced.reassigned, 4);

    // The most similar topic, computed densely from the fitted model.
    const { ctfidf, terms } = description;
    const columns = new Int32Array(10_000);
    const values = new Float64Array(10_000);
    for (const doc of [24, 26, 27, 28]) {
      const length = documentVector(ctfidf, terms, doc, columns, values);
      const cosines = [1, 2, 3].map((r) => {
        const topicRow = new Float64Array(ctfidf.vocabulary.length);
        for (let k = ctfidf.weights.rowStart[r]; k < ctfidf.weights.rowStart[r + 1]; k++) topicRow[ctfidf.weights.columns[k]] = ctfidf.weights.values[k];
        let dot = 0;
        let docSquares = 0;
        for (let k = 0; k < length; k++) {
          dot += values[k] * topicRow[columns[k]];
          docSquares += values[k] ** 2;
        }
        return dot / Math.sqrt(docSquares) / Math.hypot(...topicRow);
      });
      const best = cosines.indexOf(Math.max(...cosines));
      assert.equal(reduced.assignments[doc], best, `document ${doc}`);
      assert.ok(Math.abs(reduced.probabilities[doc] - cosines[best]) < 1e-9);
    }

    const updated = reduced.description;
    assert.deepEqual(Array.from(updated.assignments), Array.from(reduced.assignments));
    assert.deepEqual(
      updated.topics.map((t) => [t.id, t.size]),
      [-1, 0, 1, 2].map((id) => [id, reduced.assignments.filter((a) => a === id).length]),
      'ids kept, sizes updated',
    );
  });

  it('assigns nothing above a similarity of 1', async () => {
    const { description, embeddings, assignments } = await setUp();
    for (const strategy of ['c-tf-idf', 'embeddings'] as const) {
      const probabilities = new Float64Array(assignments.length);
      const reduced = reduceOutliers({ description, probabilities, embeddings, random: seededRandom(2) }, { strategy, threshold: 1.01 });
      assert.deepEqual(Array.from(reduced.assignments), Array.from(assignments), strategy);
      assert.equal(reduced.reassigned, 0);
    }
  });

  it('"embeddings" uses the cosine to the topic embeddings', async () => {
    const { description, embeddings } = await setUp();
    const probabilities = new Float64Array(embeddings.rows);
    const reduced = reduceOutliers({ description, probabilities, embeddings, random: seededRandom(2) }, { strategy: 'embeddings', threshold: 0 });
    assert.equal(reduced.assignments[copyDoc], 1);
    assert.equal(reduced.assignments[unknownDoc], -1, 'a zero embedding has no similarity');
    assert.deepEqual(Array.from(reduced.assignments.subarray(26)), [0, 1, 2]);
    const topic1 = description.topicEmbeddings!.data.subarray(2 * 3, 3 * 3);
    const copy = embeddings.data.subarray(copyDoc * 3, copyDoc * 3 + 3);
    const cosine = (copy[0] * topic1[0] + copy[1] * topic1[1] + copy[2] * topic1[2]) / Math.hypot(...copy);
    assert.ok(Math.abs(reduced.probabilities[copyDoc] - cosine) < 1e-6);
  });

  it('needs document embeddings for "embeddings"', async () => {
    const { description, assignments } = await setUp();
    assert.throws(() =>
      reduceOutliers({ description, probabilities: new Float64Array(assignments.length), random: seededRandom(2) }, { strategy: 'embeddings', threshold: 0 }),
    );
  });
});
