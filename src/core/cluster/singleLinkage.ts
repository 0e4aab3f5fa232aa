/** The single-linkage dendrogram of a spanning tree, in scipy's linkage layout. */
import type { SpanningTree } from './spanningTree';
import { UnionFind } from './unionFind';

export interface SingleLinkageTree {
  /** Row k merges left[k] and right[k] into node n + k; ids below n are points. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly distance: Float64Array;
  /** Points under node n + k. */
  readonly size: Int32Array;
}

/** Merges the edges in the given order; left is the node holding `from`, right the node holding `to`. */
export function singleLinkageTree(mst: SpanningTree, pointCount: number): SingleLinkageTree {
  const merges = mst.from.length;
  const left = new Int32Array(merges);
  const right = new Int32Array(merges);
  const size = new Int32Array(merges);
  const sets = new UnionFind(pointCount);
  // Top dendrogram node of each set, indexed by the set's root.
  const topNode = new Int32Array(pointCount);
  for (let i = 0; i < pointCount; i++) topNode[i] = i;
  const sizeOf = (node: number): number => (node < pointCount ? 1 : size[node - pointCount]);
  for (let k = 0; k < merges; k++) {
    const a = sets.find(mst.from[k]);
    const b = sets.find(mst.to[k]);
    left[k] = topNode[a];
    right[k] = topNode[b];
    size[k] = sizeOf(left[k]) + sizeOf(right[k]);
    topNode[sets.union(a, b)] = pointCount + k;
  }
  return { left, right, distance: mst.weight, size };
}
