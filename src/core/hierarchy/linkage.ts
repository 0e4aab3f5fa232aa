/**
 * Agglomerative clustering on a condensed distance matrix, as scipy 1.10's `linkage(y, method)` for "ward" and
 * "average": the nearest-neighbour chain algorithm with Lance–Williams distance updates, then the merges sorted by
 * distance (stable) and labelled as scipy labels them (row k creates cluster n + k; the smaller id on the left).
 */

export type LinkageMethod = 'ward' | 'average';

/** scipy's linkage matrix Z, column by column. Row k merges `left[k]` and `right[k]` into cluster n + k. */
export interface Linkage {
  /** Number of observations (leaves 0 … n − 1). */
  readonly n: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly distance: Float64Array;
  /** Observations under the new cluster. */
  readonly size: Int32Array;
}

/** Position of (i, j), i ≠ j, in scipy's condensed (upper-triangle, row-major) distance vector. */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) [i, j] = [j, i];
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Lance–Williams: the distance from the merge of x and y to cluster i (scipy's `_ward` and `_average`). */
function updatedDistance(method: LinkageMethod, dXI: number, dYI: number, dXY: number, sizeX: number, sizeY: number, sizeI: number): number {
  if (method === 'average') return (sizeX * dXI + sizeY * dYI) / (sizeX + sizeY);
  const t = 1 / (sizeX + sizeY + sizeI);
  return Math.sqrt((sizeI + sizeX) * t * dXI * dXI + (sizeI + sizeY) * t * dYI * dYI - sizeI * t * dXY * dXY);
}

export function linkage(distances: Float64Array, n: number, method: LinkageMethod): Linkage {
  if (distances.length !== (n * (n - 1)) / 2)
    throw new RangeError(`A condensed matrix of ${n} observations has ${(n * (n - 1)) / 2} entries, not ${distances.length}.`);
  const merges = Math.max(0, n - 1);
  const mergedX = new Int32Array(merges);
  const mergedY = new Int32Array(merges);
  const mergeDistance = new Float64Array(merges);
  const d = Float64Array.from(distances);
  // Cluster held in slot i (0 = slot emptied); a merged cluster lives on in the slot of its larger index.
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;

  for (let k = 0; k < merges; k++) {
    if (chainLength === 0) {
      chainLength = 1;
      for (let i = 0; i < n; i++) {
        if (size[i] > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    // Follow nearest neighbours until two clusters are each other's nearest.
    let x: number;
    let y = -1;
    let nearest: number;
    for (;;) {
      x = chain[chainLength - 1];
      // Preferring the previous chain element on ties keeps the chain from cycling.
      if (chainLength > 1) {
        y = chain[chainLength - 2];
        nearest = d[condensedIndex(n, x, y)];
      } else {
        nearest = Infinity;
      }
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const distance = d[condensedIndex(n, x, i)];
        if (distance < nearest) {
          nearest = distance;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) [x, y] = [y, x];
    const sizeX = size[x];
    const sizeY = size[y];
    mergedX[k] = x;
    mergedY[k] = y;
    mergeDistance[k] = nearest;
    size[x] = 0;
    size[y] = sizeX + sizeY;
    for (let i = 0; i < n; i++) {
      if (size[i] === 0 || i === y) continue;
      const iy = condensedIndex(n, i, y);
      d[iy] = updatedDistance(method, d[condensedIndex(n, i, x)], d[iy], nearest, sizeX, sizeY, size[i]);
    }
  }

  // Sorted by distance, equal distances in merge order (numpy's mergesort is stable).
  const order = Array.from({ length: merges }, (_, k) => k).sort((a, b) => mergeDistance[a] - mergeDistance[b] || a - b);
  return labelMerges(
    n,
    order.map((k) => mergedX[k]),
    order.map((k) => mergedY[k]),
    Float64Array.from(order, (k) => mergeDistance[k]),
  );
}

/** scipy's `label`: slot numbers become cluster ids (n + row), the smaller id first. */
function labelMerges(n: number, xs: readonly number[], ys: readonly number[], distance: Float64Array): Linkage {
  const merges = xs.length;
  const parent = Int32Array.from({ length: Math.max(1, 2 * n - 1) }, (_, i) => i);
  const clusterSize = new Int32Array(Math.max(1, 2 * n - 1)).fill(1);
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) [x, parent[x]] = [parent[x], root];
    return root;
  };
  const left = new Int32Array(merges);
  const right = new Int32Array(merges);
  const size = new Int32Array(merges);
  for (let k = 0; k < merges; k++) {
    const a = find(xs[k]);
    const b = find(ys[k]);
    left[k] = Math.min(a, b);
    right[k] = Math.max(a, b);
    const merged = n + k;
    parent[a] = parent[b] = merged;
    size[k] = clusterSize[merged] = clusterSize[a] + clusterSize[b];
  }
  return { n, left, right, distance, size };
}

/** The leaves under every cluster id (leaves, then n + k for row k), in the linkage's left-to-right order. */
export function clusterLeaves(tree: Linkage): Int32Array[] {
  const leaves: Int32Array[] = Array.from({ length: tree.n }, (_, i) => Int32Array.of(i));
  for (let k = 0; k < tree.left.length; k++) {
    const a = leaves[tree.left[k]];
    const b = leaves[tree.right[k]];
    const both = new Int32Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    leaves.push(both);
  }
  return leaves;
}
