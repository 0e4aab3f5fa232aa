/** Small hand-made results for tests of what reads them (reports, labels, the saved result's checks). */
import { createHash } from 'node:crypto';
import { BUNDLED_MODEL } from '../../src/core/embedding/bundledModel';
import type { TopicGroup } from '../../src/core/hierarchy/granularity';
import {
  DEFAULT_PARAMETERS,
  OUTLIER_TOPIC,
  RESULT_VERSION,
  SET_ASIDE_TOPIC,
  type DocumentResult,
  type TopicInfo,
  type TopicLensResult,
} from '../../src/core/result';

/** A document of a hand-made result: `path`, assigned to `topic`, the rest plain. */
export function testDocument(path: string, topic: number, more: Partial<DocumentResult> = {}): DocumentResult {
  return { path, heading: null, startLine: 1, endLine: 1, topic, probability: 1, x: 0, y: 0, snippet: '', hash: path, ...more };
}

/** A topic of a hand-made result: `id` with `count` documents, no words. */
export function testTopic(id: number, count: number, more: Partial<TopicInfo> = {}): TopicInfo {
  return { id, count, name: `${id}_x`, words: [], representativeDocs: [], embedding: [], ...more };
}

/** A result of these documents and topics; the rest (source, model, parameters…) plain, or as `more` says. */
export function testResult(documents: DocumentResult[], topics: TopicInfo[], more: Partial<TopicLensResult> = {}): TopicLensResult {
  return {
    version: RESULT_VERSION,
    createdAt: '',
    source: 'file:///ws',
    model: { id: 'test', dimension: 1 },
    parameters: DEFAULT_PARAMETERS,
    documents,
    topics,
    skipped: [],
    timings: [],
    ...more,
  };
}

/**
 * Two topics of three documents, two outliers, one unembeddable document, a skipped file, an incremental-update
 * note: every part a result can have, as it comes back from JSON. `path(i)` names document i.
 */
export function sampleResult(path = (i: number) => `docs/note-${i}.md`): TopicLensResult {
  const topics = [0, 0, 0, 1, 1, 1, OUTLIER_TOPIC, OUTLIER_TOPIC, SET_ASIDE_TOPIC];
  const documents = topics.map((topic, i) =>
    testDocument(path(i), topic, {
      heading: i % 2 ? `Section ${i}` : null,
      startLine: 1 + i,
      endLine: 3 + i,
      probability: topic >= 0 ? 0.9 : 0,
      x: i / 10,
      y: -i / 10,
      snippet: `Text of note ${i}.`,
      hash: createHash('sha256').update(String(i)).digest('hex'),
      ...(topic === SET_ASIDE_TOPIC ? { unembeddableReason: 'It holds no words the model knows.' } : {}),
    }),
  );
  const result = testResult(
    documents,
    [
      testTopic(OUTLIER_TOPIC, 2, { name: '-1_outliers' }),
      testTopic(0, 3, { name: '0_a_b', words: [{ word: 'a', score: 0.5 }], representativeDocs: [2, 0], embedding: [1, 0, 0] }),
      testTopic(1, 3, { name: '1_c_d', words: [{ word: 'c', score: 0.4 }], representativeDocs: [5, 4], embedding: [0, 1, 0] }),
    ],
    {
      createdAt: '2025-01-01T00:00:00.000Z',
      source: 'file:///work/docs',
      model: { id: BUNDLED_MODEL, dimension: 3 },
      skipped: [{ path: 'big.md', reason: 'too-large', detail: 'The file is 2 MB, over the 1 MB limit.' }],
      timings: [{ stage: 'embed', seconds: 1.5 }],
      incremental: { updatedAt: '2025-01-02T00:00:00.000Z', added: 1, changed: 0, removed: 0, seconds: 0.4 },
      commonComponent: [0.6, 0.8, 0],
    },
  );
  return JSON.parse(JSON.stringify(result)) as TopicLensResult;
}

/**
 * Topics 0 `install`, 1 `setup` and 2 `api` (and the outliers) over documents `d0.md`, `d1.md`… of the given topics,
 * with groups as a granularity of the hierarchy gives them: group 3 holds topics 0 and 1, topic 2 stands alone.
 */
export function groupedResult(documentTopics: readonly number[]): { result: TopicLensResult; groups: TopicGroup[] } {
  const count = (id: number) => documentTopics.filter((t) => t === id).length;
  const result = testResult(
    documentTopics.map((topic, i) => testDocument(`d${i}.md`, topic)),
    [
      testTopic(OUTLIER_TOPIC, count(OUTLIER_TOPIC)),
      ...['install', 'setup', 'api'].map((word, id) => testTopic(id, count(id), { name: `${id}_${word}`, words: [{ word, score: 1 }] })),
    ],
  );
  const groups = [
    {
      id: 3,
      topics: [0, 1],
      words: [
        { word: 'install', score: 1 },
        { word: 'setup', score: 0.5 },
      ],
    },
    { id: 2, topics: [2], words: [] },
  ];
  return { result, groups };
}
