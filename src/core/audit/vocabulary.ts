/**
 * How much of their distinctive vocabulary two documents share: the words outside boilerplate, each weighted by
 * its rarity in the corpus (log of total words / occurrences), so that shared technical terms count and shared
 * common words barely do. Rewrites keep most of a text's rare words while their 5-word runs change.
 */
import type { CountSketch } from './countSketch';
import type { SetPool } from './shingleSets';
import { appendWordHashes, shingleHashes, SHINGLE_WORDS, ValueTally } from './words';

/** A word's weight depends only on its (16-bit, saturating) count: one logarithm per possible count. */
const COUNT_LIMIT = 0x10000;

export class DistinctiveVocabulary {
  /** Weight of a word by its count. */
  private readonly weightOfCount = new Float64Array(COUNT_LIMIT);
  /** Σ weight of each document's distinctive words; NaN until needed. */
  private readonly totals: Float64Array;
  /** The distinctive words of documents read again from their text (each once), by document. */
  private readonly read = new Map<number, Uint32Array>();
  private scratch = new Uint32Array(1024);
  private readonly tally = new ValueTally();

  constructor(
    private readonly texts: readonly string[],
    /**
     * Each document's distinct words as the shingle scan found them, when it kept them; otherwise (and for
     * documents holding boilerplate, whose words under it are dropped) a document's words are read again from its
     * text when it is first compared.
     */
    private readonly scanned: SetPool | null,
    /** Whether a document holds boilerplate at all (the others need no shingle check). */
    private readonly hasBoilerplate: Uint8Array,
    private readonly isBoilerplate: (shingle: number) => boolean,
    private readonly wordCounts: CountSketch,
    totalWords: number,
  ) {
    for (let count = 0; count < COUNT_LIMIT; count++) this.weightOfCount[count] = Math.log(totalWords / Math.max(1, count));
    this.totals = new Float64Array(texts.length).fill(NaN);
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
    const x = this.words(a);
    const y = this.words(b);
    const [entered, looked] = x.length <= y.length ? [x, y] : [y, x];
    this.tally.enter(entered);
    let shared = 0;
    for (let i = 0; i < looked.length; i++) if (this.tally.has(looked[i])) shared += this.weight(looked[i]);
    const union = this.total(a) + this.total(b) - shared;
    return union > 0 ? shared / union : 0;
  }

  private weight(word: number): number {
    return this.weightOfCount[this.wordCounts.count(word)];
  }

  private total(d: number): number {
    if (Number.isNaN(this.totals[d])) {
      const words = this.words(d);
      let total = 0;
      for (let i = 0; i < words.length; i++) total += this.weight(words[i]);
      this.totals[d] = total;
    }
    return this.totals[d];
  }

  /** Document d's distinctive words, each once. */
  private words(d: number): Uint32Array {
    if (this.scanned && !this.hasBoilerplate[d]) return this.scanned.of(d);
    const known = this.read.get(d);
    if (known) return known;
    const text = this.texts[d];
    if (this.scratch.length < (text.length >> 1) + 1) this.scratch = new Uint32Array((text.length >> 1) + 1024);
    const words = this.scratch;
    const count = appendWordHashes(text, words, 0);
    let kept = count;
    if (this.hasBoilerplate[d]) {
      // Words under a boilerplate shingle are dropped.
      const shingles = shingleHashes(words.subarray(0, count));
      kept = 0;
      let coveredUntil = 0;
      for (let i = 0; i < count; i++) {
        if (i < shingles.length && this.isBoilerplate(shingles[i])) coveredUntil = i + SHINGLE_WORDS;
        if (i >= coveredUntil) words[kept++] = words[i];
      }
    }
    const distinct = this.tally.seenAtLeast(words.subarray(0, kept)).slice();
    this.read.set(d, distinct);
    return distinct;
  }
}
