/** Distances for the linkage tests. */
import { condensedIndex } from '../../../src/core/hierarchy/linkage';

/** scipy's pdist(points, "euclidean"). */
export function euclideanDistances(points: readonly (readonly number[])[]): Float64Array {
  const n = points.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[condensedIndex(n, i, j)] = Math.hypot(...points[i].map((x, k) => x - points[j][k]));
  return out;
}
