/** A small, hand-made result as topics.json or the editor's saved result holds it. */
import { createHash } from 'node:crypto';
import { BUNDLED_MODEL } from '../../src/core/embedding/bundledModel';
import { DEFAULT_PARAMETERS, OUTLIER_TOPIC, RESULT_VERSION, SET_ASIDE_TOPIC, type DocumentResult, type TopicLensResult } from '../../src/core/result';

const DIMENSION = 3;

/**
 * Two topics of three documents, two outliers, one unembeddable document, a skipped file, an incremental-update
 * note: every part a result can have. `path(i)` names document i.
 */
export function sampleResult(path = (i: number) => `docs/note-${i}.md`): TopicLensResult {
  const topics = [0, 0, 0, 1, 1, 1, OUTLIER_TOPIC, OUTLIER_TOPIC, SET_ASIDE_TOPIC];
  const documents: DocumentResult[] = topics.map((topic, i) => ({
    path: path(i),
    heading: i % 2 ? `Section ${i}` : null,
    startLine: 1 + i,
    endLine: 3 + i,
    topic,
    probability: topic >= 0 ? 0.9 : 0,
    x: i / 10,
    y: -i / 10,
    snippet: `Text of note ${i}.`,
    hash: createHash('sha256').update(String(i)).digest('hex'),
    ...(topic === SET_ASIDE_TOPIC ? { unembeddableReason: 'It holds no words the model knows.' } : {}),
  }));
  // Through JSON, as a saved result comes back.
  return JSON.parse(
    JSON.stringify({
      version: RESULT_VERSION,
      createdAt: '2025-01-01T00:00:00.000Z',
      source: 'file:///work/docs',
      model: { id: BUNDLED_MODEL, dimension: DIMENSION },
      parameters: DEFAULT_PARAMETERS,
      documents,
      topics: [
        { id: OUTLIER_TOPIC, count: 2, name: '-1_outliers', words: [], representativeDocs: [], embedding: [] },
        { id: 0, count: 3, name: '0_a_b', words: [{ word: 'a', score: 0.5 }], representativeDocs: [2, 0], embedding: [1, 0, 0] },
        { id: 1, count: 3, name: '1_c_d', words: [{ word: 'c', score: 0.4 }], representativeDocs: [5, 4], embedding: [0, 1, 0] },
      ],
      skipped: [{ path: 'big.md', reason: 'too-large', detail: 'The file is 2 MB, over the 1 MB limit.' }],
      timings: [{ stage: 'embed', seconds: 1.5 }],
      incremental: { updatedAt: '2025-01-02T00:00:00.000Z', added: 1, changed: 0, removed: 0, seconds: 0.4 },
      commonComponent: [0.6, 0.8, 0],
    }),
  ) as TopicLensResult;
}
