/**
 * Agreement between two partitions of the same items (labels are arbitrary numbers, e.g. −1 for noise,
 * which counts as one more group). Both measures match scikit-learn's defaults.
 */

interface Contingency {
  readonly itemCount: number;
  /** Items per label of a and per label of b. */
  readonly rowSums: number[];
  readonly columnSums: number[];
  /** Non-zero cell counts. */
  readonly cells: number[];
}

function contingency(a: ArrayLike<number>, b: ArrayLike<number>): Contingency {
  if (a.length !== b.length) throw new RangeError(`Partitions differ in length: ${a.length} vs ${b.length}.`);
  const rowOf = new Map<number, number>();
  const columnOf = new Map<number, number>();
  const rowSums: number[] = [];
  const columnSums: number[] = [];
  const cellCounts = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    let row = rowOf.get(a[i]);
    if (row === undefined) {
      row = rowSums.length;
      rowOf.set(a[i], row);
      rowSums.push(0);
    }
    let column = columnOf.get(b[i]);
    if (column === undefined) {
      column = columnSums.length;
      columnOf.set(b[i], column);
      columnSums.push(0);
    }
    rowSums[row]++;
    columnSums[column]++;
    // Cell ids fit easily: rows × columns ≤ n² < 2^53.
    const cell = row * a.length + column;
    cellCounts.set(cell, (cellCounts.get(cell) ?? 0) + 1);
  }
  return { itemCount: a.length, rowSums, columnSums, cells: [...cellCounts.values()] };
}

const pairs = (count: number): number => (count * (count - 1)) / 2;
const sum = (values: readonly number[], f: (v: number) => number): number => values.reduce((total, v) => total + f(v), 0);

/** Adjusted Rand index (Hubert & Arabie): 1 for identical partitions, about 0 for independent ones. */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const table = contingency(a, b);
  const sameInBoth = sum(table.cells, pairs);
  const sameInA = sum(table.rowSums, pairs);
  const sameInB = sum(table.columnSums, pairs);
  const expected = table.itemCount < 2 ? 0 : (sameInA * sameInB) / pairs(table.itemCount);
  const maximum = (sameInA + sameInB) / 2;
  // Only when both partitions are all singletons or both a single group (or there are no pairs).
  if (maximum === expected) return 1;
  return (sameInBoth - expected) / (maximum - expected);
}

/** Normalized mutual information, MI / ((H(a) + H(b)) / 2), natural logarithms. */
export function normalizedMutualInfo(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const table = contingency(a, b);
  const rowCount = table.rowSums.length;
  const columnCount = table.columnSums.length;
  // Neither partition splits the items: a perfect match by scikit-learn's convention.
  if (rowCount === columnCount && rowCount <= 1) return 1;
  const n = table.itemCount;
  const entropy = (sums: readonly number[]): number => -sum(sums, (s) => (s / n) * Math.log(s / n));
  const entropyA = entropy(table.rowSums);
  const entropyB = entropy(table.columnSums);
  // MI = Σ p_ij log(p_ij / (p_i p_j)) = Σ p_ij log p_ij + H(a) + H(b).
  const mutualInfo = sum(table.cells, (c) => (c / n) * Math.log(c / n)) + entropyA + entropyB;
  // Round-off can leave a hair above or below zero for independent partitions.
  if (mutualInfo <= 1e-15) return 0;
  return mutualInfo / ((entropyA + entropyB) / 2);
}
