import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import type { RunControl } from '../../../src/core/control';
import type { Embedder } from '../../../src/core/embedding/embedder';
import {
  cacheFilePath,
  contentHash,
  decodeCacheFile,
  embedWithCache,
  encodeCacheFile,
} from '../../../src/core/embedding/embeddingCache';
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

test('corrupted or truncated cache files are ignored and replaced', async () => {
  const recording = new RecordingEmbedder(model);
  await embedWithCache(recording, texts, cacheDir);
  const file = cacheFilePath(cacheDir, model.modelId);
  const bytes = await readFile(file);

  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 3] ^= 0x40;
  await writeFile(file, flipped);
  await assertSameAsDirect(await embedWithCache(recording, texts, cacheDir), texts);
  assert.equal(recording.calls.length, 2, 're-embedded after corruption');

  await truncate(file, bytes.length - 10);
  await assertSameAsDirect(await embedWithCache(recording, texts, cacheDir), texts);
  assert.equal(recording.calls.length, 3, 're-embedded after truncation');

  await writeFile(file, 'not a cache');
  await embedWithCache(recording, texts, cacheDir);
  assert.equal(recording.calls.length, 4);
  await embedWithCache(recording, texts, cacheDir);
  assert.equal(recording.calls.length, 4, 'the replaced file is valid again');
});

test('concurrent runs on one cache all get correct rows and leave a valid file', async () => {
  const batches = [texts, ['dogs bark', 'cats purr'], ['the cat sat on the mat', 'birds sing']];
  const results = await Promise.all(batches.map((batch) => embedWithCache(new RecordingEmbedder(model), batch, cacheDir)));
  for (let i = 0; i < batches.length; i++) await assertSameAsDirect(results[i], batches[i]);
  const rows = decodeCacheFile(await readFile(cacheFilePath(cacheDir, model.modelId)), model.modelId, model.dimension);
  assert.ok(rows.size >= 2, 'one of the writers won');
});

test('the file format round-trips and rejects another model or dimension', () => {
  const rows = new Map([
    [contentHash('a'), Float32Array.of(1, 0, 0)],
    [contentHash('b'), Float32Array.of(0, 0.6, 0.8)],
  ]);
  const bytes = encodeCacheFile('model-x', 3, rows);
  assert.deepEqual(decodeCacheFile(bytes, 'model-x', 3), rows);
  assert.equal(decodeCacheFile(bytes, 'model-y', 3).size, 0);
  assert.equal(decodeCacheFile(bytes, 'model-x', 4).size, 0);
});

test('without a cache directory it simply embeds', async () => {
  const recording = new RecordingEmbedder(model);
  await assertSameAsDirect(await embedWithCache(recording, texts, undefined), texts);
  assert.equal(recording.calls.length, 1);
});
