import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { fuzzySimplicialSet, smoothKnnDistances } from '../../../src/core/reduce/fuzzy-graph';
import { nearestNeighbors, type Knn } from '../../../src/core/reduce/knn';
import { uniformRows } from './helpers';

async function sampleKnn(): Promise<Knn> {
  return nearestNeighbors(uniformRows(200, 6, seededRandom(1)), 15, { metric: 'euclidean', random: seededRandom(2) });
}

test('σ makes each row’s memberships (self excluded) sum to log2(k); ρ is the nearest other distance', async () => {
  const knn = await sampleKnn();
  const { sigmas, rhos } = smoothKnnDistances(knn);
  for (let i = 0; i < 200; i++) {
    assert.equal(rhos[i], knn.distances[i * 15 + 1]);
    let sum = 0;
    for (let j = 1; j < 15; j++) sum += Math.exp(-Math.max(0, knn.distances[i * 15 + j] - rhos[i]) / sigmas[i]);
    assert.ok(Math.abs(sum - Math.log2(15)) < 1e-3, `row ${i}: ${sum}`);
  }
});

test('σ has a floor when the neighbours sit at ρ: 1e-3 × the row’s mean distance, or the mean of all rows when ρ is 0', () => {
  // Rows of k = 3, self first: neighbours at ρ (σ would shrink to nothing), duplicates (ρ = 0), and an ordinary row.
  const distances = Float32Array.from([0, 2, 2, 0, 0, 0, 0, 1, 3]);
  const knn: Knn = { k: 3, indices: Int32Array.from([0, 1, 2, 1, 0, 2, 2, 0, 1]), distances };
  const { sigmas, rhos } = smoothKnnDistances(knn);
  assert.deepEqual([...rhos], [2, 0, 1]);
  const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) <= 1e-6 * expected, `${actual} vs ${expected}`);
  close(sigmas[0], 1e-3 * (4 / 3));
  close(sigmas[1], 1e-3 * (8 / 9));
  // The ordinary row: the memberships of its two neighbours sum to log2(3), far above the floor.
  assert.ok(Math.abs(1 + Math.exp(-(3 - 1) / sigmas[2]) - Math.log2(3)) < 1e-4, `${sigmas[2]}`);
});

test('the fuzzy union is symmetric, in (0, 1], and combines both directions as a + b − ab', async () => {
  const knn = await sampleKnn();
  const graph = fuzzySimplicialSet(knn);
  const { sigmas, rhos } = smoothKnnDistances(knn);
  const directed = (i: number, j: number): number => {
    for (let t = 1; t < 15; t++) {
      if (knn.indices[i * 15 + t] === j) return knn.distances[i * 15 + t] <= rhos[i] ? 1 : Math.exp(-(knn.distances[i * 15 + t] - rhos[i]) / sigmas[i]);
    }
    return 0;
  };
  const weight = (i: number, j: number): number => {
    for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) if (graph.indices[e] === j) return graph.weights[e];
    return 0;
  };
  for (let i = 0; i < graph.rows; i++) {
    for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) {
      const j = graph.indices[e];
      assert.notEqual(j, i);
      assert.ok(graph.weights[e] > 0 && graph.weights[e] <= 1);
      assert.equal(weight(j, i), graph.weights[e]);
      const a = directed(i, j);
      const b = directed(j, i);
      assert.ok(Math.abs(graph.weights[e] - (a + b - a * b)) < 1e-6);
    }
  }
});
