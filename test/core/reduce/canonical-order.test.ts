import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { canonicalRowOrder, inverseOrder } from '../../../src/core/reduce/canonical-order';
import { permutation, reorderRows, uniformRows } from './helpers';

test('the canonical order lists the same row contents whatever the input order', () => {
  const data = uniformRows(500, 7, seededRandom(1));
  // Two identical rows: interchangeable, but both must appear.
  data.data.set(data.data.subarray(0, 7), 7 * 3);
  const shuffle = permutation(500, seededRandom(2));
  const shuffled = reorderRows(data, shuffle);
  const a = canonicalRowOrder(data);
  const b = canonicalRowOrder(shuffled);
  for (let p = 0; p < 500; p++) {
    assert.deepEqual(Array.from(shuffled.data.subarray(b[p] * 7, b[p] * 7 + 7)), Array.from(data.data.subarray(a[p] * 7, a[p] * 7 + 7)));
  }
  assert.deepEqual(
    Array.from(a).sort((x, y) => x - y),
    Array.from({ length: 500 }, (_, i) => i),
  );
});

test('inverseOrder gives each row its canonical position', () => {
  const order = Int32Array.from([2, 0, 3, 1]);
  assert.deepEqual(Array.from(inverseOrder(order)), [1, 3, 0, 2]);
});
