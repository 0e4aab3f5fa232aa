import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { condenseTree } from '../../../src/core/cluster/condensedTree';
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
    assert.ok(Math.abs(stability[0] - Math.fround(2.2 + 1.5)) < 1e-6);
    assert.ok(Math.abs(stability[1] - 2.2) < 1e-12, 'a kept cluster keeps its own stability');
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
