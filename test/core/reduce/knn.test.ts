import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError } from '../../../src/core/control';
import { seededRandom } from '../../../src/core/random';
import { firstNeighbors, nearestNeighbors } from '../../../src/core/reduce/knn';
import { bruteForceNeighbors, gaussianBlobs, permutation, reorderRows, uniformRows } from './helpers';

for (const metric of ['cosine', 'euclidean'] as const) {
  test(`exact ${metric} neighbours match brute force, self first at distance 0`, async () => {
    const data = uniformRows(300, 21, seededRandom(1));
    const k = 8;
    const knn = await nearestNeighbors(data, k, { metric, random: seededRandom(2), method: 'exact' });
    const expected = bruteForceNeighbors(data, k - 1, metric);
    assert.equal(knn.k, k);
    for (let i = 0; i < data.rows; i++) {
      assert.equal(knn.indices[i * k], i);
      assert.equal(knn.distances[i * k], 0);
      for (let j = 1; j < k; j++) {
        assert.ok(Math.abs(knn.distances[i * k + j] - expected.distances[i][j - 1]) < 1e-5, `row ${i} neighbour ${j}`);
        assert.equal(knn.indices[i * k + j], expected.indices[i][j - 1]);
      }
    }
  });
}

test('a row lists every other row, then −1 where fewer than k − 1 other rows exist', async () => {
  const data = uniformRows(4, 5, seededRandom(3));
  const knn = await nearestNeighbors(data, 6, { metric: 'euclidean', random: seededRandom(4), method: 'exact' });
  for (let i = 0; i < 4; i++) {
    const row = Array.from(knn.indices.subarray(i * 6, i * 6 + 6));
    assert.equal(row[0], i);
    assert.deepEqual(
      row.slice(1, 4).sort(),
      [0, 1, 2, 3].filter((j) => j !== i),
    );
    assert.deepEqual(row.slice(4), [-1, -1], `row ${i}: ${row.join(' ')}`);
  }
});

test('approximate (NN-descent) neighbours recall at least 95 % of the exact ones at k = 15', async () => {
  const data = uniformRows(3000, 12, seededRandom(3));
  const k = 15;
  const exact = await nearestNeighbors(data, k, { metric: 'euclidean', random: seededRandom(4), method: 'exact' });
  const approximate = await nearestNeighbors(data, k, { metric: 'euclidean', random: seededRandom(4), method: 'approximate' });
  let found = 0;
  for (let i = 0; i < data.rows; i++) {
    const kth = exact.distances[i * k + k - 1];
    for (let j = 1; j < k; j++) if (approximate.distances[i * k + j] <= kth) found++;
  }
  const recall = found / (data.rows * (k - 1));
  assert.ok(recall >= 0.95, `recall ${recall}`);
  assert.ok(approximate.indices.every((index, at) => index >= 0 && (at % k === 0) === (index === Math.floor(at / k))));
});

test('the same rows in another order get the same neighbours (approximate search included)', async () => {
  const { data } = gaussianBlobs(4, 150, 10, 1, seededRandom(5));
  const order = permutation(data.rows, seededRandom(6));
  const shuffled = reorderRows(data, order);
  const options = { metric: 'cosine' as const, method: 'approximate' as const };
  const a = await nearestNeighbors(data, 10, { ...options, random: seededRandom(7) });
  const b = await nearestNeighbors(shuffled, 10, { ...options, random: seededRandom(7) });
  for (let r = 0; r < data.rows; r++) {
    const i = order[r];
    for (let j = 0; j < 10; j++) {
      assert.equal(order[b.indices[r * 10 + j]], a.indices[i * 10 + j]);
      assert.equal(b.distances[r * 10 + j], a.distances[i * 10 + j]);
    }
  }
});

test('firstNeighbors keeps the nearest entries of each row', async () => {
  const data = uniformRows(50, 5, seededRandom(8));
  const knn = await nearestNeighbors(data, 15, { metric: 'euclidean', random: seededRandom(9) });
  const ten = firstNeighbors(knn, 10);
  assert.equal(ten.k, 10);
  for (let i = 0; i < 50; i++) assert.deepEqual(Array.from(ten.indices.subarray(i * 10, i * 10 + 10)), Array.from(knn.indices.subarray(i * 15, i * 15 + 10)));
  assert.throws(() => firstNeighbors(knn, 16), RangeError);
});

test('an aborted search throws CancelledError', async () => {
  const data = uniformRows(6000, 16, seededRandom(10));
  const controller = new AbortController();
  const search = nearestNeighbors(
    data,
    15,
    { metric: 'euclidean', random: seededRandom(11) },
    {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    },
  );
  await assert.rejects(search, CancelledError);
});
