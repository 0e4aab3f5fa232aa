/** Dense Prim over mutual reachability: O(n²) distance evaluations and no search structure, fastest for small n. */
import type { Checkpoint } from './checkpoint';
import { type KdTree, squaredDistanceBetween as importedDistance } from './kdTree';
import { coreInTreeOrder, edgePrecedes, sortEdges, type SpanningTree } from './spanningTree';

// A local binding: module-namespace getters (CommonJS interop) are costly in the innermost loop.
const squaredDistanceBetween = importedDistance;

/** The exact MST in merge order; the kd-tree only supplies the points (in its order). */
export async function primSpanningTree(tree: KdTree, core: Float64Array, checkpoint?: Checkpoint): Promise<SpanningTree> {
  const { size: n, dim, coords, index } = tree;
  const coreAt = coreInTreeOrder(tree, core);
  const edges = Math.max(0, n - 1);
  // For each point outside the tree: its best edge into the tree as (weight, lo, hi) in original rows.
  const bestWeight = new Float64Array(n).fill(Infinity);
  const bestLo = new Int32Array(n);
  const bestHi = new Int32Array(n);
  const outside = new Int32Array(edges);
  for (let p = 1; p < n; p++) outside[p - 1] = p;
  let outsideCount = edges;
  const from = new Int32Array(edges);
  const to = new Int32Array(edges);
  const weight = new Float64Array(edges);

  let current = 0;
  for (let edge = 0; edge < edges; edge++) {
    const currentCore = coreAt[current];
    const currentRow = index[current];
    let chosen = -1;
    let chosenWeight = Infinity;
    for (let r = 0; r < outsideCount; r++) {
      const v = outside[r];
      let w = currentCore > coreAt[v] ? currentCore : coreAt[v];
      if (w <= bestWeight[v]) {
        const d = Math.sqrt(squaredDistanceBetween(coords, dim, current, v));
        if (d > w) w = d;
        const row = index[v];
        if (w < bestWeight[v] || (w === bestWeight[v] && edgePrecedes(currentRow, row, bestLo[v], bestHi[v]))) {
          bestWeight[v] = w;
          bestLo[v] = currentRow < row ? currentRow : row;
          bestHi[v] = currentRow < row ? row : currentRow;
        }
      }
      const vWeight = bestWeight[v];
      if (vWeight < chosenWeight || (vWeight === chosenWeight && edgePrecedes(bestLo[v], bestHi[v], bestLo[outside[chosen]], bestHi[outside[chosen]]))) {
        chosen = r;
        chosenWeight = vWeight;
      }
    }
    const next = outside[chosen];
    from[edge] = bestLo[next];
    to[edge] = bestHi[next];
    weight[edge] = bestWeight[next];
    outside[chosen] = outside[--outsideCount];
    current = next;
    if ((edge & 255) === 255) await checkpoint?.(edge + 1, 'spanning tree');
  }
  return sortEdges(from, to, weight);
}
