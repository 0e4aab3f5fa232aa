/**
 * How much of their distinctive vocabulary two documents share: the words outside boilerplate, each weighted by
 * its rarity in the corpus (log of total words / occurrences), so that shared technical terms count and shared
 * common words barely do. Rewrites keep most of a text's rare words while their 5-word runs change.
 */
import type { CountSketch } from './countSketch';
import type { SetPool } from './shingleSets';
import { appendWordHashes, shingleHashes, SHINGLE_WORDS, sortUnique } from './words';

/** A word's weight depends only on its (16-bit, saturating) count: one logarithm per possible count. */
const COUNT_LIMIT = 0x10000;

export class DistinctiveVocabulary {
  /** Weight of a word by its count. */
  private readonly weightOfCount = new Float64Array(COUNT_LIMIT);
  /** Σ weight of each document's distinctive words; NaN until needed. */
  private readonly totals: Float64Array;
  /** The distinctive words of documents that hold boilerplate (the others' are their words as scanned). */
  private readonly withoutBoilerplate = new Map<number, Uint32Array>();

  constructor(
    private readonly texts: readonly string[],
    /** Each document's distinct words, sorted (as the shingle scan found them). */
    private readonly words: SetPool,
    /** Whether a document holds boilerplate at all (the others need no shingle check). */
    private readonly hasBoilerplate: Uint8Array,
    private readonly isBoilerplate: (shingle: number) => boolean,
    private readonly wordCounts: CountSketch,
    totalWords: number,
  ) {
    for (let count = 0; count < COUNT_LIMIT; count++) this.weightOfCount[count] = Math.log(totalWords / Math.max(1, count));
    this.totals = new Float64Array(words.count).fill(NaN);
  }

  /**
   * The overlap of a and b when it is at least `threshold`, else null. Two texts of very different weight cannot
   * share enough (the lighter one's weight is the most they share): those are told without comparing words.
   */
  overlapAtLeast(a: number, b: number, threshold: number): number | null {
    const lighter = Math.min(this.total(a), this.total(b));
    const heavier = Math.max(this.total(a), this.total(b));
    // The slack keeps rounding from turning away a pair exactly at the threshold.
    if (lighter < threshold * heavier * (1 - 1e-9)) return null;
    const overlap = this.overlap(a, b);
    return overlap >= threshold ? overlap : null;
  }

  /** Σ weight of the words both hold / Σ weight of the words either holds (0 … 1). */
  private overlap(a: number, b: number): number {
    // Runs of the pool (or of a document's own array) rather than views: this runs per candidate pair.
    const x = this.of(a);
    const y = this.of(b);
    let i = this.from(a);
    let j = this.from(b);
    const xTo = i + this.size(a);
    const yTo = j + this.size(b);
    let shared = 0;
    while (i < xTo && j < yTo) {
      if (x[i] === y[j]) {
        shared += this.weight(x[i]);
        i++;
        j++;
      } else if (x[i] < y[j]) i++;
      else j++;
    }
    const union = this.total(a) + this.total(b) - shared;
    return union > 0 ? shared / union : 0;
  }

  private weight(word: number): number {
    return this.weightOfCount[this.wordCounts.count(word)];
  }

  private total(d: number): number {
    if (Number.isNaN(this.totals[d])) {
      const words = this.of(d);
      let total = 0;
      for (let i = this.from(d), to = i + this.size(d); i < to; i++) total += this.weight(words[i]);
      this.totals[d] = total;
    }
    return this.totals[d];
  }

  /** Where document d's words start in `of(d)`. */
  private from(d: number): number {
    return this.hasBoilerplate[d] ? 0 : this.words.offsets[d];
  }

  private size(d: number): number {
    return this.hasBoilerplate[d] ? this.of(d).length : this.words.size(d);
  }

  /** The array holding document d's distinctive words (sorted and distinct) from `from(d)` on. */
  private of(d: number): Uint32Array {
    if (!this.hasBoilerplate[d]) return this.words.values();
    const cached = this.withoutBoilerplate.get(d);
    if (cached) return cached;
    // Words under a boilerplate shingle are dropped (the scan kept no word order, so the text is read again).
    const text = this.texts[d];
    const words = new Uint32Array((text.length >> 1) + 1);
    const count = appendWordHashes(text, words, 0);
    const shingles = shingleHashes(words.subarray(0, count));
    let kept = 0;
    let coveredUntil = 0;
    for (let i = 0; i < count; i++) {
      if (i < shingles.length && this.isBoilerplate(shingles[i])) coveredUntil = i + SHINGLE_WORDS;
      if (i >= coveredUntil) words[kept++] = words[i];
    }
    const distinct = sortUnique(words.subarray(0, kept)).slice();
    this.withoutBoilerplate.set(d, distinct);
    return distinct;
  }
}
