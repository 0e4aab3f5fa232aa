/** Picks the embedding backend: a local model (bundled, Hugging Face, or a folder) or an embedding server. */
import type { RunControl } from '../control';
import { CORPUS_MODEL, CorpusEmbedder } from './corpusEmbedder';
import type { Embedder } from './embedder';
import { HYBRID_MODEL, HybridEmbedder } from './hybridEmbedder';
import { createHttpEmbedder, type HttpEmbedderOptions } from './httpEmbedder';
import { createTransformersEmbedder, type TransformersEmbedderOptions } from './transformersEmbedder';

export type EmbedderOptions =
  | ({ readonly backend: 'local' } & TransformersEmbedderOptions)
  | ({ readonly backend: 'openai' } & HttpEmbedderOptions);

/** `control` lets the caller abort connecting to a server (its first request may be retried for a while). */
export function createEmbedder(options: EmbedderOptions, control: RunControl = {}): Promise<Embedder> {
  if (options.backend === 'openai') return createHttpEmbedder(options, control);
  if (options.model === CORPUS_MODEL) return Promise.resolve(new CorpusEmbedder());
  if (options.model === HYBRID_MODEL) return createTransformersEmbedder({ ...options, model: 'bundled' }).then((words) => new HybridEmbedder(words));
  return createTransformersEmbedder(options);
}
