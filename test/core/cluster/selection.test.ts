import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterStabilities, condenseTree, type CondensedTree } from '../../../src/core/cluster/condensedTree';
import { selectClusters, type SelectionOptions } from '../../../src/core/cluster/selection';
import { SIX_POINTS } from './handTrees';

// Clusters of SIX_POINTS at min cluster size 2 (see handTrees): stabilities 6: 1.5, 7: 2.2, 8: 1.5, 9: 0.4, 10: 0.4;
// birth distances 7, 8: 4 and 9, 10: 1.25.
const tree = condenseTree(SIX_POINTS, 6, 2);
const select = (options: Partial<SelectionOptions>) =>
  [...selectClusters(tree, 6, { method: 'eom', allowSingleCluster: false, epsilon: 0, ...options }).clusters];

describe('selectClusters', () => {
  it('eom keeps a parent more stable than its children together, and each leaf otherwise', () => {
    assert.deepEqual(select({}), [7, 8]);
    // The root (1.5) loses to its children (2.2 + 1.5) even when it may be selected.
    assert.deepEqual(select({ allowSingleCluster: true }), [7, 8]);
  });

  it('eom replaces a parent’s stability by its children’s sum when they win', () => {
    const { stability } = selectClusters(tree, 6, { method: 'eom', allowSingleCluster: true, epsilon: 0 });
    const own = clusterStabilities(tree, 6);
    // Summed in a C float, as hdbscan does: 3.7 becomes 3.7000000477.
    assert.equal(stability[0], Math.fround(own[1] + own[2]));
    assert.notEqual(stability[0], own[1] + own[2]);
    assert.ok(Math.abs(stability[1] - 2.2) < 1e-12, 'a kept cluster keeps its own stability');
  });

  it('eom compares a parent with its children’s stability summed in float32, as hdbscan: the rounding can decide', () => {
    // Root 6 → A = 7 {0…3} and B = 8 {4, 5} at λ_A; A → A1 = 9 {0, 1} and A2 = 10 {2, 3} at λ 1. Stabilities:
    // A = 4·(1 − λ_A) = 1 + 2⁻³¹, A1 = 2·0.5 = 1, A2 = 2·2⁻³¹ = 2⁻³⁰ (all exact in float64). A1 + A2 = 1 + 2⁻³⁰
    // beats A in float64, but rounds to 1 in float32, which A beats: hdbscan keeps A.
    const lambdaA = 0.75 - 2 ** -33;
    const rows: [number, number, number, number][] = [
      [6, 7, lambdaA, 4], [6, 8, lambdaA, 2], [7, 9, 1, 2], [7, 10, 1, 2], [8, 4, 3, 1], [8, 5, 3, 1],
      [9, 0, 1.5, 1], [9, 1, 1.5, 1], [10, 2, 1 + 2 ** -31, 1], [10, 3, 1 + 2 ** -31, 1],
    ];
    const handTree: CondensedTree = {
      parent: Int32Array.from(rows, (r) => r[0]),
      child: Int32Array.from(rows, (r) => r[1]),
      lambda: Float64Array.from(rows, (r) => r[2]),
      childSize: Int32Array.from(rows, (r) => r[3]),
    };
    assert.deepEqual([...clusterStabilities(handTree, 6)].slice(1, 5), [1 + 2 ** -31, 4.5 + 2 ** -32, 1, 2 ** -30]);
    assert.deepEqual([...selectClusters(handTree, 6, { method: 'eom', allowSingleCluster: false, epsilon: 0 }).clusters], [7, 8]);
  });

  it('eom selects the root when it beats its children and single clusters are allowed', () => {
    // At min cluster size 3 the root has no child clusters at all.
    const rootOnly = condenseTree(SIX_POINTS, 6, 3);
    assert.deepEqual([...selectClusters(rootOnly, 6, { method: 'eom', allowSingleCluster: true, epsilon: 0 }).clusters], [6]);
    assert.deepEqual([...selectClusters(rootOnly, 6, { method: 'eom', allowSingleCluster: false, epsilon: 0 }).clusters], []);
    assert.deepEqual([...selectClusters(rootOnly, 6, { method: 'leaf', allowSingleCluster: true, epsilon: 0 }).clusters], []);
  });

  it('leaf takes the leaves of the cluster tree', () => {
    assert.deepEqual(select({ method: 'leaf' }), [8, 9, 10]);
  });

  it('epsilon replaces clusters born below ε by their nearest ancestor born above it', () => {
    // 9 and 10 (born at 1.25) climb to 7 (born at 4); 8 (born at 4) stays.
    assert.deepEqual(select({ method: 'leaf', epsilon: 1.5 }), [7, 8]);
    // Nothing is born above 5: clusters under the root stop at the root's children…
    assert.deepEqual(select({ method: 'leaf', epsilon: 5 }), [7, 8]);
    assert.deepEqual(select({ method: 'eom', epsilon: 5 }), [7, 8]);
    // …or become the root when a single cluster is allowed.
    assert.deepEqual(select({ method: 'leaf', epsilon: 5, allowSingleCluster: true }), [6]);
    assert.deepEqual(select({ method: 'eom', epsilon: 5, allowSingleCluster: true }), [6]);
    // Clusters born at or above ε are untouched.
    assert.deepEqual(select({ method: 'leaf', epsilon: 1.25 }), [8, 9, 10]);
  });
});
