import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterBirths, clusterStabilities, condensedClusterCount, condenseTree, type CondensedTree } from '../../../src/core/cluster/condensedTree';
import { assertClose, column, loadHdbscanFixtures } from './hdbscanFixtures';
import { SIX_POINTS } from './handTrees';

const rowsOf = (tree: CondensedTree) => [...tree.parent].map((p, r) => [p, tree.child[r], tree.lambda[r], tree.childSize[r]]);

describe('condenseTree', () => {
  it('condenses a single point (no merges) to an empty tree without clusters', () => {
    const tree = condenseTree({ left: new Int32Array(0), right: new Int32Array(0), distance: new Float64Array(0), size: new Int32Array(0) }, 1, 5);
    assert.equal(tree.child.length, 0);
    assert.equal(condensedClusterCount(tree, 1), 0);
    assert.equal(clusterBirths(tree, 1).length, 0);
  });

  for (const fixture of loadHdbscanFixtures().filter((f) => f.canonical.single_linkage_tree)) {
    it(`condenses the canonical dendrogram exactly (${fixture.name})`, () => {
      const slt = fixture.canonical.single_linkage_tree!;
      const tree = condenseTree(
        {
          left: Int32Array.from(column(slt, 'left')),
          right: Int32Array.from(column(slt, 'right')),
          distance: Float64Array.from(column(slt, 'distance')),
          size: Int32Array.from(column(slt, 'size')),
        },
        fixture.n,
        fixture.params.min_cluster_size,
      );
      const expected = fixture.canonical.condensed_tree;
      assert.deepEqual([...tree.parent], column(expected, 'parent'));
      assert.deepEqual([...tree.child], column(expected, 'child'));
      assert.deepEqual([...tree.childSize], column(expected, 'child_size'));
      assertClose(tree.lambda, column(expected, 'lambda_val'), 1e-12, 'lambda', true);
    });
  }

  it('births two clusters where both sides are large enough, left first, and drops small sides point by point', () => {
    assert.deepEqual(rowsOf(condenseTree(SIX_POINTS, 6, 2)), [
      [6, 7, 0.25, 4],
      [6, 8, 0.25, 2],
      [7, 9, 0.8, 2],
      [7, 10, 0.8, 2],
      [8, 4, 1, 1],
      [8, 5, 1, 1],
      [9, 0, 1, 1],
      [9, 1, 1, 1],
      [10, 2, 1, 1],
      [10, 3, 1, 1],
    ]);
  });

  it('lets the larger side carry on as the same cluster', () => {
    assert.deepEqual(rowsOf(condenseTree(SIX_POINTS, 6, 3)), [
      [6, 4, 0.25, 1],
      [6, 5, 0.25, 1],
      [6, 0, 0.8, 1],
      [6, 1, 0.8, 1],
      [6, 2, 0.8, 1],
      [6, 3, 0.8, 1],
    ]);
  });

  it('lists the points of a dropped subtree breadth-first, not depth-first', () => {
    // ((0, 1), 2) and (3, 4) split at distance 2; both sides are below min cluster size 4.
    const linkage = {
      left: Int32Array.of(0, 5, 3, 6),
      right: Int32Array.of(1, 2, 4, 7),
      distance: Float64Array.of(1, 1.5, 1, 2),
      size: Int32Array.of(2, 3, 2, 5),
    };
    assert.deepEqual([...condenseTree(linkage, 5, 4).child], [2, 0, 1, 3, 4]);
  });

  it('gives λ = Infinity to merges at distance 0', () => {
    const linkage = { left: Int32Array.of(0), right: Int32Array.of(1), distance: Float64Array.of(0), size: Int32Array.of(2) };
    assert.deepEqual([...condenseTree(linkage, 2, 2).lambda], [Infinity, Infinity]);
  });
});

describe('cluster births and stabilities', () => {
  it('sums (λ − birth) × size over each cluster’s own rows', () => {
    const tree = condenseTree(SIX_POINTS, 6, 2);
    assert.deepEqual([...clusterBirths(tree, 6)], [0, 0.25, 0.25, 0.8, 0.8]);
    const stability = clusterStabilities(tree, 6);
    const expected = [0.25 * 4 + 0.25 * 2, (0.8 - 0.25) * 2 * 2, (1 - 0.25) * 2, (1 - 0.8) * 2, (1 - 0.8) * 2];
    expected.forEach((s, c) => assert.ok(Math.abs(stability[c] - s) < 1e-15, `cluster ${c + 6}`));
  });
});
