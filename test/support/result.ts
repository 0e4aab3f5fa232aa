/** A result around the given documents and topics, with a fixed envelope (source, model, default parameters). */
import { DEFAULT_PARAMETERS, RESULT_VERSION, type DocumentResult, type TopicInfo, type TopicLensResult } from '../../src/core/result';

export function resultOf(documents: DocumentResult[], topics: TopicInfo[]): TopicLensResult {
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
  };
}
