import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { createRowStore } from '../../../src/core/reduce/row-store';
import { distance, uniformRows } from './helpers';

for (const metric of ['cosine', 'euclidean'] as const) {
  test(`SIMD ${metric} distances match a plain loop (columns not a multiple of 8), in pair and range form`, () => {
    const data = uniformRows(40, 19, seededRandom(1));
    const order = Int32Array.from({ length: 40 }, (_, i) => 39 - i);
    const store = createRowStore(data, order, metric);
    for (let t = 0; t < 100; t++) {
      store.left[t] = t % 40;
      store.right[t] = (t * 7) % 40;
    }
    store.pairDistances(100);
    for (let t = 0; t < 100; t++) {
      const expected = distance(data, order[t % 40], order[(t * 7) % 40], metric);
      assert.ok(Math.abs(store.out[t] - expected) < 1e-5, `${store.out[t]} vs ${expected}`);
    }
    store.rangeDistances(5, 10, 30);
    for (let j = 0; j < 30; j++) assert.ok(Math.abs(store.out[j] - distance(data, order[5], order[10 + j], metric)) < 1e-5);
  });
}

test('a zero row is at cosine distance 1 from everything', () => {
  const data = uniformRows(3, 4, seededRandom(2));
  data.data.fill(0, 0, 4);
  const store = createRowStore(data, Int32Array.from([0, 1, 2]), 'cosine');
  store.rangeDistances(0, 1, 2);
  assert.deepEqual(Array.from(store.out.subarray(0, 2)), [1, 1]);
});
