import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { singleLinkageTree } from '../../../src/core/cluster/singleLinkage';
import { column, loadHdbscanFixtures } from './hdbscanFixtures';

describe('singleLinkageTree', () => {
  for (const fixture of loadHdbscanFixtures().filter((f) => f.canonical.single_linkage_tree)) {
    it(`rebuilds the canonical dendrogram from the canonical MST (${fixture.name})`, () => {
      const mst = fixture.canonical.minimum_spanning_tree!;
      const expected = fixture.canonical.single_linkage_tree!;
      const linkage = singleLinkageTree(
        { from: Int32Array.from(column(mst, 'from')), to: Int32Array.from(column(mst, 'to')), weight: Float64Array.from(column(mst, 'distance')) },
        fixture.n,
      );
      assert.deepEqual([...linkage.left], column(expected, 'left'));
      assert.deepEqual([...linkage.right], column(expected, 'right'));
      assert.deepEqual([...linkage.size], column(expected, 'size'));
      assert.deepEqual([...linkage.distance], column(expected, 'distance'));
    });
  }

  it('puts the node holding `from` on the left', () => {
    // Points 0…3: {0,1} at 1, then 3 joins via edge (1, 3), then 2 via edge (0, 2).
    const linkage = singleLinkageTree({ from: Int32Array.of(0, 1, 0), to: Int32Array.of(1, 3, 2), weight: Float64Array.of(1, 2, 3) }, 4);
    assert.deepEqual([...linkage.left], [0, 4, 5]);
    assert.deepEqual([...linkage.right], [1, 3, 2]);
    assert.deepEqual([...linkage.size], [2, 3, 4]);
  });
});
