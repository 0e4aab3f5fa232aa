import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildKdTree, squaredDistanceBetween, squaredDistanceBetweenBoxes, squaredDistanceToBox } from '../../../src/core/cluster/kdTree';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';

function randomPoints(rows: number, cols: number, seed: number, grid = 0): Matrix<Float64Array> {
  const random = seededRandom(seed);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = grid > 0 ? Math.floor(random() * grid) : random() * 10 - 5;
  return { rows, cols, data };
}

describe('buildKdTree', () => {
  for (const [name, points, leafSize] of [
    ['uniform 3-d', randomPoints(500, 3, 1), 8],
    ['integer grid 5-d with duplicates', randomPoints(700, 5, 2, 3), 4],
    ['one repeated point', { rows: 50, cols: 2, data: new Float64Array(100).fill(1.5) }, 4],
  ] as const) {
    it(`holds every point once, in nested boxes (${name})`, () => {
      const tree = buildKdTree(points, leafSize);
      const { dim, coords, index } = tree;
      assert.deepEqual(
        [...index].sort((a, b) => a - b),
        Array.from({ length: points.rows }, (_, i) => i),
      );
      for (let p = 0; p < tree.size; p++) {
        for (let k = 0; k < dim; k++) assert.equal(coords[p * dim + k], points.data[index[p] * dim + k]);
      }
      assert.equal(tree.start[0], 0);
      assert.equal(tree.end[0], points.rows);
      for (let node = 0; node < tree.nodeCount; node++) {
        for (let p = tree.start[node]; p < tree.end[node]; p++) {
          for (let k = 0; k < dim; k++) {
            assert.ok(coords[p * dim + k] >= tree.lower[node * dim + k] && coords[p * dim + k] <= tree.upper[node * dim + k]);
          }
        }
        const [a, b] = [tree.left[node], tree.right[node]];
        if (a < 0) {
          assert.equal(b, -1);
          const allEqual = tree.lower.subarray(node * dim, node * dim + dim).every((v, k) => v === tree.upper[node * dim + k]);
          assert.ok(tree.end[node] - tree.start[node] <= leafSize || allEqual, 'leaves are small unless they hold one repeated point');
        } else {
          assert.ok(a > node && b > node, 'children come after their parent');
          assert.equal(tree.start[a], tree.start[node]);
          assert.equal(tree.end[a], tree.start[b]);
          assert.equal(tree.end[b], tree.end[node]);
        }
      }
    });
  }

  it('gives each node the tight box of its points, and splits it at the median of its widest dimension', () => {
    // Spreads below 1, the widest not the first: the split dimension must be chosen by spread.
    const random = seededRandom(9);
    const scales = [0.2, 0.9, 0.5];
    const data = Float64Array.from({ length: 300 * 3 }, (_, i) => random() * scales[i % 3]);
    const tree = buildKdTree({ rows: 300, cols: 3, data }, 8);
    const { dim, coords } = tree;
    const along = (node: number, k: number) => Array.from({ length: tree.end[node] - tree.start[node] }, (_, i) => coords[(tree.start[node] + i) * dim + k]);
    for (let node = 0; node < tree.nodeCount; node++) {
      const spreads = [0, 1, 2].map((k) => Math.max(...along(node, k)) - Math.min(...along(node, k)));
      for (let k = 0; k < dim; k++) {
        assert.equal(tree.lower[node * dim + k], Math.min(...along(node, k)));
        assert.equal(tree.upper[node * dim + k], Math.max(...along(node, k)));
      }
      const [a, b] = [tree.left[node], tree.right[node]];
      if (a < 0) continue;
      const widest = spreads.indexOf(Math.max(...spreads));
      assert.ok(Math.max(...along(a, widest)) <= Math.min(...along(b, widest)), `node ${node} is not split along its widest dimension ${widest}`);
      assert.ok(Math.abs(tree.end[a] - tree.start[a] - (tree.end[b] - tree.start[b])) <= 1, 'the halves differ by at most one point');
    }
  });

  it('measures the distance from a point to a box and between two boxes exactly (the gaps outside the box)', () => {
    const tree = buildKdTree(randomPoints(200, 3, 6), 8);
    const queries = randomPoints(20, 3, 7);
    const gap = (x: number, lo: number, hi: number) => Math.max(lo - x, 0, x - hi);
    for (let node = 0; node < tree.nodeCount; node++) {
      const box = (k: number) => [tree.lower[node * 3 + k], tree.upper[node * 3 + k]] as const;
      for (let q = 0; q < queries.rows; q++) {
        const expected = [0, 1, 2].reduce((sum, k) => sum + gap(queries.data[q * 3 + k], ...box(k)) ** 2, 0);
        assert.ok(Math.abs(squaredDistanceToBox(tree, node, queries.data, q * 3) - expected) < 1e-12);
      }
      const other = tree.nodeCount - 1 - node;
      const between = [0, 1, 2].reduce((sum, k) => {
        const [lo, hi] = box(k);
        const [otherLo, otherHi] = [tree.lower[other * 3 + k], tree.upper[other * 3 + k]];
        return sum + Math.max(otherLo - hi, 0, lo - otherHi) ** 2;
      }, 0);
      assert.ok(Math.abs(squaredDistanceBetweenBoxes(tree, node, other) - between) < 1e-12);
    }
  });

  it('bounds every distance into a box from below', () => {
    const points = randomPoints(400, 4, 3);
    const tree = buildKdTree(points, 6);
    const queries = buildKdTree(randomPoints(30, 4, 4), 64);
    for (let q = 0; q < queries.size; q++) {
      for (let node = 0; node < tree.nodeCount; node++) {
        const boxD2 = squaredDistanceToBox(tree, node, queries.coords, q * 4);
        for (let p = tree.start[node]; p < tree.end[node]; p++) {
          let d2 = 0;
          for (let k = 0; k < 4; k++) d2 += (queries.coords[q * 4 + k] - tree.coords[p * 4 + k]) ** 2;
          assert.ok(boxD2 <= d2);
        }
      }
    }
  });

  it('bounds every distance between two boxes from below', () => {
    const tree = buildKdTree(randomPoints(300, 3, 5), 4);
    for (let a = 0; a < tree.nodeCount; a += 3) {
      for (let b = 0; b < tree.nodeCount; b += 2) {
        const boxesD2 = squaredDistanceBetweenBoxes(tree, a, b);
        assert.equal(boxesD2, squaredDistanceBetweenBoxes(tree, b, a));
        for (let p = tree.start[a]; p < tree.end[a]; p++) {
          for (let q = tree.start[b]; q < tree.end[b]; q++) assert.ok(boxesD2 <= squaredDistanceBetween(tree.coords, 3, p, q));
        }
      }
    }
  });

  it('computes squared distances between tree positions dimension by dimension', () => {
    const tree = buildKdTree({ rows: 2, cols: 3, data: Float64Array.of(0, 1, 2, 3, 5, 2) });
    assert.equal(squaredDistanceBetween(tree.coords, 3, 0, 1), 25);
  });
});
