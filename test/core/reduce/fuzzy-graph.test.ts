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
