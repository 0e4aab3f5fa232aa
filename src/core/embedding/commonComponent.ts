/**
 * SIF's second step (Arora, Liang and Ma, 2017): remove from every sentence vector its projection on the
 * corpus's first singular vector, the direction all averaged word vectors share (frequent-word and
 * discourse content). Without it, GloVe-SIF documents crowd around that direction and HDBSCAN finds one
 * giant topic plus many outliers.
 */
import { row, type Matrix } from '../matrix';

const POWER_ITERATIONS = 50;

/** The first right singular vector of the rows (uncentred, as SIF), by power iteration on MᵀM. */
export function firstSingularVector(m: Matrix): Float32Array {
  const d = m.cols;
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
    const next = new Float64Array(d);
    for (let r = 0; r < m.rows; r++) {
      const x = row(m, r);
      let projection = 0;
      for (let j = 0; j < d; j++) projection += x[j] * v[j];
      for (let j = 0; j < d; j++) next[j] += projection * x[j];
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += next[j] * next[j];
    norm = Math.sqrt(norm);
    if (norm === 0) break;
    for (let j = 0; j < d; j++) next[j] /= norm;
    v = next;
  }
  return Float32Array.from(v);
}

/** Subtracts each non-zero row's projection on `component` and re-normalises it, in place. Zero rows stay zero. */
export function removeComponent(m: Matrix, component: Float32Array): void {
  for (let r = 0; r < m.rows; r++) {
    const x = row(m, r);
    let projection = 0;
    for (let j = 0; j < m.cols; j++) projection += x[j] * component[j];
    if (projection === 0) continue;
    let norm = 0;
    for (let j = 0; j < m.cols; j++) {
      x[j] -= projection * component[j];
      norm += x[j] * x[j];
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < m.cols; j++) x[j] /= norm;
  }
}
