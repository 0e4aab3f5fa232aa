/** Small hand-made results for tests of what reads them (reports, labels). */
import { DEFAULT_PARAMETERS, RESULT_VERSION, type DocumentResult, type TopicInfo, type TopicLensResult } from '../../src/core/result';

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
