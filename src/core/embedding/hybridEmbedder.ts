/**
 * The "bundled+corpus" model choice: the bundled GloVe-SIF vectors (which know general English) beside the
 * corpus-fitted TF-IDF-SVD vectors (which know the tree's own terms). Each part is made unit length first, the
 * GloVe part after SIF's common component of this corpus is removed (left in, it makes every document look alike
 * and the two halves unequal), so the cosine of two documents is the mean of the two parts' cosines.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunControl } from '../control';
import type { Matrix } from '../matrix';
import { firstSingularVector, removeComponent } from './commonComponent';
import { CorpusEmbedder, type CorpusFittedEmbedder } from './corpusEmbedder';
import { zeroRows, type Embedder, type EmbedderCapabilities } from './embedder';
import { writeCache } from './embeddingCache';

export const HYBRID_MODEL = 'bundled+corpus';
const ID_PREFIX = 'hybrid@';

function componentDigest(component: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(component.buffer, component.byteOffset, component.byteLength))
    .digest('hex')
    .slice(0, 16);
}

export class HybridEmbedder implements CorpusFittedEmbedder {
  readonly fitsCorpus = true;
  // Not SIF-weighted as a whole: the hybrid removes its GloVe part's common component itself.
  readonly capabilities: EmbedderCapabilities = { sifWeighted: false, embedsWords: false };
  private readonly corpus = new CorpusEmbedder();
  private component: Float32Array | undefined;

  constructor(private readonly words: Embedder) {}

  get modelId(): string {
    if (!this.component) throw new Error('The hybrid model is used before it was fitted.');
    return `${ID_PREFIX}${this.words.modelId}|${componentDigest(this.component)}|${this.corpus.modelId}`;
  }

  get dimension(): number {
    return this.words.dimension + this.corpus.dimension;
  }

  async fit(texts: readonly string[], control: RunControl = {}): Promise<void> {
    const words = await this.words.embed(texts, control);
    const zero = new Set(zeroRows(words));
    const kept = Array.from({ length: words.rows }, (_, i) => i).filter((i) => !zero.has(i));
    const rows = new Float32Array(kept.length * words.cols);
    kept.forEach((r, i) => rows.set(words.data.subarray(r * words.cols, (r + 1) * words.cols), i * words.cols));
    this.component = kept.length > 1 ? firstSingularVector({ rows: kept.length, cols: words.cols, data: rows }) : new Float32Array(words.cols);
    await this.corpus.fit(texts, control);
  }

  async restore(modelId: string, folder: string | undefined): Promise<boolean> {
    if (this.component && this.modelId === modelId) return true;
    const parts = modelId.startsWith(ID_PREFIX) ? modelId.slice(ID_PREFIX.length).split('|') : [];
    if (parts.length !== 3 || parts[0] !== this.words.modelId || folder === undefined) return false;
    try {
      const bytes = new Uint8Array(await readFile(path.join(folder, `${parts[1]}.component`)));
      const component = new Float32Array(bytes.buffer.slice(0));
      if (component.length !== this.words.dimension || componentDigest(component) !== parts[1]) return false;
      if (!(await this.corpus.restore(parts[2], folder))) return false;
      this.component = component;
      return true;
    } catch {
      return false;
    }
  }

  async store(folder: string): Promise<void> {
    await this.corpus.store(folder);
    const component = this.component!;
    await writeCache(
      path.join(folder, `${componentDigest(component)}.component`),
      new Uint8Array(component.buffer, component.byteOffset, component.byteLength),
    );
  }

  async embed(texts: readonly string[], control?: RunControl): Promise<Matrix<Float32Array>> {
    if (!this.component) throw new Error('The hybrid model is used before it was fitted.');
    const words = await this.words.embed(texts, control);
    removeComponent(words, this.component);
    const terms = await this.corpus.embed(texts, control);
    const dimension = words.cols + terms.cols;
    const out = new Float32Array(texts.length * dimension);
    for (let r = 0; r < texts.length; r++) {
      const a = words.data.subarray(r * words.cols, (r + 1) * words.cols);
      const b = terms.data.subarray(r * terms.cols, (r + 1) * terms.cols);
      // Each part is unit length or zero: the row is unit length when both are there, and either part alone otherwise.
      const parts = (a.some((x) => x !== 0) ? 1 : 0) + (b.some((x) => x !== 0) ? 1 : 0);
      if (parts === 0) continue;
      const scale = 1 / Math.sqrt(parts);
      for (let c = 0; c < a.length; c++) out[r * dimension + c] = a[c] * scale;
      for (let c = 0; c < b.length; c++) out[r * dimension + a.length + c] = b[c] * scale;
    }
    return { rows: texts.length, cols: dimension, data: out };
  }

  async dispose(): Promise<void> {
    this.component = undefined;
    await this.corpus.dispose();
    await this.words.dispose();
  }
}
