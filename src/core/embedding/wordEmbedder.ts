/**
 * Topic words embedded with the document model, for MaximalMarginalRelevance. Topic words recur on every update
 * and merge, so each text is embedded once and kept (up to a bound) for the embedder's life.
 */
import { matrix, type Matrix } from '../matrix';
import type { WordEmbedder } from '../topics/topicWords';
import { removeComponent } from './commonComponent';
import type { Embedder } from './embedder';

/** Texts kept at most; beyond, the memory is dropped and refilled (topic words are a few thousand). */
const MAX_KEPT = 50_000;

export class CachedWordEmbedder implements WordEmbedder {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly embedder: Embedder) {}

  async embed(texts: readonly string[]): Promise<Matrix> {
    let missing = [...new Set(texts.filter((text) => !this.vectors.has(text)))];
    if (this.vectors.size + missing.length > MAX_KEPT) {
      this.vectors.clear();
      missing = [...new Set(texts)];
    }
    if (missing.length > 0) {
      const embedded = await this.embedder.embed(missing);
      missing.forEach((text, i) => this.vectors.set(text, embedded.data.slice(i * embedded.cols, (i + 1) * embedded.cols)));
    }
    const out = matrix(texts.length, this.embedder.dimension);
    texts.forEach((text, i) => out.data.set(this.vectors.get(text)!, i * out.cols));
    return out;
  }
}

/** A word embedder for `embedder`, or none when its model cannot embed single words. */
export function wordEmbedderFor(embedder: Embedder): WordEmbedder | undefined {
  return embedder.capabilities.embedsWords ? new CachedWordEmbedder(embedder) : undefined;
}

/**
 * Words in the space the documents were clustered in: with the corpus's common component removed, as from the
 * documents (SIF's second step). Without it, the frequent words of a static model ("use", "does", "just") lie
 * close to every topic and MMR prefers them to the words that tell topics apart.
 */
export function withoutComponent(words: WordEmbedder, component: Float32Array): WordEmbedder {
  return {
    async embed(texts) {
      const embedded = await words.embed(texts);
      const projected = { ...embedded, data: embedded.data.slice() };
      removeComponent(projected, component);
      return projected;
    },
  };
}
