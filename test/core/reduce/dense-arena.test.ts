/** The SIMD multiply-add kernels give exactly the plain JavaScript sums (same operations, same order). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { createDenseArena } from '../../../src/core/reduce/dense-arena';

test('multiplyAdd4 and multiplyAdd1 are bit-identical to the JavaScript expression, odd and even lengths, any offset', () => {
  const random = seededRandom(3);
  const arena = createDenseArena(6 * 101, 6);
  const blocks = Array.from({ length: 5 }, () => {
    const block = arena.take(101);
    block.forEach((_, j) => (block[j] = (random() - 0.5) * 10 ** Math.floor(random() * 6)));
    return block;
  });
  const out = arena.take(101);
  for (const [o, starts, length] of [
    [0, [0, 0, 0, 0], 100],
    [1, [3, 0, 7, 2], 93],
    [5, [1, 2, 3, 4], 1],
    [0, [0, 0, 0, 0], 0],
  ] as const) {
    out.forEach((_, j) => (out[j] = random()));
    const expected = Float64Array.from(out);
    const w = [random() - 0.5, random() * 3, -random(), random() * 1e-3];
    for (let j = 0; j < length; j++) {
      expected[o + j] += w[0] * blocks[0][starts[0] + j] + w[1] * blocks[1][starts[1] + j] + w[2] * blocks[2][starts[2] + j] + w[3] * blocks[3][starts[3] + j];
    }
    arena.multiplyAdd4(out, o, blocks[0], starts[0], blocks[1], starts[1], blocks[2], starts[2], blocks[3], starts[3], w[0], w[1], w[2], w[3], length);
    assert.deepEqual(out, expected);
    for (let j = 0; j < length; j++) expected[o + j] += w[1] * blocks[4][starts[1] + j];
    arena.multiplyAdd1(out, o, blocks[4], starts[1], w[1], length);
    assert.deepEqual(out, expected);
  }
});

test('an arena refuses a block beyond its capacity', () => {
  const arena = createDenseArena(10, 1);
  assert.equal(arena.take(4).length, 4);
  assert.throws(() => arena.take(100_000), /dense arena full/);
});
