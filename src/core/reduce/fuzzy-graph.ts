/**
 * UMAP's fuzzy simplicial set (umap-learn `fuzzy_simplicial_set`): each point's neighbour distances become
 * membership strengths exp(−(d − ρ) / σ), with ρ the distance to the nearest other point and σ found by binary
 * search so the strengths sum to log2(k); the directed graph is then symmetrised by fuzzy union a + b − ab.
 */
import type { Knn } from './knn';

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;
const BINARY_SEARCH_STEPS = 64;

/** A symmetric sparse graph in CSR form: row i's edges are indices/weights[indptr[i] .. indptr[i + 1]). */
export interface FuzzyGraph {
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly weights: Float32Array;
}

/**
 * σ and ρ per row (umap-learn `smooth_knn_dist`, local connectivity 1, bandwidth 1). Entry 0 of each row is
 * the point itself and is left out of the sum, as umap-learn does.
 */
export function smoothKnnDistances(knn: Knn): { sigmas: Float32Array; rhos: Float32Array } {
  const { k, distances } = knn;
  const rows = distances.length / k;
  const target = Math.log2(k);
  const sigmas = new Float32Array(rows);
  const rhos = new Float32Array(rows);
  const meanOfAll = finiteMean(distances, 0, distances.length);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    let rho = 0;
    for (let j = base; j < base + k; j++) {
      if (distances[j] > 0) {
        rho = distances[j];
        break;
      }
    }
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let step = 0; step < BINARY_SEARCH_STEPS; step++) {
      let sum = 0;
      for (let j = base + 1; j < base + k; j++) {
        const d = distances[j] - rho;
        sum += d > 0 ? Math.exp(-d / mid) : 1;
      }
      if (Math.abs(sum - target) < SMOOTH_K_TOLERANCE) break;
      if (sum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    // A floor keeps σ away from 0 when neighbours are (nearly) duplicates.
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? finiteMean(distances, base, base + k) : meanOfAll);
    sigmas[i] = Math.max(mid, floor);
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/** The symmetric fuzzy graph of a kNN graph (self first in each row, -1 for missing neighbours). */
export function fuzzySimplicialSet(knn: Knn): FuzzyGraph {
  const { k, indices, distances } = knn;
  const rows = indices.length / k;
  const { sigmas, rhos } = smoothKnnDistances(knn);

  // Directed memberships, each stored in its row and, as the transpose, in its column's row.
  const degree = new Int32Array(rows + 1);
  const strength = new Float32Array(indices.length);
  for (let i = 0; i < rows; i++) {
    for (let j = i * k; j < (i + 1) * k; j++) {
      const neighbor = indices[j];
      if (neighbor < 0 || neighbor === i) continue;
      const d = distances[j] - rhos[i];
      strength[j] = d <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-d / sigmas[i]);
      if (strength[j] > 0) {
        degree[i]++;
        degree[neighbor]++;
      }
    }
  }
  const start = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) start[i + 1] = start[i] + degree[i];
  const fill = start.slice(0, rows);
  const column = new Int32Array(start[rows]);
  const value = new Float32Array(start[rows]);
  for (let i = 0; i < rows; i++) {
    for (let j = i * k; j < (i + 1) * k; j++) {
      if (!(strength[j] > 0)) continue;
      const neighbor = indices[j];
      column[fill[i]] = neighbor;
      value[fill[i]++] = strength[j];
      column[fill[neighbor]] = i;
      value[fill[neighbor]++] = strength[j];
    }
  }

  // Per row: sort by column, then merge an edge present in both directions by fuzzy union (exactly symmetric).
  const indptr = new Int32Array(rows + 1);
  const mergedIndices = new Int32Array(start[rows]);
  const mergedWeights = new Float32Array(start[rows]);
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const order = Array.from({ length: start[i + 1] - start[i] }, (_, t) => start[i] + t).sort((a, b) => column[a] - column[b]);
    for (let t = 0; t < order.length; t++) {
      const e = order[t];
      let weight = value[e];
      if (t + 1 < order.length && column[order[t + 1]] === column[e]) {
        const other = value[order[++t]];
        weight = weight + other - weight * other;
      }
      mergedIndices[count] = column[e];
      mergedWeights[count++] = weight;
    }
    indptr[i + 1] = count;
  }
  return { rows, indptr, indices: mergedIndices.slice(0, count), weights: mergedWeights.slice(0, count) };
}

function finiteMean(values: Float32Array, from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let j = from; j < to; j++) {
    if (Number.isFinite(values[j])) {
      sum += values[j];
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}
