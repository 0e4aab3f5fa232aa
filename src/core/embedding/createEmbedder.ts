/** Picks the embedding backend: a local model (bundled, Hugging Face, or a folder) or an embedding server. */
import type { RunControl } from '../control';
import type { Embedder } from './embedder';
import { createHttpEmbedder, type HttpEmbedderOptions } from './httpEmbedder';
import { createTransformersEmbedder, type TransformersEmbedderOptions } from './transformersEmbedder';

export type EmbedderOptions =
  | ({ readonly backend: 'local' } & TransformersEmbedderOptions)
  | ({ readonly backend: 'openai' } & HttpEmbedderOptions);

/** `control` lets the caller abort connecting to a server (its first request may be retried for a while). */
export function createEmbedder(options: EmbedderOptions, control: RunControl = {}): Promise<Embedder> {
  return options.backend === 'openai' ? createHttpEmbedder(options, control) : createTransformersEmbedder(options);
}
