/**
 * The condensed cluster tree: the single-linkage dendrogram with every split that sheds fewer than
 * min_cluster_size points recorded as those points falling out of the cluster, and cluster stabilities.
 */
import type { SingleLinkageTree } from './singleLinkage';

/**
 * One row per point leaving a cluster and per child cluster born, in hdbscan's row order.
 * Points are ids 0…n−1; clusters are n (the root), n+1, … in order of creation.
 */
export interface CondensedTree {
  readonly parent: Int32Array;
  readonly child: Int32Array;
  /** λ = 1 / distance at which the child left the parent (Infinity at distance 0). */
  readonly lambda: Float64Array;
  readonly childSize: Int32Array;
}

/**
 * Walks the dendrogram breadth-first from the top, left child first. A split into two parts of at least
 * minClusterSize points births two new clusters; a smaller part falls out point by point (listed
 * breadth-first) while the larger part carries on as the same cluster.
 */
export function condenseTree(linkage: SingleLinkageTree, pointCount: number, minClusterSize: number): CondensedTree {
  const n = pointCount;
  const merges = linkage.left.length;
  const capacity = 2 * n;
  const parent = new Int32Array(capacity);
  const child = new Int32Array(capacity);
  const lambda = new Float64Array(capacity);
  const childSize = new Int32Array(capacity);
  let rowCount = 0;
  const emit = (p: number, c: number, l: number, s: number): void => {
    parent[rowCount] = p;
    child[rowCount] = c;
    lambda[rowCount] = l;
    childSize[rowCount] = s;
    rowCount++;
  };

  if (merges > 0) {
    const sizeOf = (node: number): number => (node < n ? 1 : linkage.size[node - n]);
    // Condensed cluster of each dendrogram node still being walked, indexed by node − n.
    const clusterOf = new Int32Array(merges);
    const queue = new Int32Array(merges);
    const subtreeQueue = new Int32Array(2 * n);
    /** Emits every point under `top`, breadth-first, as leaving cluster `into` at `l`. */
    const emitPoints = (top: number, into: number, l: number): void => {
      let head = 0;
      let tail = 0;
      subtreeQueue[tail++] = top;
      while (head < tail) {
        const node = subtreeQueue[head++];
        if (node < n) emit(into, node, l, 1);
        else {
          subtreeQueue[tail++] = linkage.left[node - n];
          subtreeQueue[tail++] = linkage.right[node - n];
        }
      }
    };

    let nextCluster = n + 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = 2 * n - 2;
    clusterOf[merges - 1] = n;
    while (head < tail) {
      const node = queue[head++];
      const row = node - n;
      const cluster = clusterOf[row];
      const distance = linkage.distance[row];
      const l = distance > 0 ? 1 / distance : Infinity;
      const a = linkage.left[row];
      const b = linkage.right[row];
      const sizeA = sizeOf(a);
      const sizeB = sizeOf(b);
      const bigA = sizeA >= minClusterSize;
      const bigB = sizeB >= minClusterSize;
      if (bigA && bigB) {
        for (const [side, sideSize] of [
          [a, sizeA],
          [b, sizeB],
        ]) {
          const id = nextCluster++;
          emit(cluster, id, l, sideSize);
          if (side >= n) {
            clusterOf[side - n] = id;
            queue[tail++] = side;
          }
        }
      } else {
        if (!bigA) emitPoints(a, cluster, l);
        if (!bigB) emitPoints(b, cluster, l);
        for (const side of [a, b]) {
          if (side >= n && sizeOf(side) >= minClusterSize) {
            clusterOf[side - n] = cluster;
            queue[tail++] = side;
          }
        }
      }
    }
  }
  return {
    parent: parent.slice(0, rowCount),
    child: child.slice(0, rowCount),
    lambda: lambda.slice(0, rowCount),
    childSize: childSize.slice(0, rowCount),
  };
}

/** Number of condensed clusters (ids n … n + count − 1). */
export function condensedClusterCount(tree: CondensedTree, pointCount: number): number {
  let largest = pointCount;
  for (let r = 0; r < tree.child.length; r++) if (tree.child[r] > largest) largest = tree.child[r];
  return tree.child.length > 0 ? largest - pointCount + 1 : 0;
}

/** λ at which each cluster was born (the root: 0), indexed by cluster id − n. */
export function clusterBirths(tree: CondensedTree, pointCount: number): Float64Array {
  const births = new Float64Array(condensedClusterCount(tree, pointCount));
  for (let r = 0; r < tree.child.length; r++) {
    if (tree.child[r] >= pointCount) births[tree.child[r] - pointCount] = tree.lambda[r];
  }
  return births;
}

/** stability(c) = Σ over c's own rows of (λ − birth(c)) × child size, accumulated in row order. */
export function clusterStabilities(tree: CondensedTree, pointCount: number): Float64Array {
  const births = clusterBirths(tree, pointCount);
  const stability = new Float64Array(births.length);
  for (let r = 0; r < tree.parent.length; r++) {
    const c = tree.parent[r] - pointCount;
    stability[c] += (tree.lambda[r] - births[c]) * tree.childSize[r];
  }
  return stability;
}
