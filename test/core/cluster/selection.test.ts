import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterStabilities, condenseTree } from '../../../src/core/cluster/condensedTree';
import { selectClusters, type SelectionOptions } from '../../../src/core/cluster/selection';
import { condensedRows, SIX_POINTS, threeLevels } from './handTrees';

// Clusters of SIX_POINTS at min cluster size 2 (see handTrees): stabilities 6: 1.5, 7: 2.2, 8: 1.5, 9: 0.4, 10: 0.4;
// birth distances 7, 8: 4 and 9, 10: 1.25.
const tree = condenseTree(SIX_POINTS, 6, 2);
const select = (options: Partial<SelectionOptions>) => [
  ...selectClusters(tree, 6, { method: 'eom', allowSingleCluster: false, epsilon: 0, ...options }).clusters,
];

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
    const handTree = condensedRows([
      [6, 7, lambdaA, 4],
      [6, 8, lambdaA, 2],
      [7, 9, 1, 2],
      [7, 10, 1, 2],
      [8, 4, 3, 1],
      [8, 5, 3, 1],
      [9, 0, 1.5, 1],
      [9, 1, 1.5, 1],
      [10, 2, 1 + 2 ** -31, 1],
      [10, 3, 1 + 2 ** -31, 1],
    ]);
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

describe('selectClusters on three levels (handTrees: threeLevels)', () => {
  const choose = (lambdaEF: number, options: Partial<SelectionOptions>) =>
    selectClusters(threeLevels(lambdaEF), 12, { method: 'eom', allowSingleCluster: false, epsilon: 0, ...options });
  const ids = (lambdaEF: number, options: Partial<SelectionOptions>) => [...choose(lambdaEF, options).clusters];

  it('eom: children replace a parent they beat together; a tie keeps the parent, as hdbscan (subtree > parent)', () => {
    // E = F = 8 beat C = 12; C and D (16 + 4) beat A = 4.
    assert.deepEqual(ids(8, {}), [14, 16, 17, 18]);
    // E = F = 6: their 12 ties C's 12.
    assert.deepEqual(ids(7, {}), [14, 15, 16]);
  });

  it('maxClusterSize: a cluster of exactly the limit may stay, a larger one gives way to its children', () => {
    assert.deepEqual(ids(7, { maxClusterSize: 4 }), [14, 15, 16]);
    const limited = choose(7, { maxClusterSize: 3 });
    assert.deepEqual([...limited.clusters], [17, 18]);
    // Each cluster over the limit takes its children's summed stability: 0 for the leaves B and D.
    assert.deepEqual([...limited.stability].slice(2), [0, 12, 0, 6, 6]);
    // 0 is no limit, as absent.
    assert.deepEqual(ids(7, { maxClusterSize: 0 }), [14, 15, 16]);
  });

  it('maxClusterSize with allowSingleCluster: the root counts all its points', () => {
    // The root (stability 60) beats X and Y (1.5 each) unless 6 points are over the limit.
    const lateSplit = condensedRows([
      [6, 7, 10, 3],
      [6, 8, 10, 3],
      ...[0, 1, 2].map((p) => [7, p, 10.5, 1] as const),
      ...[3, 4, 5].map((p) => [8, p, 10.5, 1] as const),
    ]);
    const pick = (maxClusterSize: number) => [
      ...selectClusters(lateSplit, 6, { method: 'eom', allowSingleCluster: true, epsilon: 0, maxClusterSize }).clusters,
    ];
    assert.deepEqual(pick(6), [6]);
    assert.deepEqual(pick(5), [7, 8]);
  });

  it('splitClusterSize: a cluster over it gives way to children holding half its points or more; other clusters stay', () => {
    // The root (6 points, stability 60) beats X and Y (3 points each, 1.5 each).
    const lateSplit = condensedRows([
      [6, 7, 10, 3],
      [6, 8, 10, 3],
      ...[0, 1, 2].map((p) => [7, p, 10.5, 1] as const),
      ...[3, 4, 5].map((p) => [8, p, 10.5, 1] as const),
    ]);
    const pick = (tree: ReturnType<typeof condensedRows>, n: number, options: Partial<SelectionOptions>) => [
      ...selectClusters(tree, n, { method: 'eom', allowSingleCluster: true, epsilon: 0, ...options }).clusters,
    ];
    assert.deepEqual(pick(lateSplit, 6, { splitClusterSize: 6 }), [6]);
    assert.deepEqual(pick(lateSplit, 6, { splitClusterSize: 5 }), [7, 8]);
    // X and Y are over 2 too, but split into nothing: they stay (maxClusterSize would drop them).
    assert.deepEqual(pick(lateSplit, 6, { splitClusterSize: 2 }), [7, 8]);
    assert.deepEqual(pick(lateSplit, 6, { maxClusterSize: 2 }), []);
    assert.deepEqual(pick(lateSplit, 6, { splitClusterSize: 0 }), [6]);
    // A root of 12 whose children hold 4 or 6 of its points: it gives way only to the 6.
    const corner = (childSize: number) =>
      condensedRows([
        ...Array.from({ length: 12 - 2 * childSize }, (_, p) => [12, p, 1, 1] as const),
        [12, 13, 10, childSize],
        [12, 14, 10, childSize],
        ...Array.from({ length: childSize }, (_, i) => [13, 12 - 2 * childSize + i, 11, 1] as const),
        ...Array.from({ length: childSize }, (_, i) => [14, 12 - childSize + i, 11, 1] as const),
      ]);
    assert.deepEqual(pick(corner(2), 12, { splitClusterSize: 6 }), [12]);
    assert.deepEqual(pick(corner(3), 12, { splitClusterSize: 6 }), [13, 14]);
  });

  it('epsilon climbs from a cluster born below ε to the first ancestor born above it, several levels if need be', () => {
    // Birth distances: A, B 2; C, D 1; E, F 0.25.
    assert.deepEqual(ids(8, { method: 'leaf', epsilon: 0.5 }), [14, 15, 16]);
    // C is born at exactly ε: not above it, so E climbs on to A. D, born at ε, is not below it and stays.
    assert.deepEqual(ids(8, { method: 'leaf', epsilon: 1 }), [13, 14, 16]);
    assert.deepEqual(ids(8, { method: 'leaf', epsilon: 1.5 }), [13, 14]);
    assert.deepEqual(ids(8, { epsilon: 0.5 }), [14, 15, 16]);
  });
});
