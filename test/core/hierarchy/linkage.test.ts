import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { denseCosineDistances } from '../../../src/core/hierarchy/cosineDistances';
import { clusterLeaves, condensedIndex, linkage, type LinkageMethod } from '../../../src/core/hierarchy/linkage';
import { seededRandom } from '../../../src/core/random';
import { euclideanDistances } from './distances';

interface ScipyCase {
  readonly n: number;
  readonly metric: 'euclidean' | 'cosine' | 'constant';
  readonly method: LinkageMethod;
  readonly points: number[][] | null;
  readonly linkage: [number, number, number, number][];
}

const fixture = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/hierarchy/scipy_linkage.json'), 'utf8')) as { cases: ScipyCase[] };

function distancesOf(c: ScipyCase): Float64Array {
  if (c.metric === 'constant') return new Float64Array((c.n * (c.n - 1)) / 2).fill(1);
  if (c.metric === 'euclidean') return euclideanDistances(c.points!);
  return denseCosineDistances({ rows: c.n, cols: c.points![0].length, data: Float64Array.from(c.points!.flat()) });
}

describe('linkage', () => {
  for (const c of fixture.cases) {
    it(`matches scipy's linkage(${c.metric} distances of ${c.n} points, "${c.method}")`, () => {
      const tree = linkage(distancesOf(c), c.n, c.method);
      c.linkage.forEach(([left, right, distance, size], k) => {
        assert.deepEqual([tree.left[k], tree.right[k], tree.size[k]], [left, right, size], `row ${k}`);
        assert.ok(Math.abs(tree.distance[k] - distance) <= 1e-9 * Math.max(1, distance), `row ${k}: distance ${tree.distance[k]} vs ${distance}`);
      });
    });
  }

  it('gives Ward distances sqrt(2·|a|·|b|/(|a| + |b|))·|centroid a − centroid b| on Euclidean points', () => {
    const random = seededRandom(4);
    const points = Array.from({ length: 25 }, () => [random(), random(), random()]);
    const tree = linkage(euclideanDistances(points), points.length, 'ward');
    const leaves = clusterLeaves(tree);
    const centroid = (members: Int32Array) => [0, 1, 2].map((k) => members.reduce((sum, i) => sum + points[i][k], 0) / members.length);
    for (let k = 0; k < tree.left.length; k++) {
      const a = leaves[tree.left[k]];
      const b = leaves[tree.right[k]];
      const gap = Math.hypot(...centroid(a).map((x, j) => x - centroid(b)[j]));
      const expected = Math.sqrt((2 * a.length * b.length) / (a.length + b.length)) * gap;
      assert.ok(Math.abs(tree.distance[k] - expected) < 1e-12 * Math.max(1, expected), `merge ${k}`);
    }
  });

  it('merges by average distance: every merge joins the two clusters of least mean pairwise distance', () => {
    const random = seededRandom(8);
    const points = Array.from({ length: 18 }, () => [random(), random()]);
    const distances = euclideanDistances(points);
    const n = points.length;
    const tree = linkage(distances, n, 'average');
    const leaves = clusterLeaves(tree);
    const live = new Set(Array.from({ length: n }, (_, i) => i));
    const mean = (a: Int32Array, b: Int32Array) => {
      let sum = 0;
      for (const i of a) for (const j of b) sum += distances[condensedIndex(n, i, j)];
      return sum / (a.length * b.length);
    };
    for (let k = 0; k < n - 1; k++) {
      let least = Infinity;
      for (const a of live) for (const b of live) if (a < b) least = Math.min(least, mean(leaves[a], leaves[b]));
      assert.ok(Math.abs(tree.distance[k] - least) < 1e-12, `merge ${k}: ${tree.distance[k]} vs the least mean ${least}`);
      assert.ok(Math.abs(mean(leaves[tree.left[k]], leaves[tree.right[k]]) - least) < 1e-12);
      live.delete(tree.left[k]);
      live.delete(tree.right[k]);
      live.add(n + k);
    }
  });

  it('numbers a condensed matrix as scipy does and refuses one of the wrong length', () => {
    assert.deepEqual([condensedIndex(4, 0, 1), condensedIndex(4, 0, 3), condensedIndex(4, 1, 2), condensedIndex(4, 3, 2)], [0, 2, 3, 5]);
    assert.throws(() => linkage(new Float64Array(5), 4, 'ward'), RangeError);
    assert.equal(linkage(new Float64Array(0), 1, 'ward').left.length, 0);
  });
});
