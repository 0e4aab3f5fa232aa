/**
 * The shingle sets of a corpus, pooled in one typed array: each document's distinct word 5-shingles (sorted),
 * and each file's (the union of its documents'). Built in one pass over the texts, which also counts words.
 */
import { throwIfAborted, yieldToEventLoop, type RunControl } from '../control';
import { CountSketch } from './countSketch';
import { appendWordHashes, shingleHashes, sortUnique } from './words';

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

export interface CorpusShingles {
  readonly documents: SetPool;
  /** Set f: the union of the sets of file f's documents. */
  readonly files: SetPool;
  /** How often each word occurs in the whole corpus. */
  readonly wordCounts: CountSketch;
  readonly totalWords: number;
}

/**
 * `texts[d]` belongs to file `fileOf[d]` (0 … files − 1). The file sets are built only when some file holds
 * more than one text (otherwise they are the document sets).
 */
export async function corpusShingles(texts: readonly string[], fileOf: Int32Array, files: number, control: RunControl): Promise<CorpusShingles> {
  let textLength = 0;
  for (const text of texts) textLength += text.length;
  const wordCounts = new CountSketch(textLength >> 3, WORD_COUNTERS);
  const builder = new SetPoolBuilder(texts.length, Math.round(textLength / 5));
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
    builder.push(sortUnique(shingleHashes(words.subarray(0, count), shingles)));
    if (d % CHUNK === CHUNK - 1) await pause(control);
  }
  const documents = builder.build();
  return { documents, files: files < texts.length ? await fileUnions(documents, fileOf, files, control) : documents, wordCounts, totalWords };
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
