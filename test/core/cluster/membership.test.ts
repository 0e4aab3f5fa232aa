import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CondensedTree } from '../../../src/core/cluster/condensedTree';
import { clusterPersistence, labelPoints, maxOwnLambdas, membershipProbabilities, outlierScores } from '../../../src/core/cluster/membership';

/**
 * Seven points: 6 leaves the root (7) at λ 0.5; clusters 8 = {0,1,2} and 9 = {3,4,5} are born at λ 1.
 * In 8 the points leave at λ 2, 4, 4; in 9 at 1.5, 3 and (a duplicate) ∞.
 */
const rows: [number, number, number, number][] = [
  [7, 6, 0.5, 1],
  [7, 8, 1, 3],
  [7, 9, 1, 3],
  [8, 0, 2, 1],
  [8, 1, 4, 1],
  [8, 2, 4, 1],
  [9, 3, 1.5, 1],
  [9, 4, 3, 1],
  [9, 5, Infinity, 1],
];
const tree: CondensedTree = {
  parent: Int32Array.from(rows, (r) => r[0]),
  child: Int32Array.from(rows, (r) => r[1]),
  lambda: Float64Array.from(rows, (r) => r[2]),
  childSize: Int32Array.from(rows, (r) => r[3]),
};
const both = Int32Array.of(8, 9);
const rootOnly = Int32Array.of(7);
const noSingle = { allowSingleCluster: false, epsilon: 0 };

describe('membership', () => {
  it('takes each cluster’s largest λ from its own rows', () => {
    assert.deepEqual([...maxOwnLambdas(tree, 7)], [1, 4, Infinity]);
  });

  it('labels points by their nearest selected cluster, in ascending cluster id', () => {
    assert.deepEqual([...labelPoints(tree, 7, both, noSingle)], [0, 0, 0, 1, 1, 1, -1]);
    assert.deepEqual([...labelPoints(tree, 7, Int32Array.of(9), noSingle)], [-1, -1, -1, 0, 0, 0, -1]);
  });

  it('labels only points at the root’s largest λ (or 1/ε) when the root is the single cluster', () => {
    assert.deepEqual([...labelPoints(tree, 7, rootOnly, { allowSingleCluster: true, epsilon: 0 })], [0, 0, 0, 0, 0, 0, -1]);
    assert.deepEqual([...labelPoints(tree, 7, rootOnly, { allowSingleCluster: true, epsilon: 2.5 })], [0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual([...labelPoints(tree, 7, rootOnly, { allowSingleCluster: true, epsilon: 0.4 })], [-1, 0, 0, -1, 0, 0, -1]);
    assert.deepEqual([...labelPoints(tree, 7, rootOnly, noSingle)], [-1, -1, -1, -1, -1, -1, -1]);
  });

  it('gives probability λ / max λ of the cluster, 1 at λ = ∞, 0 for noise and for every finite λ under an infinite maximum', () => {
    const labels = labelPoints(tree, 7, both, noSingle);
    assert.deepEqual([...membershipProbabilities(tree, 7, both, labels)], [0.5, 1, 1, 0, 0, 1, 0]);
    const single = labelPoints(tree, 7, rootOnly, { allowSingleCluster: true, epsilon: 0 });
    assert.deepEqual([...membershipProbabilities(tree, 7, rootOnly, single)], [1, 1, 1, 1, 1, 1, 0]);
  });

  it('scores outliers against the largest λ of the cluster each point left (NaN under an infinite maximum)', () => {
    assert.deepEqual([...outlierScores(tree, 7)], [0.5, 0, 0, NaN, NaN, 0, 0.5]);
  });

  it('computes persistence as stability / (size × largest λ), 1 when that λ is infinite', () => {
    const labels = labelPoints(tree, 7, both, noSingle);
    assert.deepEqual([...clusterPersistence(tree, 7, both, Float64Array.of(0, 3, 6), labels)], [1, 1]);
    const finite: CondensedTree = { ...tree, lambda: tree.lambda.map((l) => (l === Infinity ? 5 : l)) };
    assert.deepEqual([...clusterPersistence(finite, 7, both, Float64Array.of(0, 3, 6), labels)], [3 / (3 * 5), 6 / (3 * 5)]);
  });
});
