/**
 * The exact minimum spanning tree of the mutual-reachability graph, w(i, j) = max(core_i, core_j, d(i, j)).
 *
 * Mutual reachability ties a lot (every edge whose weight is a core distance), so edges are compared by
 * the strict total order (w, min(i, j), max(i, j)) on original rows. Under a strict order the MST is unique:
 * Prim and Borůvka return the same tree as Kruskal over all pairs in that order (the fixtures' canonical
 * tree), which fixes the single-linkage merge order and with it the cluster numbering.
 */
import type { KdTree } from './kdTree';

export interface SpanningTree {
  /** Edge endpoints as original rows, from < to. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Mutual-reachability distance of each edge. */
  readonly weight: Float64Array;
}

/** Whether the edge {i, j} precedes the edge (a, b), a < b, among edges of equal weight. */
export function edgePrecedes(i: number, j: number, a: number, b: number): boolean {
  const lo = i < j ? i : j;
  const hi = i < j ? j : i;
  return lo < a || (lo === a && hi < b);
}

export function coreInTreeOrder(tree: KdTree, core: Float64Array): Float64Array {
  const coreAt = new Float64Array(tree.size);
  for (let p = 0; p < tree.size; p++) coreAt[p] = core[tree.index[p]];
  return coreAt;
}

/** Orders edges by (weight, from, to): the merge order of single linkage. */
export function sortEdges(from: Int32Array, to: Int32Array, weight: Float64Array): SpanningTree {
  const order = new Uint32Array(from.length);
  for (let e = 0; e < order.length; e++) order[e] = e;
  order.sort((x, y) => weight[x] - weight[y] || from[x] - from[y] || to[x] - to[y]);
  return {
    from: Int32Array.from(order, (e) => from[e]),
    to: Int32Array.from(order, (e) => to[e]),
    weight: Float64Array.from(order, (e) => weight[e]),
  };
}
