/**
 * Text → hashed words and word 5-shingles, the currency of text-overlap measures. Words are lower-cased runs
 * of letters, digits, marks and "_" (markup punctuation falls away), each hashed to 32 bits as it is scanned.
 */

/** Words per shingle: five-word runs are rare enough that two texts sharing many of them share text. */
export const SHINGLE_WORDS = 5;

/** murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;
/** 1 = a word character, for every UTF-16 unit (surrogates count: astral letters are rare, and never split words). */
const isWordUnit = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) isWordUnit[c] = (c >= 0xd800 && c <= 0xdfff) || WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 0;

/** Where each word of a text is: its hash, line (0-based, counted in the text) and UTF-16 range. */
export interface ScannedWords {
  readonly count: number;
  readonly hashes: Uint32Array;
  readonly lines: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * The hashes of the words of `text` (FNV-1a over lower-cased UTF-16 units, then mixed), appended to `out` from
 * `at` on; returns the new end. `out` must have room for `text.length / 2 + 1` more words.
 */
export function appendWordHashes(text: string, out: Uint32Array, at: number): number {
  let h = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWordUnit[c]) {
      if (!inWord) {
        inWord = true;
        h = 0x811c9dc5;
      }
      h = Math.imul(h ^ (c >= 0x41 && c <= 0x5a ? c + 0x20 : c < 0x80 ? c : text[i].toLowerCase().charCodeAt(0)), 0x01000193);
    } else if (inWord) {
      out[at++] = mix32(h);
      inWord = false;
    }
  }
  if (inWord) out[at++] = mix32(h);
  return at;
}

/** The words of `text` with where they are (the same hashes as `appendWordHashes`). */
export function scanWords(text: string): ScannedWords {
  const capacity = (text.length >> 1) + 1;
  const hashes = new Uint32Array(capacity);
  const lines = new Int32Array(capacity);
  const starts = new Int32Array(capacity);
  const ends = new Int32Array(capacity);
  let count = 0;
  let line = 0;
  let h = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (isWordUnit[c]) {
      if (start < 0) {
        start = i;
        h = 0x811c9dc5;
      }
      const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c < 0x80 ? c : text[i].toLowerCase().charCodeAt(0);
      h = Math.imul(h ^ lower, 0x01000193);
      continue;
    }
    if (start >= 0) {
      hashes[count] = mix32(h);
      lines[count] = line;
      starts[count] = start;
      ends[count++] = i;
      start = -1;
    }
    if (c === 0x0a) line++;
  }
  return { count, hashes: hashes.subarray(0, count), lines: lines.subarray(0, count), starts: starts.subarray(0, count), ends: ends.subarray(0, count) };
}

/** Shingle i covers words i … i + SHINGLE_WORDS − 1; none when the text has fewer words. */
export function shingleHashes(words: Uint32Array, out = new Uint32Array(Math.max(0, words.length - SHINGLE_WORDS + 1))): Uint32Array {
  const count = Math.max(0, words.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < count; i++) {
    let h = 0x9747b28c;
    for (let j = 0; j < SHINGLE_WORDS; j++) h = Math.imul(h ^ words[i + j], 0x9e3779b1) + j;
    out[i] = mix32(h);
  }
  return out.subarray(0, count);
}

/** Above this length a radix sort beats the built-in comparison sort. */
const RADIX_MIN = 1 << 14;
const RADIX_BITS = 11;
const RADIX_MASK = (1 << RADIX_BITS) - 1;

/**
 * Sorts `keys` in place, and `items` alongside when given: three passes of an 11-bit least-significant-digit radix
 * sort (linear time). Stable: items of equal keys keep their order.
 */
export function radixSort(keys: Uint32Array, items?: Int32Array): void {
  let from: Uint32Array = keys;
  let to: Uint32Array = new Uint32Array(keys.length);
  let itemsFrom: Int32Array | undefined = items;
  let itemsTo: Int32Array | undefined = items && new Int32Array(items.length);
  const counts = new Int32Array(RADIX_MASK + 2);
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < from.length; i++) counts[((from[i] >>> shift) & RADIX_MASK) + 1]++;
    for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
    if (itemsFrom && itemsTo) {
      for (let i = 0; i < from.length; i++) {
        const at = counts[(from[i] >>> shift) & RADIX_MASK]++;
        to[at] = from[i];
        itemsTo[at] = itemsFrom[i];
      }
      [itemsFrom, itemsTo] = [itemsTo, itemsFrom];
    } else for (let i = 0; i < from.length; i++) to[counts[(from[i] >>> shift) & RADIX_MASK]++] = from[i];
    [from, to] = [to, from];
  }
  // Three passes leave the result in the scratch arrays.
  if (from !== keys) keys.set(from);
  if (items && itemsFrom !== items) items.set(itemsFrom!);
}

/** Sorts in place (ascending). */
export function sortValues(values: Uint32Array): Uint32Array {
  if (values.length >= RADIX_MIN) radixSort(values);
  else values.sort();
  return values;
}

/**
 * Counts values in a hash table reused from call to call (its slots stamped with the call's number, so it is
 * never cleared): linear time, four to five times faster than sorting the small arrays a text gives.
 */
export class ValueTally {
  private keys = new Uint32Array(0);
  private counts = new Int32Array(0);
  private stamps = new Uint32Array(0);
  private call = 0;

  /**
   * Keeps each value of `values` once, when it is seen for the `times`-th time (1: the distinct values, in the
   * order first seen). In place: the result is a view of `values`.
   */
  seenAtLeast(values: Uint32Array, times = 1): Uint32Array {
    let bits = 4;
    while (1 << bits < 2 * values.length) bits++;
    if (this.keys.length < 1 << bits) {
      this.keys = new Uint32Array(1 << bits);
      this.counts = new Int32Array(1 << bits);
      this.stamps = new Uint32Array(1 << bits);
      this.call = 0;
    }
    if (this.call === 0xffffffff) {
      this.stamps.fill(0);
      this.call = 0;
    }
    const call = ++this.call;
    const mask = (1 << bits) - 1;
    let kept = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      let slot = Math.imul(value, 0x9e3779b1) >>> (32 - bits);
      while (this.stamps[slot] === call && this.keys[slot] !== value) slot = (slot + 1) & mask;
      if (this.stamps[slot] !== call) {
        this.stamps[slot] = call;
        this.keys[slot] = value;
        this.counts[slot] = 0;
      }
      if (++this.counts[slot] === times) values[kept++] = value;
    }
    return values.subarray(0, kept);
  }
}

/** The index of `value` in the sorted array, or -1 (binary search). */
export function sortedIndexOf(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const v = sorted[mid];
    if (v === value) return mid;
    if (v < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** |a ∩ b| of two sorted distinct runs, a[aFrom … aTo) and b[bFrom … bTo) (no views: this runs per candidate pair). */
export function intersectionSize(a: Uint32Array, aFrom: number, aTo: number, b: Uint32Array, bFrom: number, bTo: number): number {
  let i = aFrom;
  let j = bFrom;
  let shared = 0;
  while (i < aTo && j < bTo) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared;
}
