import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readWinkVectors } from '../../src/modelBuilder/winkVectors';
import { writeWinkFixture, type WinkFixture } from '../support/winkFile';

let dir: string;
let fixture: WinkFixture;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wink-vectors-'));
  fixture = await writeWinkFixture(dir);
});
after(() => rm(dir, { recursive: true, force: true }));

test('reads the selected words with their ranks and vectors, whatever the chunk boundaries', async () => {
  // Escaped keys and non-ASCII keys must round-trip.
  const wanted = ['cat', '"', 'naïve', '\\', 'zebra', 'the'];
  for (const chunkBytes of [7, 64, 1 << 20]) {
    const read = await readWinkVectors(fixture.sourcePath, () => wanted, chunkBytes);
    assert.deepEqual(read.words, wanted);
    assert.equal(read.rankedWordCount, fixture.words.length);
    assert.equal(read.dimension, 6);
    wanted.forEach((word, slot) => {
      assert.equal(read.ranks[slot], fixture.words.indexOf(word) + 1, `rank of ${word}`);
      const expected = Float32Array.from(fixture.vectors.get(word) ?? []);
      assert.deepEqual(read.vectors.subarray(slot * 6, (slot + 1) * 6), expected, `vector of ${word}`);
    });
  }
});

test('the selection sees every word in rank order', async () => {
  let seen: readonly string[] = [];
  await readWinkVectors(fixture.sourcePath, (words) => {
    seen = words;
    return ['mat'];
  });
  assert.deepEqual(seen, fixture.words);
});

test('fails clearly on a word without a vector and on a file that is not wink embeddings', async () => {
  await assert.rejects(
    readWinkVectors(fixture.sourcePath, () => ['cat', 'not-in-file']),
    /no vector for 1 selected word/,
  );
  const other = path.join(dir, 'other.json');
  await writeFile(other, JSON.stringify({ hello: 'world' }));
  await assert.rejects(
    readWinkVectors(other, () => ['cat']),
    /Not a wink embeddings file/,
  );
});
