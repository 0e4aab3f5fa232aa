/**
 * An on-disk embedding cache, so a re-run embeds only the texts that changed. One binary file per model:
 *
 *   magic "TLEMB001" | u32 dimension | u32 count | u32 model-id bytes | sha256 of the rest (32 bytes)
 *   | model id (UTF-8) | count × sha256(text) (32 bytes each) | count × dimension float32 rows
 *
 * all little-endian. Writers build a complete new file and rename it over the old one, so concurrent readers see
 * either version, never a torn one; a file that fails any check (magic, sizes, model id, digest) is ignored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunControl } from '../control';
import { matrix, type Matrix } from '../matrix';
import type { Embedder } from './embedder';

const MAGIC = Buffer.from('TLEMB001', 'latin1');
const HEADER_BYTES = MAGIC.length + 12;
const DIGEST_BYTES = 32;
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

export function encodeCacheFile(modelId: string, dimension: number, rows: ReadonlyMap<string, Float32Array>): Buffer {
  const id = Buffer.from(modelId, 'utf8');
  const keys = Buffer.alloc(rows.size * DIGEST_BYTES);
  const vectors = new Float32Array(rows.size * dimension);
  let i = 0;
  for (const [hash, vector] of rows) {
    keys.write(hash, i * DIGEST_BYTES, 'hex');
    vectors.set(vector, i * dimension);
    i += 1;
  }
  const body = Buffer.concat([id, keys, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength)]);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header);
  header.writeUInt32LE(dimension, MAGIC.length);
  header.writeUInt32LE(rows.size, MAGIC.length + 4);
  header.writeUInt32LE(id.length, MAGIC.length + 8);
  return Buffer.concat([header, createHash('sha256').update(body).digest(), body]);
}

/** The rows of a cache file, in file order (oldest first); empty when the file is not a valid cache for this model. */
export function decodeCacheFile(bytes: Buffer, modelId: string, dimension: number): Map<string, Float32Array> {
  const rows = new Map<string, Float32Array>();
  if (bytes.length < HEADER_BYTES + DIGEST_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return rows;
  const storedDimension = bytes.readUInt32LE(MAGIC.length);
  const count = bytes.readUInt32LE(MAGIC.length + 4);
  const idBytes = bytes.readUInt32LE(MAGIC.length + 8);
  const bodyStart = HEADER_BYTES + DIGEST_BYTES;
  if (storedDimension !== dimension || bytes.length !== bodyStart + idBytes + count * (DIGEST_BYTES + 4 * dimension)) {
    return rows;
  }
  const body = bytes.subarray(bodyStart);
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(HEADER_BYTES, bodyStart))) return rows;
  if (body.toString('utf8', 0, idBytes) !== modelId) return rows;
  const keysStart = idBytes;
  const vectorsStart = keysStart + count * DIGEST_BYTES;
  // Copy out: the vectors are not necessarily 4-byte aligned inside the buffer.
  const vectors = new Float32Array(new Uint8Array(body.subarray(vectorsStart)).buffer);
  for (let i = 0; i < count; i++) {
    const key = body.toString('hex', keysStart + i * DIGEST_BYTES, keysStart + (i + 1) * DIGEST_BYTES);
    rows.set(key, vectors.subarray(i * dimension, (i + 1) * dimension));
  }
  return rows;
}

async function readCache(file: string, modelId: string, dimension: number): Promise<Map<string, Float32Array>> {
  try {
    return decodeCacheFile(await readFile(file), modelId, dimension);
  } catch {
    return new Map();
  }
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
  const limit = Math.floor(MAX_FILE_BYTES / (DIGEST_BYTES + 4 * dimension));
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
  const cached = await readCache(file, modelId, dimension);
  const hashes = texts.map(contentHash);

  const missing = new Map<string, string>();
  hashes.forEach((hash, i) => {
    if (!cached.has(hash)) missing.set(hash, texts[i]);
  });
  if (missing.size > 0) {
    const fresh = await embedder.embed([...missing.values()], control);
    [...missing.keys()].forEach((hash, i) => {
      cached.set(hash, fresh.data.subarray(i * dimension, (i + 1) * dimension));
    });
    await writeCache(file, encodeCacheFile(modelId, dimension, newestRows(cached, dimension)));
  }

  const out = matrix(texts.length, dimension);
  hashes.forEach((hash, i) => out.data.set(cached.get(hash) as Float32Array, i * dimension));
  return out;
}
