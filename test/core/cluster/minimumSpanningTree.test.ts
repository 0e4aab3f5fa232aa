import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreDistances } from '../../../src/core/cluster/coreDistances';
import { buildKdTree } from '../../../src/core/cluster/kdTree';
import { boruvkaSpanningTree } from '../../../src/core/cluster/boruvka';
import { mutualReachabilitySpanningTree } from '../../../src/core/cluster/minimumSpanningTree';
import { primSpanningTree } from '../../../src/core/cluster/prim';
import type { SpanningTree } from '../../../src/core/cluster/spanningTree';
import { UnionFind } from '../../../src/core/cluster/unionFind';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import { assertClose, column, fixturePoints, loadHdbscanFixtures } from './hdbscanFixtures';

const fixtures = loadHdbscanFixtures();

/** The README's definition: Kruskal over all pairs i < j in (w, i, j) order. */
function kruskal(points: Matrix<Float64Array>, core: Float64Array): SpanningTree {
  const { rows: n, cols: dim, data } = points;
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += (data[i * dim + k] - data[j * dim + k]) ** 2;
      edges.push([Math.max(core[i], core[j], Math.sqrt(sum)), i, j]);
    }
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const sets = new UnionFind(n);
  const tree = edges.filter(([, i, j]) => sets.union(i, j) >= 0);
  return { from: Int32Array.from(tree, (e) => e[1]), to: Int32Array.from(tree, (e) => e[2]), weight: Float64Array.from(tree, (e) => e[0]) };
}

async function bothTrees(points: Matrix<Float64Array>, minSamples: number, leafSize?: number) {
  const tree = buildKdTree(points, leafSize);
  const core = await coreDistances(tree, minSamples);
  return {
    core,
    prim: await primSpanningTree(tree, core),
    boruvka: await boruvkaSpanningTree(tree, core),
    chosen: await mutualReachabilitySpanningTree(tree, core),
  };
}

describe('mutual-reachability spanning tree', () => {
  for (const fixture of fixtures) {
    it(`Prim and Borůvka build the same exact MST (${fixture.name})`, async () => {
      const { prim, boruvka, chosen } = await bothTrees(fixturePoints(fixture), fixture.params.min_samples_effective);
      assert.deepEqual(boruvka, prim);
      assert.deepEqual(chosen, prim);
      const total = prim.weight.reduce((s, w) => s + w, 0);
      assert.ok(Math.abs(total - fixture.checks.exact_mst_total_weight) <= 1e-12 * total, `total weight ${total}`);
      const mst = fixture.canonical.minimum_spanning_tree;
      if (mst) {
        assert.deepEqual([...prim.from], column(mst, 'from'));
        assert.deepEqual([...prim.to], column(mst, 'to'));
        assertClose(prim.weight, column(mst, 'distance'), 1e-12, 'weight', true);
      }
    });
  }

  for (const [name, dim, grid, minSamples, leafSize] of [
    ['2-d integer grid, many ties and duplicates', 2, 6, 3, 2],
    ['5-d integer grid', 5, 3, 5, 8],
    ['3-d continuous', 3, 0, 10, 32],
  ] as const) {
    it(`equals Kruskal in (w, i, j) order: ${name}`, async () => {
      const random = seededRandom(dim * 100 + grid);
      const data = Float64Array.from({ length: 250 * dim }, () => (grid > 0 ? Math.floor(random() * grid) : random()));
      const points = { rows: 250, cols: dim, data };
      const { core, prim, boruvka } = await bothTrees(points, minSamples, leafSize);
      const expected = kruskal(points, core);
      assert.deepEqual(prim, expected);
      assert.deepEqual(boruvka, expected);
    });
  }
});
