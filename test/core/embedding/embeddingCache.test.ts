import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import type { RunControl } from '../../../src/core/control';
import type { Embedder } from '../../../src/core/embedding/embedder';
import { cacheFilePath, contentHash, decodeCacheFile, embedWithCache, encodeCacheFile } from '../../../src/core/embedding/embeddingCache';
import { createTransformersEmbedder } from '../../../src/core/embedding/transformersEmbedder';
import type { Matrix } from '../../../src/core/matrix';
import { bundledModelForTests } from '../../support/bundledModel';

/** The real embedder, recording which texts each call embeds. */
class RecordingEmbedder implements Embedder {
  readonly calls: string[][] = [];
  constructor(
    private readonly inner: Embedder,
    readonly modelId = inner.modelId,
  ) {}
  get dimension(): number {
    return this.inner.dimension;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  embed(texts: readonly string[], control?: RunControl): Promise<Matrix<Float32Array>> {
    this.calls.push([...texts]);
    return this.inner.embed(texts, control);
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

let model: Embedder;
let cacheDir: string;
const texts = ['the cat sat on the mat', 'stock prices fell sharply', '!!!', 'the cat sat on the mat', 'a kitten on a rug'];

before(async () => {
  const bundled = await bundledModelForTests();
  model = await createTransformersEmbedder({ backend: 'local', model: bundled.folder, allowRemoteModels: false });
});
after(() => model.dispose());
beforeEach(async () => {
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'embedding-cache-'));
});
afterEach(() => rm(cacheDir, { recursive: true, force: true }));

async function assertSameAsDirect(result: Matrix, input: readonly string[]): Promise<void> {
  assert.deepEqual(result, await model.embed(input));
}

test('contentHash is the hex sha256 of the UTF-8 text', () => {
  assert.equal(contentHash(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.notEqual(contentHash('café'), contentHash('cafe'));
});

test('a re-run embeds only new texts, each distinct text once', async () => {
  const recording = new RecordingEmbedder(model);
  await assertSameAsDirect(await embedWithCache(recording, texts, cacheDir), texts);
  assert.deepEqual(recording.calls, [['the cat sat on the mat', 'stock prices fell sharply', '!!!', 'a kitten on a rug']]);

  const more = [...texts, 'prices rose', 'a kitten on a rug', 'dogs bark'];
  await assertSameAsDirect(await embedWithCache(recording, more, cacheDir), more);
  assert.deepEqual(recording.calls[1], ['prices rose', 'dogs bark']);

  await assertSameAsDirect(await embedWithCache(recording, more.slice().reverse(), cacheDir), more.slice().reverse());
  assert.equal(recording.calls.length, 2, 'everything came from the cache');

  const otherModel = new RecordingEmbedder(model, 'another-model');
  await embedWithCache(otherModel, texts, cacheDir);
  assert.equal(otherModel.calls.length, 1, 'rows of one model are never served for another');
});

/** Embeds `input` through the cache, returning the texts the model was asked for and the notices given. */
async function cachedRun(input: readonly string[]): Promise<{ embedded: string[]; notices: string[] }> {
  const recording = new RecordingEmbedder(model);
  const notices: string[] = [];
  await assertSameAsDirect(await embedWithCache(recording, input, cacheDir, { onNotice: (message) => notices.push(message) }), input);
  return { embedded: recording.calls.flat(), notices };
}

const distinct = [...new Set(texts)];
/** Where row `i` of a cache file (for `model`) starts, and how long a row is. */
function rowAt(bytes: Buffer, i: number): { start: number; length: number } {
  const length = 32 + 4 * model.dimension + 8;
  return { start: bytes.length - (distinct.length - i) * length, length };
}

test('a damaged entry is dropped and embedded again; the other entries are still used', async () => {
  await cachedRun(texts);
  const file = cacheFilePath(cacheDir, model.modelId);
  const bytes = await readFile(file);
  const row = rowAt(bytes, 1);
  const damaged = Buffer.from(bytes);
  damaged[row.start + 40] ^= 0x40;
  await writeFile(file, damaged);
  const run = await cachedRun(texts);
  assert.deepEqual(run.embedded, [distinct[1]]);
  assert.equal(run.notices.length, 1);
  assert.match(run.notices[0], /had 1 damaged entry, dropped; those documents are embedded again\.$/);
  assert.deepEqual(await cachedRun(texts), { embedded: [], notices: [] }, 'the entry is whole again');
});

test('a cut-off cache file keeps its whole entries', async () => {
  await cachedRun(texts);
  const file = cacheFilePath(cacheDir, model.modelId);
  const bytes = await readFile(file);
  await truncate(file, rowAt(bytes, distinct.length - 2).start + 10);
  const run = await cachedRun(texts);
  assert.deepEqual(run.embedded, distinct.slice(-2));
  assert.match(run.notices[0], /had 1 damaged entry/);
  assert.deepEqual(await cachedRun(texts), { embedded: [], notices: [] }, 'rewritten whole, not appended after the cut');
});

test('new rows are appended to a clean cache file: the rows already there are not rewritten', async () => {
  await cachedRun(texts);
  const file = cacheFilePath(cacheDir, model.modelId);
  const before = await readFile(file);
  const { ino } = await stat(file);
  const run = await cachedRun([...texts, 'a text the cache has not seen']);
  assert.deepEqual(run.embedded, ['a text the cache has not seen']);
  const after = await readFile(file);
  assert.equal(after.length, before.length + 32 + 4 * model.dimension + 8);
  assert.ok(after.subarray(0, before.length).equals(before), 'the earlier bytes are untouched');
  assert.equal((await stat(file)).ino, ino, 'the same file, appended to (a rewrite renames a new file over it)');
  assert.deepEqual(await cachedRun([...texts, 'a text the cache has not seen']), { embedded: [], notices: [] });
});

test('a cache file with a damaged header, of another version or not a cache at all is ignored, and said so', async () => {
  const file = cacheFilePath(cacheDir, model.modelId);
  const cases: [string, (bytes: Buffer) => Buffer, RegExp][] = [
    ['damaged header', (bytes) => Buffer.concat([bytes.subarray(0, 9), Buffer.from([bytes[9] ^ 1]), bytes.subarray(10)]), /its header is damaged/],
    ['older version', (bytes) => Buffer.concat([Buffer.from('TLEMB001'), bytes.subarray(8)]), /another version of Topic Lens wrote it/],
    ['not a cache', () => Buffer.from('not a cache'), /it is not an embedding cache/],
    ['empty', () => Buffer.alloc(0), /it is not an embedding cache/],
  ];
  for (const [name, damage, notice] of cases) {
    await rm(file, { force: true });
    await cachedRun(texts);
    await writeFile(file, damage(await readFile(file)));
    const run = await cachedRun(texts);
    assert.deepEqual(run.embedded, distinct, name);
    assert.equal(run.notices.length, 1, name);
    assert.match(run.notices[0], notice, name);
    assert.deepEqual(await cachedRun(texts), { embedded: [], notices: [] }, `${name}: replaced by a valid file`);
  }
});

test('a cache file of another model under the same name is ignored', async () => {
  const file = cacheFilePath(cacheDir, model.modelId);
  await writeFile(file, encodeCacheFile('another-model', model.dimension, new Map([[contentHash(texts[0]), new Float32Array(model.dimension)]])));
  const run = await cachedRun(texts);
  assert.deepEqual(run.embedded, distinct);
  assert.match(run.notices[0], /it holds another model or dimension/);
});

test('concurrent runs on one cache all get correct rows and leave a valid file', async () => {
  const batches = [texts, ['dogs bark', 'cats purr'], ['the cat sat on the mat', 'birds sing']];
  const results = await Promise.all(batches.map((batch) => embedWithCache(new RecordingEmbedder(model), batch, cacheDir)));
  for (let i = 0; i < batches.length; i++) await assertSameAsDirect(results[i], batches[i]);
  // Each writer merges what it read with its own batch: the file holds whole batches (the last writer's at least,
  // any it read from an earlier writer too), each row the text's own embedding, and no damaged row.
  const decoded = decodeCacheFile(await readFile(cacheFilePath(cacheDir, model.modelId)), model.modelId, model.dimension);
  assert.equal(decoded.droppedRows, 0);
  const rows = decoded.rows;
  const distinct = [...new Set(batches.flat())];
  const direct = await model.embed(distinct);
  const hashOf = new Map(distinct.map((text) => [contentHash(text), text]));
  for (const [hash, row] of rows) {
    const text = hashOf.get(hash);
    assert.ok(text !== undefined, `a row for a text that was never embedded (${hash})`);
    const expected = direct.data.subarray(distinct.indexOf(text) * model.dimension, (distinct.indexOf(text) + 1) * model.dimension);
    assert.ok(
      row.every((value, i) => Math.abs(value - expected[i]) <= 1e-6),
      `the cached row of "${text}" is not its embedding`,
    );
  }
  const whole = batches.filter((batch) => batch.every((text) => rows.has(contentHash(text))));
  assert.ok(whole.length > 0, "no writer's batch is complete in the file");
  assert.deepEqual(new Set(rows.keys()), new Set(whole.flat().map(contentHash)), 'the file holds part of a batch');
});

test('the file format round-trips and rejects another model or dimension', () => {
  const rows = new Map([
    [contentHash('a'), Float32Array.of(1, 0, 0)],
    [contentHash('b'), Float32Array.of(0, 0.6, 0.8)],
  ]);
  const bytes = encodeCacheFile('model-x', 3, rows);
  assert.deepEqual(decodeCacheFile(bytes, 'model-x', 3), { rows, droppedRows: 0, ignored: null });
  assert.equal(decodeCacheFile(bytes, 'model-y', 3).rows.size, 0);
  assert.equal(decodeCacheFile(bytes, 'model-x', 4).rows.size, 0);
});

test('without a cache directory it simply embeds', async () => {
  const recording = new RecordingEmbedder(model);
  await assertSameAsDirect(await embedWithCache(recording, texts, undefined), texts);
  assert.equal(recording.calls.length, 1);
});
