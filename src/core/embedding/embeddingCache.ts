/**
 * An on-disk embedding cache, so a re-run embeds only the texts that changed. One binary file per model:
 *
 *   magic "TLEMB002" | u32 dimension | u32 model-id bytes | model id (UTF-8) | 8-byte digest of all that
 *   | rows: sha256(text) (32 bytes) | dimension float32 | 8-byte digest of the key and vector
 *
 * all little-endian, oldest row first (a key written twice: the later row counts); digests are the first 8 bytes
 * of a sha256. Writers append new rows to a file of whole rows, or build a complete new file and rename it over
 * the old one, so readers see whole versions or, at worst, a cut-off last row. Readers check every row they use:
 * a damaged row is dropped (and its text embedded again), a cut-off file keeps its whole rows, and a damaged
 * header or another model's file is ignored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunControl } from '../control';
import { matrix, type Matrix } from '../matrix';
import type { Embedder } from './embedder';

const MAGIC = Buffer.from('TLEMB002', 'latin1');
const KEY_BYTES = 32;
const CHECK_BYTES = 8;
/** Oldest rows are dropped beyond this size, so the cache of a long-lived workspace stays bounded. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** sha256 of the UTF-8 text, hex: the cache key (with the model id) and DocumentResult.hash. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One file per model id; the id itself is checked inside the file. */
export function cacheFilePath(cacheDir: string, modelId: string): string {
  return path.join(cacheDir, `${createHash('sha256').update(modelId).digest('hex').slice(0, 16)}.emb`);
}

function check(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest().subarray(0, CHECK_BYTES);
}

function rowBytes(dimension: number): number {
  return KEY_BYTES + 4 * dimension + CHECK_BYTES;
}

function encodeHeader(modelId: string, dimension: number): Buffer {
  const id = Buffer.from(modelId, 'utf8');
  const sizes = Buffer.alloc(8);
  sizes.writeUInt32LE(dimension, 0);
  sizes.writeUInt32LE(id.length, 4);
  const header = Buffer.concat([MAGIC, sizes, id]);
  return Buffer.concat([header, check(header)]);
}

export function encodeCacheFile(modelId: string, dimension: number, rows: ReadonlyMap<string, Float32Array>): Buffer {
  const header = encodeHeader(modelId, dimension);
  const out = Buffer.alloc(header.length + rows.size * rowBytes(dimension));
  header.copy(out);
  let at = header.length;
  for (const [hash, vector] of rows) {
    const key = out.subarray(at, at + KEY_BYTES);
    key.write(hash, 'hex');
    const values = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
    values.copy(out, at + KEY_BYTES);
    check(key, values).copy(out, at + KEY_BYTES + values.length);
    at += rowBytes(dimension);
  }
  return out;
}

export interface DecodedCache {
  /** The usable rows, in file order (oldest first). */
  readonly rows: Map<string, Float32Array>;
  /** Rows that failed their check, and a cut-off row at the end. */
  readonly droppedRows: number;
  /** Why the whole file was ignored (damaged header, another model or dimension), if it was. */
  readonly ignored: string | null;
}

/** Reads a cache file for this model, keeping every row that passes its check. */
export function decodeCacheFile(bytes: Buffer, modelId: string, dimension: number): DecodedCache {
  const index = indexCacheFile(bytes, modelId, dimension);
  const rows = new Map<string, Float32Array>();
  let droppedRows = index.cutOff ? 1 : 0;
  for (const [hash, at] of index.rows) {
    const vector = checkedRow(bytes, at, dimension);
    if (vector) rows.set(hash, vector);
    else droppedRows++;
  }
  return { rows, droppedRows, ignored: index.ignored };
}

/** Where each row of a cache file starts, by key (a later row wins), rows not checked yet. */
interface CacheIndex {
  readonly rows: Map<string, number>;
  /** The file ends inside a row. */
  readonly cutOff: boolean;
  /** Why the whole file was ignored, if it was. */
  readonly ignored: string | null;
}

function indexCacheFile(bytes: Buffer, modelId: string, dimension: number): CacheIndex {
  const rows = new Map<string, number>();
  const ignore = (why: string): CacheIndex => ({ rows, cutOff: false, ignored: why });
  const expected = encodeHeader(modelId, dimension);
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    const otherVersion = bytes.subarray(0, 5).equals(MAGIC.subarray(0, 5));
    return ignore(otherVersion ? 'another version of Topic Lens wrote it' : 'it is not an embedding cache');
  }
  if (!bytes.subarray(0, expected.length).equals(expected)) {
    const headerIntact = bytes.length >= expected.length && headerChecks(bytes);
    return ignore(headerIntact ? 'it holds another model or dimension' : 'its header is damaged');
  }
  const size = rowBytes(dimension);
  const count = Math.floor((bytes.length - expected.length) / size);
  for (let i = 0; i < count; i++) {
    const at = expected.length + i * size;
    const hash = bytes.toString('hex', at, at + KEY_BYTES);
    // A key written again later (an append after a damaged row) is found at its newest row.
    rows.delete(hash);
    rows.set(hash, at);
  }
  return { rows, cutOff: (bytes.length - expected.length) % size !== 0, ignored: null };
}

/** The vector of the row at `at` if the row passes its check (copied out: it is not necessarily 4-byte aligned). */
function checkedRow(bytes: Buffer, at: number, dimension: number): Float32Array | undefined {
  const size = rowBytes(dimension);
  const key = bytes.subarray(at, at + KEY_BYTES);
  const values = bytes.subarray(at + KEY_BYTES, at + size - CHECK_BYTES);
  if (!check(key, values).equals(bytes.subarray(at + size - CHECK_BYTES, at + size))) return undefined;
  return new Float32Array(new Uint8Array(values).buffer);
}

/** Whether a header of some model and dimension is intact (its own digest matches). */
function headerChecks(bytes: Buffer): boolean {
  if (bytes.length < MAGIC.length + 8) return false;
  const end = MAGIC.length + 8 + bytes.readUInt32LE(MAGIC.length + 4);
  return bytes.length >= end + CHECK_BYTES && check(bytes.subarray(0, end)).equals(bytes.subarray(end, end + CHECK_BYTES));
}

/**
 * The rows of a cache file, each checked when first asked for: a run asks for its own documents' rows, an update
 * for a handful of a file that may hold a hundred thousand.
 */
class CachedRows {
  /** Rows asked for that failed their check, and a cut-off row at the end. */
  dropped: number;

  constructor(
    private readonly bytes: Buffer,
    private readonly index: Map<string, number>,
    private readonly dimension: number,
    cutOff: boolean,
    /** The file's size when new rows can be appended to it (valid header, whole rows); null when it must be rewritten. */
    readonly appendableBytes: number | null,
  ) {
    this.dropped = cutOff ? 1 : 0;
  }

  get(hash: string): Float32Array | undefined {
    const at = this.index.get(hash);
    if (at === undefined) return undefined;
    const vector = checkedRow(this.bytes, at, this.dimension);
    if (!vector) this.dropped++;
    return vector;
  }
}

/** The rows of the cache file; a missing file is an empty cache, a file that cannot be used is told. */
async function readCache(file: string, modelId: string, dimension: number, control: RunControl): Promise<CachedRows> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      control.onNotice?.(`The embedding cache ${file} could not be read (${String(error)}); every document is embedded again.`);
    return new CachedRows(Buffer.alloc(0), new Map(), dimension, false, null);
  }
  const index = indexCacheFile(bytes, modelId, dimension);
  if (index.ignored !== null) control.onNotice?.(`The embedding cache ${file} was ignored: ${index.ignored}. Its documents are embedded again.`);
  return new CachedRows(bytes, index.rows, dimension, index.cutOff, index.ignored === null && !index.cutOff ? bytes.length : null);
}

/** Replaces a cache file atomically. Best effort: a failed write only costs a re-computation next time. */
export async function writeCache(file: string, contents: Uint8Array): Promise<void> {
  const staging = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(staging, contents);
    await rename(staging, file);
  } catch {
    await rm(staging, { force: true });
  }
}

/** Keeps the newest rows (the end of the map) that fit in MAX_FILE_BYTES. */
function newestRows(rows: Map<string, Float32Array>, dimension: number): Map<string, Float32Array> {
  const limit = Math.floor(MAX_FILE_BYTES / rowBytes(dimension));
  return rows.size <= limit ? rows : new Map([...rows].slice(rows.size - limit));
}

/**
 * Embeds `texts`, reusing rows cached under `cacheDir` for the same model and text; each distinct new text is
 * embedded once. Without a cache directory this is just `embedder.embed`.
 */
export async function embedWithCache(
  embedder: Embedder,
  texts: readonly string[],
  cacheDir: string | undefined,
  control: RunControl = {},
): Promise<Matrix<Float32Array>> {
  if (cacheDir === undefined) return embedder.embed(texts, control);
  const { modelId, dimension } = embedder;
  const file = cacheFilePath(cacheDir, modelId);
  const stored = await readCache(file, modelId, dimension, control);
  const hashes = texts.map(contentHash);
  const vectors = new Map<string, Float32Array>();
  const missing = new Map<string, string>();
  hashes.forEach((hash, i) => {
    if (vectors.has(hash) || missing.has(hash)) return;
    const vector = stored.get(hash);
    if (vector) vectors.set(hash, vector);
    else missing.set(hash, texts[i]);
  });
  if (stored.dropped > 0) {
    const rows = stored.dropped === 1 ? '1 damaged entry' : `${stored.dropped} damaged entries`;
    control.onNotice?.(`The embedding cache ${file} had ${rows}, dropped; those documents are embedded again.`);
  }
  if (missing.size > 0) {
    const fresh = await embedder.embed([...missing.values()], control);
    const added = new Map<string, Float32Array>();
    [...missing.keys()].forEach((hash, i) => {
      const vector = fresh.data.subarray(i * dimension, (i + 1) * dimension);
      vectors.set(hash, vector);
      added.set(hash, vector);
    });
    const { appendableBytes } = stored;
    await storeRows(file, modelId, dimension, added, appendableBytes !== null && appendableBytes + added.size * rowBytes(dimension) <= MAX_FILE_BYTES);
  }

  const out = matrix(texts.length, dimension);
  hashes.forEach((hash, i) => out.data.set(vectors.get(hash)!, i * dimension));
  return out;
}

/**
 * Adds `added` to the cache file: appended when `append` (a file with a valid header and whole rows, under the size
 * bound — an update's few rows cost their own bytes, not a rewrite of every row; rows appended by concurrent runs
 * each stay whole, and a cut-off append is a cut-off last row, which readers drop), else by rewriting the file from
 * its intact rows (those another run wrote since this one read it included) and these, newest kept within the bound.
 */
async function storeRows(file: string, modelId: string, dimension: number, added: ReadonlyMap<string, Float32Array>, append: boolean): Promise<void> {
  if (append) {
    try {
      await appendFile(file, encodeCacheFile(modelId, dimension, added).subarray(encodeHeader(modelId, dimension).length));
      return;
    } catch {
      // Rewrite instead.
    }
  }
  let merged = new Map<string, Float32Array>();
  try {
    merged = decodeCacheFile(await readFile(file), modelId, dimension).rows;
  } catch {
    // No file (or none readable): these rows alone.
  }
  for (const [hash, vector] of added) {
    merged.delete(hash);
    merged.set(hash, vector);
  }
  await writeCache(file, encodeCacheFile(modelId, dimension, newestRows(merged, dimension)));
}
