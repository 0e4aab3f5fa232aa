/** Small hand-made dendrograms whose condensed trees, stabilities and selections are worked out in the tests. */
import type { SingleLinkageTree } from '../../../src/core/cluster/singleLinkage';

function linkage(rows: [number, number, number, number][]): SingleLinkageTree {
  return {
    left: Int32Array.from(rows, (r) => r[0]),
    right: Int32Array.from(rows, (r) => r[1]),
    distance: Float64Array.from(rows, (r) => r[2]),
    size: Int32Array.from(rows, (r) => r[3]),
  };
}

/**
 * Six points: pairs {0,1}, {2,3}, {4,5} at distance 1; {0,1} and {2,3} join at 1.25, and {4,5} joins them at 4.
 * With min cluster size 2 the condensed clusters are 6 (root), 7 = {0…3} and 8 = {4,5} born at λ 0.25,
 * and 9 = {0,1}, 10 = {2,3} born at λ 0.8.
 */
export const SIX_POINTS = linkage([
  [0, 1, 1, 2],
  [2, 3, 1, 2],
  [4, 5, 1, 2],
  [6, 7, 1.25, 4],
  [9, 8, 4, 6],
]);
