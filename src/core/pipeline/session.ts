/**
 * What a long-lived process (the extension's update worker, a benchmark) keeps between runs over one corpus, so
 * that an incremental update does only the work of what changed: the loaded embedding model, every document's
 * word counts by content hash, and the last result with each of its documents' text, hash and embedding. Each
 * part is kept for the options it was made with; other options replace it. Without a session every run loads,
 * reads and counts afresh.
 */
import type { SourceDocument } from '../documents/types';
import { createEmbedder } from '../embedding/createEmbedder';
import type { Embedder } from '../embedding/embedder';
import type { EmbedderRuntime, EmbeddingOptions } from '../embedding/options';
import type { Matrix } from '../matrix';
import type { PipelineParameters, TopicLensResult } from '../result';
import { wordEmbedderFor } from '../embedding/wordEmbedder';
import type { TermCounter } from '../topics/documentTerms';
import { topicTermCounter } from '../topics/model';
import type { WordEmbedder } from '../topics/topicWords';

/** The last result of a session and what made it: an update of that result reuses all of it but what changed. */
export interface KeptCorpus {
  readonly result: TopicLensResult;
  /** The result's documents as read, one per `result.documents` entry. */
  readonly documents: readonly SourceDocument[];
  readonly hashes: readonly string[];
  /** One row per document, the common component removed; all zero for documents set aside. */
  readonly embeddings: Matrix;
  /** `embeddingKey` of the options the embeddings were made with. */
  readonly embedding: string;
}

/** Embeddings of two runs can be mixed when this is the same (the cache folder only says where vectors are kept). */
export function embeddingKey(options: EmbeddingOptions): string {
  return JSON.stringify({ ...options, embeddingCacheDir: undefined });
}

export class PipelineSession {
  private model: { readonly key: string; readonly embedder: Promise<Embedder> } | undefined;
  private counter: { readonly key: string; readonly counter: TermCounter } | undefined;
  private corpus: KeptCorpus | undefined;
  private words: { readonly embedder: Embedder; readonly words: WordEmbedder | undefined } | undefined;

  /** The embedder for `options`, loaded once (per number of threads). */
  embedder(options: EmbeddingOptions, runtime: EmbedderRuntime = {}): Promise<Embedder> {
    // The cache folder is where vectors are kept, not part of the model.
    const key = JSON.stringify([embeddingKey(options), runtime.threads]);
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

  /** Remembers the result just made (a full run, an update) for the next update. */
  keep(corpus: KeptCorpus): void {
    this.corpus = corpus;
  }

  /** What was kept of `result`, if it is the last result this session made with these embedding options. */
  kept(result: TopicLensResult, embedding: EmbeddingOptions): KeptCorpus | undefined {
    const corpus = this.corpus;
    return corpus && corpus.result === result && corpus.embedding === embeddingKey(embedding) ? corpus : undefined;
  }

  /** The last result kept, whatever it was. */
  get lastResult(): TopicLensResult | undefined {
    return this.corpus?.result;
  }

  /** The last result kept with what made it, whatever its embedding options. */
  get lastCorpus(): KeptCorpus | undefined {
    return this.corpus;
  }

  async dispose(): Promise<void> {
    this.corpus = undefined;
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
