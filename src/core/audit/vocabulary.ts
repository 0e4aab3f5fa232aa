/**
 * How much of their distinctive vocabulary two documents share: the words outside boilerplate, each weighted by
 * its rarity in the corpus (log of total words / occurrences), so that shared technical terms count and shared
 * common words barely do. Rewrites keep most of a text's rare words while their 5-word runs change.
 */
import type { CountSketch } from './countSketch';
import { appendWordHashes, shingleHashes, SHINGLE_WORDS, ValueTally } from './words';

/** A word's weight depends only on its (16-bit, saturating) count: one logarithm per possible count. */
const COUNT_LIMIT = 0x10000;

export class DistinctiveVocabulary {
  /** Weight of a word by its count. */
  private readonly weightOfCount = new Float64Array(COUNT_LIMIT);
  /**
   * The distinctive words (each once) of the documents compared so far, and their weights, pooled: document d's
   * at [start[d], start[d] + size[d]), start −1 until needed. They are read again from the text when first needed,
   * since only documents with a close embedding neighbour are ever compared (a fifth of 20 Newsgroups); pooled,
   * because an array per document cost more to allocate and collect than to fill.
   */
  private words = new Uint32Array(1 << 12);
  private weights = new Float64Array(1 << 12);
  private used = 0;
  private readonly start: Int32Array;
  private readonly size: Int32Array;
  /** Σ weight of each compared document's words. */
  private readonly totals: Float64Array;
  private scratch = new Uint32Array(1024);
  private readonly tally = new ValueTally();

  constructor(
    private readonly texts: readonly string[],
    /** Whether a document holds boilerplate at all (the others need no shingle check). */
    private readonly hasBoilerplate: Uint8Array,
    private readonly isBoilerplate: (shingle: number) => boolean,
    private readonly wordCounts: CountSketch,
    totalWords: number,
  ) {
    for (let count = 0; count < COUNT_LIMIT; count++) this.weightOfCount[count] = Math.log(totalWords / Math.max(1, count));
    this.start = new Int32Array(texts.length).fill(-1);
    this.size = new Int32Array(texts.length);
    this.totals = new Float64Array(texts.length);
  }

  /**
   * The overlap of a and b when it is at least `threshold`, else null. Two texts of very different weight cannot
   * share enough (the lighter one's weight is the most they share): those are told without comparing words.
   */
  overlapAtLeast(a: number, b: number, threshold: number): number | null {
    this.weigh(a);
    this.weigh(b);
    const lighter = Math.min(this.totals[a], this.totals[b]);
    const heavier = Math.max(this.totals[a], this.totals[b]);
    // The slack keeps rounding from turning away a pair exactly at the threshold.
    if (lighter < threshold * heavier * (1 - 1e-9)) return null;
    const overlap = this.overlap(a, b);
    return overlap >= threshold ? overlap : null;
  }

  /** Σ weight of the words both hold / Σ weight of the words either holds (0 … 1). */
  private overlap(a: number, b: number): number {
    const [entered, looked] = this.size[a] <= this.size[b] ? [a, b] : [b, a];
    this.tally.enter(this.words, this.start[entered], this.start[entered] + this.size[entered]);
    let shared = 0;
    for (let i = this.start[looked], to = i + this.size[looked]; i < to; i++) if (this.tally.has(this.words[i])) shared += this.weights[i];
    const union = this.totals[a] + this.totals[b] - shared;
    return union > 0 ? shared / union : 0;
  }

  /** Puts document d's distinctive words and their weights in the pool, once. */
  private weigh(d: number): void {
    if (this.start[d] >= 0) return;
    const text = this.texts[d];
    if (this.scratch.length < (text.length >> 1) + 1) this.scratch = new Uint32Array((text.length >> 1) + 1024);
    const all = this.scratch;
    const count = appendWordHashes(text, all, 0);
    let kept = count;
    if (this.hasBoilerplate[d]) {
      // Words under a boilerplate shingle are dropped.
      const shingles = shingleHashes(all.subarray(0, count));
      kept = 0;
      let coveredUntil = 0;
      for (let i = 0; i < count; i++) {
        if (i < shingles.length && this.isBoilerplate(shingles[i])) coveredUntil = i + SHINGLE_WORDS;
        if (i >= coveredUntil) all[kept++] = all[i];
      }
    }
    const distinct = this.tally.seenAtLeast(all.subarray(0, kept));
    if (this.used + distinct.length > this.words.length) this.grow(this.used + distinct.length);
    let total = 0;
    for (let i = 0; i < distinct.length; i++) {
      const weight = this.weightOfCount[this.wordCounts.count(distinct[i])];
      this.words[this.used + i] = distinct[i];
      this.weights[this.used + i] = weight;
      total += weight;
    }
    this.start[d] = this.used;
    this.size[d] = distinct.length;
    this.totals[d] = total;
    this.used += distinct.length;
  }

  private grow(needed: number): void {
    const length = Math.max(2 * this.words.length, needed);
    const words = new Uint32Array(length);
    const weights = new Float64Array(length);
    words.set(this.words.subarray(0, this.used));
    weights.set(this.weights.subarray(0, this.used));
    this.words = words;
    this.weights = weights;
  }
}
