import { boruvkaSpanningTree } from './boruvka';
import type { Checkpoint } from './checkpoint';
import type { KdTree } from './kdTree';
import { primSpanningTree } from './prim';
import type { SpanningTree } from './spanningTree';

/** Up to this many points, O(n²) Prim beats kd-tree Borůvka (CPU time on 5-d blobs: equal near 1,200). */
const PRIM_MAX_POINTS = 1200;

/** The exact mutual-reachability MST in merge order, by whichever algorithm is faster for n. */
export function mutualReachabilitySpanningTree(tree: KdTree, core: Float64Array, checkpoint?: Checkpoint): Promise<SpanningTree> {
  return tree.size <= PRIM_MAX_POINTS ? primSpanningTree(tree, core, checkpoint) : boruvkaSpanningTree(tree, core, checkpoint);
}
