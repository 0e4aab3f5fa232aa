/**
 * What a long-lived process (the extension's update worker, a benchmark) keeps between runs over one corpus, so
 * that an incremental update does only the work of what changed: the loaded embedding model, and every
 * document's word counts by content hash. Each part is kept for the options it was made with; other options
 * replace it. Without a session every run loads and counts afresh.
 */
import { createEmbedder } from '../embedding/createEmbedder';
import type { Embedder } from '../embedding/embedder';
import type { EmbedderRuntime, EmbeddingOptions } from '../embedding/options';
import type { PipelineParameters } from '../result';
import { wordEmbedderFor } from '../embedding/wordEmbedder';
import type { TermCounter } from '../topics/documentTerms';
import { topicTermCounter } from '../topics/model';
import type { WordEmbedder } from '../topics/topicWords';

export class PipelineSession {
  private model: { readonly key: string; readonly embedder: Promise<Embedder> } | undefined;
  private counter: { readonly key: string; readonly counter: TermCounter } | undefined;
  private words: { readonly embedder: Embedder; readonly words: WordEmbedder | undefined } | undefined;

  /** The embedder for `options`, loaded once (per number of threads). */
  embedder(options: EmbeddingOptions, runtime: EmbedderRuntime = {}): Promise<Embedder> {
    // The cache folder is where vectors are kept, not part of the model.
    const key = JSON.stringify({ ...options, embeddingCacheDir: undefined, threads: runtime.threads });
    if (this.model?.key !== key) {
      void this.releaseModel();
      const embedder = createEmbedder(options, runtime);
      const entry = { key, embedder };
      this.model = entry;
      // A model that failed to load (or whose loading was cancelled) is tried again next time.
      embedder.catch(() => {
        if (this.model === entry) this.model = undefined;
      });
    }
    return this.model.embedder;
  }

  /** Topic words embedded with the model of `options` (remembered across updates), or none when it cannot embed words. */
  async wordEmbedder(options: EmbeddingOptions, runtime: EmbedderRuntime = {}): Promise<WordEmbedder | undefined> {
    const embedder = await this.embedder(options, runtime);
    if (this.words?.embedder !== embedder) this.words = { embedder, words: wordEmbedderFor(embedder) };
    return this.words.words;
  }

  /** The term counter for the topic-word settings of `parameters`, remembering what it counted last. */
  termCounter(parameters: PipelineParameters): TermCounter {
    const key = JSON.stringify([parameters.cleanText, parameters.stopWords, parameters.stripMarkup, parameters.bigrams === true]);
    if (this.counter?.key !== key) this.counter = { key, counter: topicTermCounter(parameters) };
    return this.counter.counter;
  }

  async dispose(): Promise<void> {
    this.counter = undefined;
    this.words = undefined;
    await this.releaseModel();
  }

  private async releaseModel(): Promise<void> {
    const model = this.model;
    this.model = undefined;
    if (model)
      await model.embedder.then(
        (embedder) => embedder.dispose(),
        () => undefined,
      );
  }
}
