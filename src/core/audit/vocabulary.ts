/**
 * How much of their distinctive vocabulary two documents share: the words outside boilerplate, each weighted by
 * its rarity in the corpus (log of total words / occurrences), so that shared technical terms count and shared
 * common words barely do. Rewrites keep most of a text's rare words while their 5-word runs change.
 */
import type { CountSketch } from './countSketch';
import { appendWordHashes, shingleHashes, SHINGLE_WORDS, sortUnique } from './words';

interface Vocabulary {
  readonly words: Uint32Array;
  readonly weights: Float64Array;
  readonly total: number;
}

export class DistinctiveVocabulary {
  private readonly cache = new Map<number, Vocabulary>();

  constructor(
    private readonly texts: readonly string[],
    /** Whether a document holds boilerplate at all (the others need no shingle check). */
    private readonly hasBoilerplate: Uint8Array,
    private readonly isBoilerplate: (shingle: number) => boolean,
    private readonly wordCounts: CountSketch,
    private readonly totalWords: number,
  ) {}

  /** Σ weight of the words both hold / Σ weight of the words either holds (0 … 1). */
  overlap(a: number, b: number): number {
    const x = this.of(a);
    const y = this.of(b);
    let i = 0;
    let j = 0;
    let shared = 0;
    while (i < x.words.length && j < y.words.length) {
      if (x.words[i] === y.words[j]) {
        shared += x.weights[i];
        i++;
        j++;
      } else if (x.words[i] < y.words[j]) i++;
      else j++;
    }
    const union = x.total + y.total - shared;
    return union > 0 ? shared / union : 0;
  }

  private of(d: number): Vocabulary {
    const cached = this.cache.get(d);
    if (cached) return cached;
    const text = this.texts[d];
    const all = new Uint32Array((text.length >> 1) + 1);
    let words = all.subarray(0, appendWordHashes(text, all, 0));
    if (this.hasBoilerplate[d]) {
      // Words under a boilerplate shingle are dropped; the rest move to the front, in order.
      const shingles = shingleHashes(words);
      let kept = 0;
      let coveredUntil = 0;
      for (let i = 0; i < words.length; i++) {
        if (i < shingles.length && this.isBoilerplate(shingles[i])) coveredUntil = i + SHINGLE_WORDS;
        if (i >= coveredUntil) words[kept++] = words[i];
      }
      words = words.subarray(0, kept);
    }
    const distinct = sortUnique(words);
    const weights = new Float64Array(distinct.length);
    let total = 0;
    for (let i = 0; i < distinct.length; i++) {
      weights[i] = Math.log(this.totalWords / Math.max(1, this.wordCounts.count(distinct[i])));
      total += weights[i];
    }
    const vocabulary = { words: distinct, weights, total };
    this.cache.set(d, vocabulary);
    return vocabulary;
  }
}
