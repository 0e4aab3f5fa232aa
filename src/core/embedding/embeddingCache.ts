/**
 * An on-disk embedding cache, so a re-run embeds only the texts that changed. One binary file per model:
 *
 *   magic "TLEMB002" | u32 dimension | u32 model-id bytes | model id (UTF-8) | 8-byte digest of all that
 *   | rows: sha256(text) (32 bytes) | dimension float32 | 8-byte digest of the key and vector
 *
 * all little-endian, oldest row first; digests are the first 8 bytes of a sha256. Writers append new rows to a
 * clean file, or build a complete new file and rename it over the old one, so readers see whole versions or, at
 * worst, a cut-off last row. Readers still
 * check everything: a damaged row is dropped (and its text embedded again), a cut-off file keeps its whole rows,
 * and a damaged header or another model's file is ignored.
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
  const rows = new Map<string, Float32Array>();
  const ignore = (why: string): DecodedCache => ({ rows, droppedRows: 0, ignored: why });
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
  let droppedRows = (bytes.length - expected.length) % size === 0 ? 0 : 1;
  for (let i = 0; i < count; i++) {
    const at = expected.length + i * size;
    const key = bytes.subarray(at, at + KEY_BYTES);
    const values = bytes.subarray(at + KEY_BYTES, at + size - CHECK_BYTES);
    if (!check(key, values).equals(bytes.subarray(at + size - CHECK_BYTES, at + size))) {
      droppedRows++;
      continue;
    }
    // Copy out: the values are not necessarily 4-byte aligned inside the buffer.
    rows.set(key.toString('hex'), new Float32Array(new Uint8Array(values).buffer));
  }
  return { rows, droppedRows, ignored: null };
}

/** Whether a header of some model and dimension is intact (its own digest matches). */
function headerChecks(bytes: Buffer): boolean {
  if (bytes.length < MAGIC.length + 8) return false;
  const end = MAGIC.length + 8 + bytes.readUInt32LE(MAGIC.length + 4);
  return bytes.length >= end + CHECK_BYTES && check(bytes.subarray(0, end)).equals(bytes.subarray(end, end + CHECK_BYTES));
}

/** What reading the cache file found: its usable rows, and whether new rows can be appended to it as it is. */
interface ReadCache {
  readonly rows: Map<string, Float32Array>;
  /** The file's size when it holds a valid header and whole, intact rows only; null when it must be rewritten. */
  readonly appendableBytes: number | null;
}

/** The usable rows of the cache file; a missing file is an empty cache, anything wrong with it is told. */
async function readCache(file: string, modelId: string, dimension: number, control: RunControl): Promise<ReadCache> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      control.onNotice?.(`The embedding cache ${file} could not be read (${String(error)}); every document is embedded again.`);
    return { rows: new Map(), appendableBytes: null };
  }
  const decoded = decodeCacheFile(bytes, modelId, dimension);
  if (decoded.ignored !== null) control.onNotice?.(`The embedding cache ${file} was ignored: ${decoded.ignored}. Its documents are embedded again.`);
  else if (decoded.droppedRows > 0) {
    const rows = decoded.droppedRows === 1 ? '1 damaged entry' : `${decoded.droppedRows} damaged entries`;
    control.onNotice?.(`The embedding cache ${file} had ${rows}, dropped; those documents are embedded again.`);
  }
  return { rows: decoded.rows, appendableBytes: decoded.ignored === null && decoded.droppedRows === 0 ? bytes.length : null };
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
  const { rows: cached, appendableBytes } = await readCache(file, modelId, dimension, control);
  const hashes = texts.map(contentHash);

  const missing = new Map<string, string>();
  hashes.forEach((hash, i) => {
    if (!cached.has(hash)) missing.set(hash, texts[i]);
  });
  if (missing.size > 0) {
    const fresh = await embedder.embed([...missing.values()], control);
    const added = new Map<string, Float32Array>();
    [...missing.keys()].forEach((hash, i) => {
      const vector = fresh.data.subarray(i * dimension, (i + 1) * dimension);
      cached.set(hash, vector);
      added.set(hash, vector);
    });
    const appendable = appendableBytes !== null && appendableBytes + added.size * rowBytes(dimension) <= MAX_FILE_BYTES;
    await storeRows(file, modelId, dimension, added, appendable ? null : cached);
  }

  const out = matrix(texts.length, dimension);
  hashes.forEach((hash, i) => out.data.set(cached.get(hash) as Float32Array, i * dimension));
  return out;
}

/**
 * Adds `added` to the cache file. A clean file under the size bound gets them appended (an update's few rows cost
 * their own bytes, not a rewrite of every row; rows appended by concurrent runs each stay whole, and a cut-off
 * append is a cut-off last row, which readers drop). Otherwise the file is rewritten from `all` merged with rows
 * another run wrote since this one read it (concurrent runs each add theirs), newest kept within the bound.
 */
async function storeRows(
  file: string,
  modelId: string,
  dimension: number,
  added: ReadonlyMap<string, Float32Array>,
  all: ReadonlyMap<string, Float32Array> | null,
): Promise<void> {
  if (all === null) {
    const rows = encodeCacheFile(modelId, dimension, added).subarray(encodeHeader(modelId, dimension).length);
    try {
      await appendFile(file, rows);
      return;
    } catch {
      // Fall through to a rewrite of what this run read and made.
    }
  }
  const merged = (await readCache(file, modelId, dimension, {})).rows;
  for (const [hash, vector] of all ?? added) {
    merged.delete(hash);
    merged.set(hash, vector);
  }
  await writeCache(file, encodeCacheFile(modelId, dimension, newestRows(merged, dimension)));
}
