/**
 * How much of their distinctive vocabulary two documents share: the words outside boilerplate, each weighted by
 * its rarity in the corpus (log of total words / occurrences), so that shared technical terms count and shared
 * common words barely do. Rewrites keep most of a text's rare words while their 5-word runs change.
 */
import type { CountSketch } from './countSketch';
import { appendWordHashes, shingleHashes, SHINGLE_WORDS, ValueTally } from './words';

/** A word's weight depends only on its (16-bit, saturating) count: one logarithm per possible count. */
const COUNT_LIMIT = 0x10000;

/** A document's distinctive words (each once), their weights, and the weights' sum. */
interface WeightedWords {
  readonly words: Uint32Array;
  readonly weights: Float64Array;
  readonly total: number;
}

export class DistinctiveVocabulary {
  /** Weight of a word by its count. */
  private readonly weightOfCount = new Float64Array(COUNT_LIMIT);
  /**
   * The weighted words of the documents compared so far: read again from the text when first needed, since only
   * documents with a close embedding neighbour are ever compared (a fifth of 20 Newsgroups).
   */
  private readonly known = new Map<number, WeightedWords>();
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
  }

  /**
   * The overlap of a and b when it is at least `threshold`, else null. Two texts of very different weight cannot
   * share enough (the lighter one's weight is the most they share): those are told without comparing words.
   */
  overlapAtLeast(a: number, b: number, threshold: number): number | null {
    const x = this.weighted(a);
    const y = this.weighted(b);
    const lighter = Math.min(x.total, y.total);
    const heavier = Math.max(x.total, y.total);
    // The slack keeps rounding from turning away a pair exactly at the threshold.
    if (lighter < threshold * heavier * (1 - 1e-9)) return null;
    const overlap = this.overlap(x, y);
    return overlap >= threshold ? overlap : null;
  }

  /** Σ weight of the words both hold / Σ weight of the words either holds (0 … 1). */
  private overlap(x: WeightedWords, y: WeightedWords): number {
    const [entered, looked] = x.words.length <= y.words.length ? [x, y] : [y, x];
    this.tally.enter(entered.words);
    let shared = 0;
    for (let i = 0; i < looked.words.length; i++) if (this.tally.has(looked.words[i])) shared += looked.weights[i];
    const union = x.total + y.total - shared;
    return union > 0 ? shared / union : 0;
  }

  /** Document d's distinctive words, weighted. */
  private weighted(d: number): WeightedWords {
    const known = this.known.get(d);
    if (known) return known;
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
    const words = this.tally.seenAtLeast(all.subarray(0, kept)).slice();
    const weights = new Float64Array(words.length);
    let total = 0;
    for (let i = 0; i < words.length; i++) total += weights[i] = this.weightOfCount[this.wordCounts.count(words[i])];
    const weighted = { words, weights, total };
    this.known.set(d, weighted);
    return weighted;
  }
}
