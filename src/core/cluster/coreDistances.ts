/** Core distances: the distance from each point to its k-th nearest other point (hdbscan's min_samples = k). */
import type { Checkpoint } from './checkpoint';
import type { KdTree } from './kdTree';
import { squaredDistanceBetween as importedDistance, squaredDistanceToBox as importedBoxDistance } from './kdTree';

// Local bindings: module-namespace getters (CommonJS interop) are costly in the innermost loops.
const squaredDistanceBetween = importedDistance;
const squaredDistanceToBox = importedBoxDistance;

/** Points handled between two checkpoints. */
const CHUNK = 2048;

/**
 * Returns, per original row, the distance to its `minSamples`-th nearest other point, duplicates counted
 * (index minSamples of the row's sorted distances, where index 0 is the point itself). Exact kd-tree search.
 */
export async function coreDistances(tree: KdTree, minSamples: number, checkpoint?: Checkpoint): Promise<Float64Array> {
  const { size: n, dim, coords, index, left, right, start, end } = tree;
  if (minSamples < 1 || minSamples >= n) throw new RangeError(`minSamples must be in [1, ${n - 1}], got ${minSamples}.`);
  const k = minSamples + 1;
  // Max-heap of the k smallest squared distances seen so far for the current query.
  const heap = new Float64Array(k);
  let heapSize = 0;
  let query = 0;
  let queryOffset = 0;

  const offer = (d2: number): void => {
    if (heapSize < k) {
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] >= d2) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = d2;
    } else if (d2 < heap[0]) {
      let i = 0;
      for (;;) {
        const a = 2 * i + 1;
        if (a >= k) break;
        const b = a + 1;
        const larger = b < k && heap[b] > heap[a] ? b : a;
        if (heap[larger] <= d2) break;
        heap[i] = heap[larger];
        i = larger;
      }
      heap[i] = d2;
    }
  };

  const visit = (node: number, boxD2: number): void => {
    // A box no closer than the current k-th distance cannot change it.
    if (heapSize === k && boxD2 >= heap[0]) return;
    const a = left[node];
    if (a < 0) {
      for (let q = start[node], stop = end[node]; q < stop; q++) offer(squaredDistanceBetween(coords, dim, query, q));
      return;
    }
    const b = right[node];
    const dA = squaredDistanceToBox(tree, a, coords, queryOffset);
    const dB = squaredDistanceToBox(tree, b, coords, queryOffset);
    if (dA <= dB) {
      visit(a, dA);
      visit(b, dB);
    } else {
      visit(b, dB);
      visit(a, dA);
    }
  };

  const core = new Float64Array(n);
  for (let from = 0; from < n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK);
    for (let p = from; p < to; p++) {
      query = p;
      queryOffset = p * dim;
      heapSize = 0;
      visit(0, 0);
      core[index[p]] = Math.sqrt(heap[0]);
    }
    await checkpoint?.(to, 'core distances');
  }
  return core;
}
