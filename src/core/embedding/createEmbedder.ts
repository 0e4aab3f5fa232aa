/** The one factory of embedders: a local model (bundled, Hugging Face, or a folder) or an embedding server. */
import type { Embedder } from './embedder';
import { createHttpEmbedder } from './httpEmbedder';
import type { EmbedderRuntime, EmbeddingOptions } from './options';
import { createTransformersEmbedder } from './transformersEmbedder';

export function createEmbedder(options: EmbeddingOptions, runtime: EmbedderRuntime = {}): Promise<Embedder> {
  return options.backend === 'server' ? createHttpEmbedder(options, runtime) : createTransformersEmbedder(options, runtime);
}
