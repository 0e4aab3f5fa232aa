/**
 * The shingle sets of a corpus, pooled in one typed array: each document's distinct word 5-shingles, and each
 * file's (the union of its documents'). Built in one pass over the texts, which also counts words.
 */
import { Pacer, type RunControl } from '../control';
import { CountSketch, sketchWidth, type SketchCounters } from './countSketch';
import { appendWordHashes, shingleHashes, type ScreenedSet, ValueTally } from './words';

/**
 * Sets of distinct 32-bit values, set i at pool[offsets[i] … offsets[i + 1]). A set is sorted in place the first
 * time it is compared with another: most sets never are, and sorting every set cost the scan most of its time
 * (looking one set's values up in a hash table of the other's costs more than sorting both once and merging).
 */
export class SetPool {
  private readonly sorted: Uint8Array;

  constructor(
    private pool: Uint32Array,
    readonly offsets: Int32Array,
  ) {
    this.sorted = new Uint8Array(offsets.length - 1);
  }

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
    this.sort(i);
    this.sort(j);
    const pool = this.pool;
    let a = this.offsets[i];
    let b = this.offsets[j];
    const aTo = this.offsets[i + 1];
    const bTo = this.offsets[j + 1];
    let shared = 0;
    while (a < aTo && b < bTo) {
      if (pool[a] === pool[b]) {
        shared++;
        a++;
        b++;
      } else if (pool[a] < pool[b]) a++;
      else b++;
    }
    return shared;
  }

  private sort(i: number): void {
    if (this.sorted[i]) return;
    this.pool.subarray(this.offsets[i], this.offsets[i + 1]).sort();
    this.sorted[i] = 1;
  }

  /** Every value of every set, set after set (with repeats across sets). */
  values(): Uint32Array {
    return this.pool;
  }

  get pooled(): PooledSets {
    return { values: this.pool, offsets: this.offsets };
  }

  /** Removes the values of `drop` from every set, in place; returns how many each set lost. */
  remove(drop: ScreenedSet): Int32Array {
    const lost = new Int32Array(this.count);
    let at = 0;
    for (let i = 0; i < lost.length; i++) {
      const from = this.offsets[i];
      const to = this.offsets[i + 1];
      this.offsets[i] = at;
      for (let j = from; j < to; j++) {
        const value = this.pool[j];
        if (drop.has(value)) lost[i]++;
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

export interface CorpusShingles {
  readonly documents: SetPool;
  /** Set f: the union of the sets of file f's documents. */
  readonly files: SetPool;
  /** Each document's distinct words, in the order first found (when asked for). */
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

/** How a share of the corpus is scanned (plain data: the share may be scanned on another thread). */
export interface ScanSettings {
  readonly keepWords: boolean;
  /** Counters per row of the word-count sketch (the same for every share, so that they add up). */
  readonly wordCounters: number;
}

/**
 * The part of the corpus offered to another thread: chunks that it claims one by one from the first on, while
 * this thread, once done with the rest, claims them from the last back. Each chunk is scanned by one of the two.
 */
export interface ScanRequest extends ScanSettings {
  readonly texts: readonly string[];
  /** Chunk c is texts[chunkStarts[c] … chunkStarts[c + 1]). */
  readonly chunkStarts: Int32Array;
  /** One slot per chunk, on shared memory: 0 while nobody has claimed the chunk. */
  readonly claims: Int32Array;
}

/** Sets pooled: set i at values[offsets[i] … offsets[i + 1]). */
export interface PooledSets {
  readonly values: Uint32Array;
  readonly offsets: Int32Array;
}

/** The sets of a run of texts. */
export interface ScannedChunk {
  readonly shingles: PooledSets;
  readonly words: PooledSets | null;
}

/** What one thread scanned (plain data). */
export interface ScannedShare {
  /** The offered chunks this thread claimed, by chunk index. */
  readonly chunks: ReadonlyArray<ScannedChunk & { readonly index: number }>;
  readonly wordCounts: SketchCounters;
  readonly totalWords: number;
}

/** Scans the offered chunks it claims meanwhile (on another thread); the answer is asked for when needed. */
export type ShareScanner = (request: ScanRequest) => () => Promise<ScannedShare>;

/**
 * Below this many characters the corpus is scanned on this thread alone: starting a thread (~0.1–0.2 s) costs more
 * than half the scan saves.
 */
export const SHARED_SCAN_MIN_CHARS = 8 << 20;
/** Chunks the offered half is cut into: small enough that the thread done first takes over a fair share. */
const OFFERED_CHUNKS = 16;

/**
 * `texts[d]` belongs to file `fileOf[d]` (0 … files − 1). The file sets are built only when some file holds
 * more than one text (otherwise they are the document sets). With a `scanner`, a large corpus's second half is
 * offered to another thread in chunks while this thread scans the first; whichever thread is done first takes
 * the chunks left. The chunks are joined in document order and the counts added, so the sets are the same
 * either way.
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
  const settings: ScanSettings = { keepWords: options.keepWords, wordCounters: sketchWidth(textLength >> 3, WORD_COUNTERS) };
  // The offer is made first, so that both threads work at once.
  const offer = shares === 2 ? offerChunks(texts.slice(half), settings) : null;
  const theirs = offer ? scanner!(offer) : null;
  const scan = new ShareScan(settings);
  const parts: Array<ScannedChunk | undefined> = [await scan.texts(texts.slice(0, half), control)];
  if (offer && theirs) {
    const { texts: offered, chunkStarts, claims } = offer;
    for (let c = claims.length - 1; c >= 0 && Atomics.compareExchange(claims, c, 0, 1) === 0; c--) {
      parts[1 + c] = await scan.texts(offered.slice(chunkStarts[c], chunkStarts[c + 1]), control);
    }
    const share = await theirs();
    for (const chunk of share.chunks) parts[1 + chunk.index] = chunk;
    scan.add(share);
  }
  const pacer = new Pacer(control);
  await pacer.pause();
  // Every chunk is someone's (a sparse array's holes would be skipped by map: each index is looked at).
  const scanned = Array.from({ length: 1 + (offer?.claims.length ?? 0) }, (_, p) => parts[p] ?? missingChunk(p - 1));
  const documents = joinPools(scanned.map((part) => part.shingles));
  const words = options.keepWords ? joinPools(scanned.map((part) => part.words!)) : null;
  await pacer.pause();
  const fileSets = files < texts.length ? await fileUnions(documents, fileOf, files, control) : documents;
  const frequent = heldByAtLeast(fileSets, options.frequentIn);
  await pacer.pause();
  return {
    documents,
    files: fileSets,
    words,
    frequent,
    wordCounts: scan.wordCounts,
    totalWords: scan.totalWords,
  };
}

function offerChunks(texts: readonly string[], settings: ScanSettings): ScanRequest {
  const chunks = Math.min(OFFERED_CHUNKS, texts.length);
  const chunkStarts = Int32Array.from({ length: chunks + 1 }, (_, c) => Math.round((c * texts.length) / chunks));
  return { ...settings, texts, chunkStarts, claims: new Int32Array(new SharedArrayBuffer(4 * chunks)) };
}

function missingChunk(chunk: number): never {
  throw new Error(`Chunk ${chunk} of the near-duplicate scan was claimed but not scanned.`);
}

/** The offered chunks this thread claims, from the first on, until the other thread has claimed the next. */
export async function scanOffered(request: ScanRequest): Promise<ScannedShare> {
  const scan = new ShareScan(request);
  const chunks: Array<ScannedChunk & { index: number }> = [];
  for (let c = 0; c < request.claims.length && Atomics.compareExchange(request.claims, c, 0, 1) === 0; c++) {
    chunks.push({ index: c, ...(await scan.texts(request.texts.slice(request.chunkStarts[c], request.chunkStarts[c + 1]))) });
  }
  return { chunks, wordCounts: scan.wordCounts.counters, totalWords: scan.totalWords };
}

/** One thread's scan: each text's distinct shingles (and words), and word counts. */
class ShareScan {
  readonly wordCounts: CountSketch;
  totalWords = 0;
  private words = new Uint32Array(1024);
  private shingles = new Uint32Array(1024);
  private readonly tally = new ValueTally();

  constructor(private readonly settings: ScanSettings) {
    this.wordCounts = new CountSketch(settings.wordCounters);
  }

  async texts(texts: readonly string[], control: RunControl = {}): Promise<ScannedChunk> {
    let textLength = 0;
    for (const text of texts) textLength += text.length;
    const builder = new SetPoolBuilder(texts.length, Math.round(textLength / 5));
    const wordBuilder = this.settings.keepWords ? new SetPoolBuilder(texts.length, Math.round(textLength / 8)) : null;
    const pacer = new Pacer(control);
    for (let d = 0; d < texts.length; d++) {
      const text = texts[d];
      if (this.words.length < (text.length >> 1) + 1) {
        this.words = new Uint32Array((text.length >> 1) + 1024);
        this.shingles = new Uint32Array(this.words.length);
      }
      const count = appendWordHashes(text, this.words, 0);
      this.totalWords += count;
      for (let i = 0; i < count; i++) this.wordCounts.add(this.words[i]);
      builder.push(this.tally.seenAtLeast(shingleHashes(this.words.subarray(0, count), this.shingles)));
      // After the shingles: made distinct in place, the words lose their order.
      wordBuilder?.push(this.tally.seenAtLeast(this.words.subarray(0, count)));
      if (pacer.due) await pacer.pause();
    }
    return { shingles: builder.build().pooled, words: wordBuilder?.build().pooled ?? null };
  }

  /** The other thread's counts. */
  add(share: ScannedShare): void {
    this.wordCounts.addCounts(share.wordCounts);
    this.totalWords += share.totalWords;
  }
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

/** Values per bucket `heldByAtLeast` aims at: a bucket's count table (~16 KB) stays in the processor's cache. */
const BUCKET_VALUES = 1024;
/** At most 2¹¹ buckets: the scatter writes to each bucket's end at once, and more ends than that thrash the cache. */
const MAX_BUCKET_BITS = 11;

/**
 * The values that at least `minSets` of the sets hold, sorted. A set holds each value once, so a value's count in
 * the pool is the number of sets holding it. The pool is spread into buckets by the values' top bits (a counting
 * pass and a scatter), then each bucket is counted in a small hash table: a third of a radix sort's passes.
 */
function heldByAtLeast(sets: SetPool, minSets: number): Uint32Array {
  const values = sets.values();
  let bits = 1;
  while (bits < MAX_BUCKET_BITS && values.length >>> bits > BUCKET_VALUES) bits++;
  const shift = 32 - bits;
  const starts = new Int32Array((1 << bits) + 1);
  for (let i = 0; i < values.length; i++) starts[(values[i] >>> shift) + 1]++;
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
  const spread = new Uint32Array(values.length);
  const next = starts.slice(0, -1);
  for (let i = 0; i < values.length; i++) spread[next[values[i] >>> shift]++] = values[i];
  const tally = new ValueTally();
  let held = 0;
  for (let b = 0; b + 1 < starts.length; b++) {
    // In place: what a bucket keeps is written over its own start, then moved down to the end of what is held.
    const found = tally.seenAtLeast(spread.subarray(starts[b], starts[b + 1]), minSets).sort();
    spread.copyWithin(held, starts[b], starts[b] + found.length);
    held += found.length;
  }
  // Buckets go up by their values' top bits: each sorted, the whole is.
  return spread.slice(0, held);
}

async function fileUnions(documents: SetPool, fileOf: Int32Array, files: number, control: RunControl): Promise<SetPool> {
  const members: number[][] = Array.from({ length: files }, () => []);
  fileOf.forEach((file, d) => members[file].push(d));
  const builder = new SetPoolBuilder(files, documents.values().length);
  const tally = new ValueTally();
  const pacer = new Pacer(control);
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
      builder.push(tally.seenAtLeast(all));
    }
    if (pacer.due) await pacer.pause();
  }
  return builder.build();
}
