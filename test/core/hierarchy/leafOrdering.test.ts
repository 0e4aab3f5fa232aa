import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { optimalLeafOrdering } from '../../../src/core/hierarchy/leafOrdering';
import { clusterLeaves, condensedIndex, linkage } from '../../../src/core/hierarchy/linkage';
import { seededRandom } from '../../../src/core/random';
import { euclideanDistances } from './distances';

function randomPoints(n: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => [random(), random()]);
}

function orderCost(order: Int32Array, distances: Float64Array, n: number): number {
  let cost = 0;
  for (let i = 0; i + 1 < order.length; i++) cost += distances[condensedIndex(n, order[i], order[i + 1])];
  return cost;
}

describe('optimalLeafOrdering', () => {
  it('keeps every merge, its distance and its size; only the order of its two children may change; the top merge keeps its order', () => {
    for (const n of [2, 3, 7, 30]) {
      const distances = euclideanDistances(randomPoints(n, n));
      const tree = linkage(distances, n, 'ward');
      const ordered = optimalLeafOrdering(tree, distances);
      assert.deepEqual(Array.from(ordered.distance), Array.from(tree.distance));
      assert.deepEqual(Array.from(ordered.size), Array.from(tree.size));
      for (let k = 0; k < n - 1; k++) {
        assert.deepEqual(
          [ordered.left[k], ordered.right[k]].sort((a, b) => a - b),
          [tree.left[k], tree.right[k]].sort((a, b) => a - b),
        );
      }
      if (n > 1) assert.deepEqual([ordered.left[n - 2], ordered.right[n - 2]], [tree.left[n - 2], tree.right[n - 2]]);
    }
  });

  it('puts the closer of two leaves next to the third one', () => {
    // 0 and 1 merge first; 2 is nearer to 1 than to 0.
    const distances = Float64Array.from([1, 5, 3]); // d01, d02, d12
    const tree = linkage(distances, 3, 'average');
    assert.deepEqual([tree.left[1], tree.right[1]], [2, 3]);
    const ordered = optimalLeafOrdering(tree, distances);
    assert.deepEqual(Array.from(clusterLeaves(ordered)[4]), [2, 1, 0]);
  });

  it('orders two pairs so that their closest leaves meet', () => {
    let checked = 0;
    for (let seed = 0; seed < 20; seed++) {
      const distances = euclideanDistances(randomPoints(4, 100 + seed));
      const tree = linkage(distances, 4, 'ward');
      if (tree.left[2] < 4 || tree.right[2] < 4) continue; // a pair of pairs only
      const order = clusterLeaves(optimalLeafOrdering(tree, distances))[6];
      const [a, b] = [clusterLeaves(tree)[tree.left[2]], clusterLeaves(tree)[tree.right[2]]];
      let least = Infinity;
      for (const i of a) for (const j of b) least = Math.min(least, distances[condensedIndex(4, i, j)]);
      assert.equal(distances[condensedIndex(4, order[1], order[2])], least, `seed ${seed}`);
      assert.ok(orderCost(order, distances, 4) <= orderCost(clusterLeaves(tree)[6], distances, 4) + 1e-12);
      checked++;
    }
    assert.ok(checked >= 3, `only ${checked} of the random trees were pairs of pairs`);
  });
});
