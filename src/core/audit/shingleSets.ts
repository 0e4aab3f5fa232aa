/**
 * The shingle sets of a corpus, pooled in one typed array: each document's distinct word 5-shingles (sorted),
 * and each file's (the union of its documents'). Built in one pass over the texts, which also counts words.
 */
import { throwIfAborted, yieldToEventLoop, type RunControl } from '../control';
import { CountSketch, sketchWidth, type SketchCounters } from './countSketch';
import { appendWordHashes, intersectionSize, shingleHashes, sortedIndexOf, sortUnique } from './words';

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

  /** How many values sets i and j share. */
  shared(i: number, j: number): number {
    return intersectionSize(this.pool, this.offsets[i], this.offsets[i + 1], this.pool, this.offsets[j], this.offsets[j + 1]);
  }

  /** Every value of every set, in order (with repeats across sets). */
  values(): Uint32Array {
    return this.pool;
  }

  get pooled(): PooledSets {
    return { values: this.pool, offsets: this.offsets };
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

/** What to scan of a share of the corpus (plain data: the share may be scanned on another thread). */
export interface ScanRequest {
  readonly texts: readonly string[];
  readonly keepWords: boolean;
  /** Counters per row of the word and shingle sketches (the same for every share). */
  readonly wordCounters: number;
  readonly shingleCounters: number;
  /** A shingle counted this often in the share is a candidate for frequent. */
  readonly candidateCount: number;
}

/** Sorted sets pooled: set i at values[offsets[i] … offsets[i + 1]). */
export interface PooledSets {
  readonly values: Uint32Array;
  readonly offsets: Int32Array;
}

/** A share of the corpus, scanned (plain data). */
export interface ScannedShare {
  readonly shingles: PooledSets;
  readonly words: PooledSets | null;
  readonly wordCounts: SketchCounters;
  /** Shingles that may be frequent (every frequent one is among them), sorted and distinct. */
  readonly candidates: Uint32Array;
  readonly totalWords: number;
}

/** Scans another share of the corpus meanwhile (on another thread); the answer is asked for when needed. */
export type ShareScanner = (request: ScanRequest) => () => Promise<ScannedShare>;

/**
 * Below this many characters the corpus is scanned on this thread alone: starting a thread (~0.1–0.2 s) costs more
 * than half the scan saves.
 */
export const SHARED_SCAN_MIN_CHARS = 8 << 20;

/**
 * `texts[d]` belongs to file `fileOf[d]` (0 … files − 1). The file sets are built only when some file holds
 * more than one text (otherwise they are the document sets). With a `scanner`, a large corpus's second half is
 * scanned on another thread while this thread scans the first; the halves are joined in document order, so the
 * sets are the same either way.
 */
export async function corpusShingles(
  texts: readonly string[],
  fileOf: Int32Array,
  files: number,
  options: ShingleScanOptions,
  control: RunControl,
  scanner?: ShareScanner,
): Promise<CorpusShingles> {
  let textLength = 0;
  for (const text of texts) textLength += text.length;
  const shares = scanner && textLength >= SHARED_SCAN_MIN_CHARS ? 2 : 1;
  const half = shares === 2 ? Math.ceil(texts.length / 2) : texts.length;
  const request = (share: readonly string[]): ScanRequest => ({
    texts: share,
    keepWords: options.keepWords,
    wordCounters: sketchWidth(textLength >> 3, WORD_COUNTERS),
    shingleCounters: sketchWidth(textLength >> 3, SHINGLE_COUNTERS),
    // A shingle in `frequentIn` documents is in at least its share of them in one of the halves.
    candidateCount: Math.ceil(options.frequentIn / shares),
  });
  // The other half is sent first, so that both threads work at once.
  const secondHalf = shares === 2 ? scanner!(request(texts.slice(half))) : null;
  const firstHalf = await scanShare(request(shares === 2 ? texts.slice(0, half) : texts), control);
  const scanned = secondHalf ? [firstHalf, await secondHalf()] : [firstHalf];
  throwIfAborted(control.signal);
  const wordCounts = new CountSketch(firstHalf.wordCounts);
  for (const share of scanned.slice(1)) wordCounts.addCounts(share.wordCounts);
  const documents = joinPools(scanned.map((share) => share.shingles));
  const fileSets = files < texts.length ? await fileUnions(documents, fileOf, files, control) : documents;
  const candidates = sortUnique(joinPools(scanned.map((share) => ({ values: share.candidates, offsets: Int32Array.of(0, share.candidates.length) }))).values());
  return {
    documents,
    files: fileSets,
    words: options.keepWords ? joinPools(scanned.map((share) => share.words!)) : null,
    frequent: heldByAtLeast(fileSets, candidates, options.frequentIn),
    wordCounts,
    totalWords: scanned.reduce((sum, share) => sum + share.totalWords, 0),
  };
}

/** Each text's distinct shingles (and words), word counts, and the shingles that may be frequent. */
export async function scanShare(request: ScanRequest, control: RunControl = {}): Promise<ScannedShare> {
  const { texts } = request;
  let textLength = 0;
  for (const text of texts) textLength += text.length;
  const wordCounts = new CountSketch(request.wordCounters);
  // Shingles counted often enough are candidates (a document count is never below the file count, nor a
  // sketch's count below the true one); the exact count over the file sets decides, without sorting them all.
  const shingleCounts = new CountSketch(request.shingleCounters);
  const candidates: number[] = [];
  const builder = new SetPoolBuilder(texts.length, Math.round(textLength / 5));
  const wordBuilder = request.keepWords ? new SetPoolBuilder(texts.length, Math.round(textLength / 10)) : null;
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
    for (let i = 0; i < set.length; i++) if (shingleCounts.add(set[i]) >= request.candidateCount) candidates.push(set[i]);
    builder.push(set);
    wordBuilder?.push(sortUnique(words.subarray(0, count)));
    if (d % CHUNK === CHUNK - 1) await pause(control);
  }
  return {
    shingles: builder.build().pooled,
    words: wordBuilder?.build().pooled ?? null,
    wordCounts: wordCounts.counters,
    candidates: sortUnique(Uint32Array.from(candidates)),
    totalWords,
  };
}

/** The sets of each pool, one pool after the other. */
function joinPools(parts: readonly PooledSets[]): SetPool {
  if (parts.length === 1) return new SetPool(parts[0].values, parts[0].offsets);
  const values = new Uint32Array(parts.reduce((sum, part) => sum + part.values.length, 0));
  const offsets = new Int32Array(parts.reduce((sum, part) => sum + part.offsets.length - 1, 0) + 1);
  let at = 0;
  let set = 0;
  for (const part of parts) {
    values.set(part.values, at);
    for (let i = 1; i < part.offsets.length; i++) offsets[++set] = at + part.offsets[i];
    at += part.values.length;
  }
  return new SetPool(values, offsets);
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
