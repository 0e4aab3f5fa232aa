/** Small hand-made dendrograms whose condensed trees, stabilities and selections are worked out in the tests. */
import type { CondensedTree } from '../../../src/core/cluster/condensedTree';
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

/** A condensed tree written out row by row: [parent, child, λ, child size]. */
export function condensedRows(rows: readonly (readonly [number, number, number, number])[]): CondensedTree {
  return {
    parent: Int32Array.from(rows, (r) => r[0]),
    child: Int32Array.from(rows, (r) => r[1]),
    lambda: Float64Array.from(rows, (r) => r[2]),
    childSize: Int32Array.from(rows, (r) => r[3]),
  };
}

/**
 * Twelve points, three levels below the root 12: A = 13 {0…7} and B = 14 {8…11} born at λ 0.5 (distance 2);
 * A splits into C = 15 {0…3} and D = 16 {4…7} at λ 1 (distance 1); C into E = 17 {0, 1} and F = 18 {2, 3} at λ 4
 * (distance 0.25). B's points leave at λ 3, D's at λ 2, E's and F's at `lambdaEF`.
 * Stabilities: root 6, A 4, B 10, C 12, D 4, E = F = 2·(lambdaEF − 4).
 */
export function threeLevels(lambdaEF: number): CondensedTree {
  const points = (cluster: number, first: number, count: number, lambda: number) =>
    Array.from({ length: count }, (_, i) => [cluster, first + i, lambda, 1] as const);
  return condensedRows([
    [12, 13, 0.5, 8],
    [12, 14, 0.5, 4],
    [13, 15, 1, 4],
    [13, 16, 1, 4],
    ...points(14, 8, 4, 3),
    [15, 17, 4, 2],
    [15, 18, 4, 2],
    ...points(16, 4, 4, 2),
    ...points(17, 0, 2, lambdaEF),
    ...points(18, 2, 2, lambdaEF),
  ]);
}
