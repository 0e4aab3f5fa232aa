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
/**
 * For every UTF-16 unit: 0 when it is not a word character, else the unit lower-cased (surrogates are word units,
 * kept as they are: astral letters are rare, and never split words). One lookup per character tells both.
 */
const LOWER_WORD_UNIT = new Uint16Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  const unit = String.fromCharCode(c);
  if (c >= 0xd800 && c <= 0xdfff) LOWER_WORD_UNIT[c] = c;
  else if (WORD_CHAR.test(unit)) LOWER_WORD_UNIT[c] = unit.toLowerCase().charCodeAt(0);
}

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
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const lower = LOWER_WORD_UNIT[text.charCodeAt(i)];
    if (lower !== 0) {
      h = Math.imul(h ^ lower, 0x01000193);
      inWord = true;
    } else if (inWord) {
      out[at++] = mix32(h);
      h = 0x811c9dc5;
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
    const lower = LOWER_WORD_UNIT[c];
    if (lower !== 0) {
      if (start < 0) {
        start = i;
        h = 0x811c9dc5;
      }
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

const RADIX_BITS = 11;
const RADIX_MASK = (1 << RADIX_BITS) - 1;

/**
 * Sorts `keys` in place and moves `items` alongside: three passes of an 11-bit least-significant-digit radix
 * sort (linear time). Stable: items of equal keys keep their order.
 */
export function radixSort(keys: Uint32Array, items: Int32Array): void {
  let from: Uint32Array = keys;
  let to: Uint32Array = new Uint32Array(keys.length);
  let itemsFrom: Int32Array = items;
  let itemsTo: Int32Array = new Int32Array(items.length);
  const counts = new Int32Array(RADIX_MASK + 2);
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < from.length; i++) counts[((from[i] >>> shift) & RADIX_MASK) + 1]++;
    for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
    for (let i = 0; i < from.length; i++) {
      const at = counts[(from[i] >>> shift) & RADIX_MASK]++;
      to[at] = from[i];
      itemsTo[at] = itemsFrom[i];
    }
    [from, to] = [to, from];
    [itemsFrom, itemsTo] = [itemsTo, itemsFrom];
  }
  // Three passes leave the result in the scratch arrays.
  if (from !== keys) {
    keys.set(from);
    items.set(itemsFrom);
  }
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
  private bits = 4;

  /**
   * Keeps each value of `values` once, when it is seen for the `times`-th time (1: the distinct values, in the
   * order first seen). In place: the result is a view of `values`.
   */
  seenAtLeast(values: Uint32Array, times = 1): Uint32Array {
    this.start(values.length);
    let kept = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const slot = this.slotOf(value);
      if (this.stamps[slot] !== this.call) {
        this.stamps[slot] = this.call;
        this.keys[slot] = value;
        this.counts[slot] = 0;
      }
      if (++this.counts[slot] === times) values[kept++] = value;
    }
    return values.subarray(0, kept);
  }

  /** Enters `values[from … to)` in place of what was entered before: `has` then tells them. */
  enter(values: Uint32Array, from = 0, to = values.length): void {
    this.start(to - from);
    for (let i = from; i < to; i++) {
      const slot = this.slotOf(values[i]);
      this.stamps[slot] = this.call;
      this.keys[slot] = values[i];
    }
  }

  /** Whether `value` was among the values last entered. */
  has(value: number): boolean {
    return this.stamps[this.slotOf(value)] === this.call;
  }

  /** A new round for up to `length` values: a table at most half full, its slots of earlier rounds stale. */
  private start(length: number): void {
    let bits = 4;
    while (1 << bits < 2 * length) bits++;
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
    this.call++;
    this.bits = bits;
  }

  /** The slot holding `value` in this round, or the empty slot where it would go. */
  private slotOf(value: number): number {
    const mask = (1 << this.bits) - 1;
    let slot = Math.imul(value, 0x9e3779b1) >>> (32 - this.bits);
    while (this.stamps[slot] === this.call && this.keys[slot] !== value) slot = (slot + 1) & mask;
    return slot;
  }
}

/** Bits of a value that index a `ScreenedSet`'s screen (a bit per index: 128 KB). */
const SCREEN_BITS = 20;

/**
 * A set of 32-bit hashes, sorted, with a bit per value of their top bits: most values looked up are absent, and
 * the screen tells them without a search.
 */
export class ScreenedSet {
  private readonly screen = new Int32Array(1 << (SCREEN_BITS - 5));

  /** `sorted`: distinct values, ascending. */
  constructor(readonly sorted: Uint32Array) {
    for (let k = 0; k < sorted.length; k++) {
      const bit = sorted[k] >>> (32 - SCREEN_BITS);
      this.screen[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  has(value: number): boolean {
    const bit = value >>> (32 - SCREEN_BITS);
    return ((this.screen[bit >>> 5] >>> (bit & 31)) & 1) === 1 && sortedIndexOf(this.sorted, value) >= 0;
  }
}

/** The index of `value` in the sorted array, or -1 (binary search). */
function sortedIndexOf(sorted: Uint32Array, value: number): number {
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
