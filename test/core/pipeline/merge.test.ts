/**
 * Merging topics of a finished result (BERTopic's merge_topics): ids follow size afterwards, every document moves
 * with its topic, and each topic's embedding is the size-weighted mean of the topics it holds. A hand-made result
 * over subject texts, so that the topic embeddings are known; no model is needed (words without MMR).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceDocument } from '../../../src/core/documents/types';
import { mergeTopics } from '../../../src/core/pipeline/merge';
import { seededRandom } from '../../../src/core/random';
import { OUTLIER_TOPIC, SET_ASIDE_TOPIC, type TopicLensResult } from '../../../src/core/result';
import { subjectText, type Subject } from '../../support/corpus';
import { testDocument, testResult, testTopic } from '../../support/results';

/** Topic of each document: 6 on cooking (0), 5 on astronomy (1), 4 on networking (2), 2 outliers, 1 set aside. */
const TOPICS = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, OUTLIER_TOPIC, OUTLIER_TOPIC, SET_ASIDE_TOPIC];
const SUBJECT_OF: Record<number, Subject> = { 0: 'cooking', 1: 'astronomy', 2: 'networking', [OUTLIER_TOPIC]: 'cooking', [SET_ASIDE_TOPIC]: 'cooking' };

function corpus(embeddings: Record<number, number[]>): { result: TopicLensResult; documents: SourceDocument[] } {
  const random = seededRandom(5);
  const documents = TOPICS.map((topic, i): SourceDocument => ({
    path: `d${i}.md`,
    heading: null,
    startLine: 1,
    endLine: 1,
    text: subjectText(SUBJECT_OF[topic], random, 40),
  }));
  const count = (id: number) => TOPICS.filter((t) => t === id).length;
  const result = testResult(
    documents.map((d, i) => testDocument(d.path, TOPICS[i], { snippet: d.text.slice(0, 60) })),
    [OUTLIER_TOPIC, 0, 1, 2].map((id) => testTopic(id, count(id), { embedding: embeddings[id] })),
  );
  return { result, documents };
}

const normalised = (v: number[]) => v.map((x) => x / Math.hypot(...v));

describe('mergeTopics (pipeline)', () => {
  const embeddings = { [OUTLIER_TOPIC]: [0, 0.6, 0.8], 0: [1, 0, 0], 1: [0, 1, 0], 2: normalised([0, 1, 1]) };

  it('renumbers by size: the merged topic of 5 + 4 documents becomes 0, the old 0 becomes 1; outliers and set-aside stay', async () => {
    const { result, documents } = corpus(embeddings);
    const merged = await mergeTopics(result, documents, [1, 2]);
    assert.deepEqual([...merged.newIds].sort(), [
      [0, 1],
      [1, 0],
      [2, 0],
    ]);
    const expected = TOPICS.map((t) => (t === 1 || t === 2 ? 0 : t === 0 ? 1 : t));
    assert.deepEqual(
      merged.result.documents.map((d) => d.topic),
      expected,
    );
    assert.deepEqual(
      merged.result.topics.map((t) => [t.id, t.count]),
      [
        [OUTLIER_TOPIC, 2],
        [0, 9],
        [1, 6],
      ],
    );
  });

  it('gives each topic the size-weighted mean of the embeddings of the topics it holds, normalised; the outliers keep theirs', async () => {
    const { result, documents } = corpus(embeddings);
    const merged = await mergeTopics(result, documents, [1, 2]);
    const embeddingOf = (id: number) => merged.result.topics.find((t) => t.id === id)!.embedding;
    const mean = normalised([0, 5 + 4 / Math.SQRT2, 4 / Math.SQRT2]);
    embeddingOf(0).forEach((v, j) => assert.ok(Math.abs(v - mean[j]) < 1e-12, `merged topic: ${embeddingOf(0).join(', ')}`));
    assert.deepEqual(embeddingOf(1), [1, 0, 0]);
    assert.deepEqual(embeddingOf(OUTLIER_TOPIC), [0, 0.6, 0.8]);
  });

  it('gives two opposite topics of one size a zero embedding, not NaN', async () => {
    const { result, documents } = corpus({ ...embeddings, 1: [0, 1, 0], 2: [0, -1, 0] });
    // Topics 1 and 2 differ in size (5, 4): make them equal for the sum to cancel.
    const even = { ...result, topics: result.topics.map((t) => (t.id === 2 ? { ...t, count: 5 } : t)) };
    const merged = await mergeTopics(even, documents, [1, 2]);
    assert.deepEqual(merged.result.topics.find((t) => t.id === 0)!.embedding, [0, 0, 0]);
  });
});
