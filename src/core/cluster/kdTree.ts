/**
 * A kd-tree over a copy of the points in tree order, for exact k-nearest-neighbour and
 * mutual-reachability searches in low dimension (BERTopic clusters 5-d UMAP output).
 */
import type { Matrix } from '../matrix';

export interface KdTree {
  readonly size: number;
  readonly dim: number;
  /** Coordinates in tree order (row-major, float64 so every distance is computed in double precision). */
  readonly coords: Float64Array;
  /** Original row of the point at each tree position. */
  readonly index: Int32Array;
  readonly nodeCount: number;
  /** Tree positions [start, end) covered by each node. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Child node ids, −1 for a leaf. Node 0 is the root. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Bounding box of each node: nodeCount × dim. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

const DEFAULT_LEAF_SIZE = 32;

export function buildKdTree(points: Matrix<Float32Array | Float64Array>, leafSize = DEFAULT_LEAF_SIZE): KdTree {
  const { rows: n, cols: dim, data } = points;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Every split halves a node larger than leafSize, so leaves hold more than leafSize / 2 points.
  const maxNodes = Math.max(1, 2 * Math.ceil(n / Math.max(1, Math.floor((leafSize + 1) / 2))));
  const start = new Int32Array(maxNodes);
  const end = new Int32Array(maxNodes);
  const left = new Int32Array(maxNodes).fill(-1);
  const right = new Int32Array(maxNodes).fill(-1);
  const lower = new Float64Array(maxNodes * dim);
  const upper = new Float64Array(maxNodes * dim);
  let nodeCount = 0;

  const build = (from: number, to: number): number => {
    const node = nodeCount++;
    start[node] = from;
    end[node] = to;
    let widestDim = 0;
    let widestSpread = -1;
    for (let k = 0; k < dim; k++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = from; i < to; i++) {
        const v = data[order[i] * dim + k];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      lower[node * dim + k] = lo;
      upper[node * dim + k] = hi;
      if (hi - lo > widestSpread) {
        widestSpread = hi - lo;
        widestDim = k;
      }
    }
    if (to - from > leafSize && widestSpread > 0) {
      const middle = from + ((to - from) >> 1);
      selectNth(order, from, to, middle, (i) => data[i * dim + widestDim]);
      left[node] = build(from, middle);
      right[node] = build(middle, to);
    }
    return node;
  };
  if (n > 0) build(0, n);

  const coords = new Float64Array(n * dim);
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < dim; k++) coords[p * dim + k] = data[order[p] * dim + k];
  }
  return { size: n, dim, coords, index: order, nodeCount, start, end, left, right, lower, upper };
}

/** Squared distance from the point at coords[offset…] to the node's box; never above the squared distance to any point inside. */
export function squaredDistanceToBox(tree: KdTree, node: number, coords: Float64Array, offset: number): number {
  const { dim, lower, upper } = tree;
  const base = node * dim;
  let sum = 0;
  for (let k = 0; k < dim; k++) {
    const x = coords[offset + k];
    const lo = lower[base + k];
    const hi = upper[base + k];
    const gap = x < lo ? lo - x : x > hi ? x - hi : 0;
    sum += gap * gap;
  }
  return sum;
}

/** Squared distance between the boxes of nodes a and b; never above the squared distance between points inside them. */
export function squaredDistanceBetweenBoxes(tree: KdTree, a: number, b: number): number {
  const { dim, lower, upper } = tree;
  let sum = 0;
  for (let k = 0; k < dim; k++) {
    const aLo = lower[a * dim + k];
    const aHi = upper[a * dim + k];
    const bLo = lower[b * dim + k];
    const bHi = upper[b * dim + k];
    const gap = bLo > aHi ? bLo - aHi : aLo > bHi ? aLo - bHi : 0;
    sum += gap * gap;
  }
  return sum;
}

/** Squared Euclidean distance between tree positions p and q, summed over the dimensions in order. */
export function squaredDistanceBetween(coords: Float64Array, dim: number, p: number, q: number): number {
  const a = p * dim;
  const b = q * dim;
  let sum = 0;
  for (let k = 0; k < dim; k++) {
    const diff = coords[a + k] - coords[b + k];
    sum += diff * diff;
  }
  return sum;
}

/** Reorders order[from, to) so that order[nth] holds the element of that rank by key, smaller keys before it and larger after. */
function selectNth(order: Int32Array, from: number, to: number, nth: number, key: (i: number) => number): void {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const pivot = key(order[(lo + hi) >> 1]);
    let i = lo;
    let j = hi;
    // Hoare partition: stopping on keys equal to the pivot keeps runs of duplicates balanced.
    while (i <= j) {
      while (key(order[i]) < pivot) i++;
      while (key(order[j]) > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}
