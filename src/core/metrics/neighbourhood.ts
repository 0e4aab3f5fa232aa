/**
 * How well a low-dimensional layout keeps each point's neighbourhood: trustworthiness (Venna & Kaski 2001, as
 * scikit-learn's `manifold.trustworthiness`) and the share of input neighbours kept. Exact: every pair's distance,
 * through the SIMD row store (about a second for 2,000 rows). The output is compared under euclidean
 * distance, the input under the metric given (cosine for sentence embeddings).
 */
import type { Matrix } from '../matrix';
import { createRowStore, PAIR_CAPACITY, type Metric, type RowStore } from '../reduce/row-store';

export interface NeighbourhoodScores {
  /**
   * T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k), where U_k(i) are i's k nearest output
   * neighbours that are not among its k nearest input neighbours and r(i, j) ≥ k + 1 is j's rank among i's input
   * neighbours (1 = nearest). 1 when no output neighbour is an intruder; lower the farther in the input the
   * intruders come from; about 0.5 for a random layout.
   */
  readonly trustworthiness: number;
  /** Mean share of each point's k nearest input neighbours that are among its k nearest output neighbours. */
  readonly neighboursKept: number;
}

/**
 * Both scores for neighbourhoods of k points (k < n / 2, scikit-learn's bound, where T's normalisation stays
 * positive). Ties in distance are broken by row index.
 */
export function neighbourhoodScores(
  input: Matrix<Float32Array>,
  output: Matrix<Float32Array>,
  k: number,
  inputMetric: Metric = 'euclidean',
): NeighbourhoodScores {
  const n = input.rows;
  if (output.rows !== n) throw new RangeError(`Input and output differ in rows: ${n} vs ${output.rows}.`);
  if (!Number.isInteger(k) || k < 1 || k >= n / 2) throw new RangeError(`k must be an integer in 1..${Math.ceil(n / 2) - 1} for ${n} rows, got ${k}.`);
  let penalty = 0;
  let kept = 0;
  forEachRow(input, output, inputMetric, (i, inputDistances, outputDistances) => {
    const inputNeighbours = new Set(nearest(inputDistances, i, k));
    for (const j of nearest(outputDistances, i, k)) {
      if (inputNeighbours.has(j)) kept++;
      else penalty += rankAmong(inputDistances, i, j) - k;
    }
  });
  return { trustworthiness: 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty, neighboursKept: kept / (n * k) };
}

/** Calls `visit` with each row's distances to every row, in the input and in the output. */
function forEachRow(
  input: Matrix<Float32Array>,
  output: Matrix<Float32Array>,
  inputMetric: Metric,
  visit: (row: number, inputDistances: Float32Array, outputDistances: Float32Array) => void,
): void {
  const identity = Int32Array.from({ length: input.rows }, (_, i) => i);
  const inputStore = createRowStore(input, identity, inputMetric);
  const outputStore = createRowStore(output, identity, 'euclidean');
  const inputDistances = new Float32Array(input.rows);
  const outputDistances = new Float32Array(input.rows);
  for (let i = 0; i < input.rows; i++) {
    distancesFrom(inputStore, i, inputDistances);
    distancesFrom(outputStore, i, outputDistances);
    visit(i, inputDistances, outputDistances);
  }
}

function distancesFrom(store: RowStore, row: number, into: Float32Array): void {
  for (let first = 0; first < store.rows; first += PAIR_CAPACITY) {
    const count = Math.min(PAIR_CAPACITY, store.rows - first);
    store.rangeDistances(row, first, count);
    into.set(store.out.subarray(0, count), first);
  }
}

/** Whether `a` comes before `b` among a row's neighbours: nearer, or as near with the smaller index. */
const before = (distances: Float32Array, a: number, b: number): boolean => distances[a] < distances[b] || (distances[a] === distances[b] && a < b);

/** The k rows nearest to `self` (itself excluded), nearest first. */
function nearest(distances: Float32Array, self: number, k: number): number[] {
  const list: number[] = [];
  for (let j = 0; j < distances.length; j++) {
    if (j === self || (list.length === k && !before(distances, j, list[k - 1]))) continue;
    let at = list.length === k ? k - 1 : list.length;
    while (at > 0 && before(distances, j, list[at - 1])) {
      list[at] = list[at - 1];
      at--;
    }
    list[at] = j;
  }
  return list;
}

/** j's rank among the other rows by distance from `self`: 1 for the nearest. */
function rankAmong(distances: Float32Array, self: number, j: number): number {
  let rank = 1;
  for (let l = 0; l < distances.length; l++) if (l !== self && l !== j && before(distances, l, j)) rank++;
  return rank;
}
