/** The one factory of embedders: a local model (bundled, Hugging Face, a folder, or fitted on the corpus) or an embedding server. */
import { BUNDLED_MODEL } from './bundledModel';
import { CORPUS_MODEL, CorpusEmbedder } from './corpusEmbedder';
import type { Embedder } from './embedder';
import { HYBRID_MODEL, HybridEmbedder } from './hybridEmbedder';
import { createHttpEmbedder } from './httpEmbedder';
import type { EmbedderRuntime, EmbeddingOptions } from './options';
import { createTransformersEmbedder } from './transformersEmbedder';

export function createEmbedder(options: EmbeddingOptions, runtime: EmbedderRuntime = {}): Promise<Embedder> {
  if (options.backend === 'server') return createHttpEmbedder(options, runtime);
  if (options.model === CORPUS_MODEL) return Promise.resolve(new CorpusEmbedder(runtime.threads));
  if (options.model === HYBRID_MODEL)
    return createTransformersEmbedder({ ...options, model: BUNDLED_MODEL }, runtime).then((words) => new HybridEmbedder(words));
  return createTransformersEmbedder(options, runtime);
}
