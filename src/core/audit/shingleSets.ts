/**
 * The shingle sets of a corpus, pooled in one typed array: each document's distinct word 5-shingles (sorted),
 * and each file's (the union of its documents'). Built in one pass over the texts, which also counts words.
 */
import { throwIfAborted, yieldToEventLoop, type RunControl } from '../control';
import { CountSketch } from './countSketch';
import { appendWordHashes, shingleHashes, sortedIndexOf, sortUnique } from './words';

/** Documents between yields to the event loop (so that a cancel arrives). */
export const CHUNK = 2000;

export async function pause(control: RunControl): Promise<void> {
  await yieldToEventLoop();
  throwIfAborted(control.signal);
}

/** Sorted sets of 32-bit values, set i at pool[offsets[i] … offsets[i + 1]). */
export class SetPool {
  constructor(
    private pool: Uint32Array,
    readonly offsets: Int32Array,
  ) {}

  get count(): number {
    return this.offsets.length - 1;
  }

  of(i: number): Uint32Array {
    return this.pool.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  size(i: number): number {
    return this.offsets[i + 1] - this.offsets[i];
  }

  /** Every value of every set, in order (with repeats across sets). */
  values(): Uint32Array {
    return this.pool;
  }

  /** Removes the values of `drop` (sorted, distinct) from every set, in place; returns how many each set lost. */
  remove(drop: Uint32Array): Int32Array {
    const lost = new Int32Array(this.count);
    let at = 0;
    for (let i = 0; i < lost.length; i++) {
      const from = this.offsets[i];
      const to = this.offsets[i + 1];
      this.offsets[i] = at;
      // Both sorted: one merge walk.
      let k = 0;
      for (let j = from; j < to; j++) {
        const value = this.pool[j];
        while (k < drop.length && drop[k] < value) k++;
        if (k < drop.length && drop[k] === value) lost[i]++;
        else this.pool[at++] = value;
      }
    }
    this.offsets[lost.length] = at;
    this.pool = this.pool.subarray(0, at);
    return lost;
  }
}

/** Appends sets one by one, growing the pool as needed. */
class SetPoolBuilder {
  private pool: Uint32Array;
  private readonly offsets: Int32Array;
  private at = 0;
  private next = 0;

  constructor(sets: number, expectedValues: number) {
    this.pool = new Uint32Array(Math.max(1024, expectedValues));
    this.offsets = new Int32Array(sets + 1);
  }

  push(set: Uint32Array): void {
    if (this.at + set.length > this.pool.length) {
      const grown = new Uint32Array(Math.max(this.pool.length * 2, this.at + set.length));
      grown.set(this.pool.subarray(0, this.at));
      this.pool = grown;
    }
    this.pool.set(set, this.at);
    this.at += set.length;
    this.offsets[++this.next] = this.at;
  }

  build(): SetPool {
    return new SetPool(this.pool.subarray(0, this.at), this.offsets);
  }
}

/**
 * Word counts only weigh words by rarity, so their counters are kept few enough to stay in the processor's
 * cache: a rare word that shares both its counters with common ones is under-weighted, nothing worse.
 */
const WORD_COUNTERS = 1 << 17;
/** Counters per row of the frequent-shingle sketch: enough to keep false candidates few, few enough to stay cached. */
const SHINGLE_COUNTERS = 1 << 20;

export interface CorpusShingles {
  readonly documents: SetPool;
  /** Set f: the union of the sets of file f's documents. */
  readonly files: SetPool;
  /** Each document's distinct words, sorted (when asked for). */
  readonly words: SetPool | null;
  /** The shingles found in at least `frequentIn` files, sorted. */
  readonly frequent: Uint32Array;
  /** How often each word occurs in the whole corpus. */
  readonly wordCounts: CountSketch;
  readonly totalWords: number;
}

export interface ShingleScanOptions {
  /** Files a shingle must be in to count as frequent. */
  readonly frequentIn: number;
  /** Whether to keep each document's distinct words. */
  readonly keepWords: boolean;
}

/**
 * `texts[d]` belongs to file `fileOf[d]` (0 … files − 1). The file sets are built only when some file holds
 * more than one text (otherwise they are the document sets).
 */
export async function corpusShingles(
  texts: readonly string[],
  fileOf: Int32Array,
  files: number,
  options: ShingleScanOptions,
  control: RunControl,
): Promise<CorpusShingles> {
  let textLength = 0;
  for (const text of texts) textLength += text.length;
  const wordCounts = new CountSketch(textLength >> 3, WORD_COUNTERS);
  // Shingles in as many documents are candidates (a document count is never below the file count, nor a
  // sketch's count below the true one); the exact count over the file sets decides, without sorting them all.
  const shingleCounts = new CountSketch(textLength >> 3, SHINGLE_COUNTERS);
  const candidates: number[] = [];
  const builder = new SetPoolBuilder(texts.length, Math.round(textLength / 5));
  const wordBuilder = options.keepWords ? new SetPoolBuilder(texts.length, Math.round(textLength / 10)) : null;
  let words = new Uint32Array(1024);
  let shingles = new Uint32Array(1024);
  let totalWords = 0;
  for (let d = 0; d < texts.length; d++) {
    const text = texts[d];
    if (words.length < (text.length >> 1) + 1) {
      words = new Uint32Array((text.length >> 1) + 1024);
      shingles = new Uint32Array(words.length);
    }
    const count = appendWordHashes(text, words, 0);
    totalWords += count;
    for (let i = 0; i < count; i++) wordCounts.add(words[i]);
    const set = sortUnique(shingleHashes(words.subarray(0, count), shingles));
    for (let i = 0; i < set.length; i++) if (shingleCounts.add(set[i]) >= options.frequentIn) candidates.push(set[i]);
    builder.push(set);
    wordBuilder?.push(sortUnique(words.subarray(0, count)));
    if (d % CHUNK === CHUNK - 1) await pause(control);
  }
  const documents = builder.build();
  const fileSets = files < texts.length ? await fileUnions(documents, fileOf, files, control) : documents;
  return {
    documents,
    files: fileSets,
    words: wordBuilder?.build() ?? null,
    frequent: heldByAtLeast(fileSets, sortUnique(Uint32Array.from(candidates)), options.frequentIn),
    wordCounts,
    totalWords,
  };
}

/** Bits of the filter that passes only values whose low bits some candidate has. */
const FILTER_BITS = 16;

/** The `candidates` (sorted, distinct) that at least `minSets` of the sets hold. */
function heldByAtLeast(sets: SetPool, candidates: Uint32Array, minSets: number): Uint32Array {
  if (candidates.length === 0) return candidates;
  const filter = new Uint8Array(1 << (FILTER_BITS - 3));
  const mask = (1 << FILTER_BITS) - 1;
  for (const value of candidates) filter[(value & mask) >>> 3] |= 1 << (value & 7);
  const counts = new Int32Array(candidates.length);
  const values = sets.values();
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if ((filter[(value & mask) >>> 3] & (1 << (value & 7))) === 0) continue;
    const at = sortedIndexOf(candidates, value);
    if (at >= 0) counts[at]++;
  }
  return candidates.filter((_, k) => counts[k] >= minSets);
}

async function fileUnions(documents: SetPool, fileOf: Int32Array, files: number, control: RunControl): Promise<SetPool> {
  const members: number[][] = Array.from({ length: files }, () => []);
  fileOf.forEach((file, d) => members[file].push(d));
  const builder = new SetPoolBuilder(files, documents.values().length);
  for (let f = 0; f < files; f++) {
    const parts = members[f];
    if (parts.length === 1) builder.push(documents.of(parts[0]));
    else {
      const all = new Uint32Array(parts.reduce((sum, d) => sum + documents.size(d), 0));
      let at = 0;
      for (const d of parts) {
        all.set(documents.of(d), at);
        at += documents.size(d);
      }
      builder.push(sortUnique(all));
    }
    if (f % CHUNK === CHUNK - 1) await pause(control);
  }
  return builder.build();
}
