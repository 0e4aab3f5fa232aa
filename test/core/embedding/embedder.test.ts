import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanPoolNormalized, normalizeRows, zeroRows } from '../../../src/core/embedding/embedder';

test('zeroRows lists exactly the all-zero rows', () => {
  const data = Float32Array.from([0, 0, 1, 0, 0, 0, 0, -0, 0, 0, 0, 1e-30]);
  assert.deepEqual(Array.from(zeroRows({ rows: 4, cols: 3, data })), [1, 2]);
  assert.deepEqual(Array.from(zeroRows({ rows: 0, cols: 3, data: new Float32Array(0) })), []);
});

test('mean pooling ignores masked tokens and returns unit rows', () => {
  // batch 2, sequence 3, dim 2; the second text's last token is padding with a large state that must not count.
  const states = Float32Array.from([1, 0, 3, 4, 0, 2, 2, 2, 0, 2, 100, -100]);
  const mask = BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n]);
  const pooled = meanPoolNormalized(states, mask, 2, 3, 2);
  const first = [4, 6].map((v) => v / Math.hypot(4, 6));
  const second = [2, 4].map((v) => v / Math.hypot(2, 4));
  [...first, ...second].forEach((v, i) => assert.ok(Math.abs(pooled[i] - v) < 1e-6, `value ${i}`));
});

test('a text whose tokens are all unknown or padding pools to a zero row, not NaN', () => {
  const states = Float32Array.from([0, 0, 0, 0, 5, 5, 7, 7]);
  const mask = BigInt64Array.from([1n, 1n, 0n, 0n]);
  const pooled = meanPoolNormalized(states, mask, 2, 2, 2);
  assert.deepEqual(Array.from(pooled), [0, 0, 0, 0]);
  assert.deepEqual(Array.from(meanPoolNormalized(new Float32Array(0), new BigInt64Array(0), 1, 0, 3)), [0, 0, 0]);
});

test('normalizeRows scales rows to unit length in place and zeroes rows that cannot be', () => {
  const data = Float32Array.from([3, 4, 0, 0, 0, -2, Infinity, 1, NaN, 1]);
  const same = normalizeRows(data, 2);
  assert.equal(same, data);
  assert.deepEqual(Array.from(data), [0.6000000238418579, 0.800000011920929, 0, 0, 0, -1, 0, 0, 0, 0]);
});
