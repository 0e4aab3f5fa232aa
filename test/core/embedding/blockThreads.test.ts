/**
 * The SVD's products on two threads: whichever thread computes which chunk, every number is the one a single
 * thread computes, bit for bit, and the helper thread does take chunks.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { BlockProduct } from '../../../src/core/embedding/blockProducts';
import { startBlockRunner } from '../../../src/core/embedding/blockThreads';
import { seededRandom } from '../../../src/core/random';
import { createDenseArena, type DenseArena } from '../../../src/core/reduce/dense-arena';

/** Four products over random blocks of `arena` (the same numbers for the same seed), their outputs zeroed. */
function products(arena: DenseArena, seed: number): BlockProduct[] {
  const random = seededRandom(seed);
  const [rows, cols, width] = [3001, 301, 33];
  const filled = (length: number): Float64Array => {
    const block = arena.take(length);
    block.forEach((_, i) => (block[i] = random() - 0.5));
    return block;
  };
  const rowStart = arena.takeInt32(rows + 1);
  const entries: [number, number][] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) if (random() < 0.05) entries.push([c, random()]);
    rowStart[r + 1] = entries.length;
  }
  const columns = arena.takeInt32(entries.length);
  const values = arena.take(entries.length);
  entries.forEach(([c, v], e) => ((columns[e] = c), (values[e] = v)));
  const upper = filled(width * width);
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) upper[i * width + j] = 0;
  const a = filled(rows * width);
  return [
    { kind: 'sparseTimes', x: { rows, cols, rowStart, columns, values }, dense: filled(cols * width), width, out: arena.take(rows * width) },
    { kind: 'denseTimes', a, rows, inner: width, b: upper, width, out: arena.take(rows * width), upper: true },
    { kind: 'denseTimes', a, rows, inner: width, b: filled(width * 5), width: 5, out: arena.take(rows * 5), upper: false },
    { kind: 'crossProduct', a, b: a, rows, width, out: arena.take(width * width) },
  ];
}

const CAPACITY = 1_000_000;

test('products computed with a helper thread equal those of one thread, and the helper computes chunks', async () => {
  const alone = createDenseArena(CAPACITY, 20);
  const expected = products(alone, 7);
  const single = startBlockRunner(alone, false);
  for (const product of expected) single.run(product);
  assert.equal(single.helperChunks(), 0);

  const arena = createDenseArena(CAPACITY, 20, true);
  const runner = startBlockRunner(arena, true);
  try {
    const actual = products(arena, 7);
    // The helper starts in its own time (compiling the sources first): run until it has taken part, each time
    // checking every output.
    for (let round = 0; round < 300 && runner.helperChunks() === 0; round++) {
      for (const product of actual) runner.run(product);
      actual.forEach((product, p) => assert.deepEqual(product.out, expected[p].out, `${product.kind} in round ${round}`));
      await sleep(50);
    }
    assert.ok(runner.helperChunks() > 0, 'the helper computed no chunk');
    for (let round = 0; round < 10; round++) {
      for (const product of actual) runner.run(product);
      actual.forEach((product, p) => assert.deepEqual(product.out, expected[p].out, product.kind));
    }
  } finally {
    runner.stop();
  }
});
