/**
 * 1 − cosine similarity between rows, as the condensed vector scipy's linkage takes (pairs i < j, row-major).
 * As scikit-learn's `cosine_similarity`, a zero row is similar to nothing (distance 1 to every other row).
 */
import { row, type Matrix } from '../matrix';
import { rowNorms, type SparseMatrix } from '../topics/sparse';

/** Between the listed rows of a sparse matrix (e.g. the topics' c-TF-IDF rows without the outlier row). */
export function sparseCosineDistances(m: SparseMatrix, rows: ArrayLike<number>): Float64Array {
  const n = rows.length;
  const norms = rowNorms(m);
  const out = new Float64Array((n * (n - 1)) / 2);
  const dense = new Float64Array(m.cols);
  let at = 0;
  for (let a = 0; a < n; a++) {
    const i = rows[a];
    for (let k = m.rowStart[i]; k < m.rowStart[i + 1]; k++) dense[m.columns[k]] = m.values[k];
    for (let b = a + 1; b < n; b++) {
      const j = rows[b];
      let dot = 0;
      for (let k = m.rowStart[j]; k < m.rowStart[j + 1]; k++) dot += dense[m.columns[k]] * m.values[k];
      out[at++] = distance(dot, norms[i], norms[j]);
    }
    for (let k = m.rowStart[i]; k < m.rowStart[i + 1]; k++) dense[m.columns[k]] = 0;
  }
  return out;
}

/** Between all rows of a dense matrix (e.g. topic embeddings). */
export function denseCosineDistances(m: Matrix<Float32Array | Float64Array>): Float64Array {
  const n = m.rows;
  const norms = Float64Array.from({ length: n }, (_, i) => Math.sqrt(dot(row(m, i), row(m, i))));
  const out = new Float64Array((n * (n - 1)) / 2);
  let at = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[at++] = distance(dot(row(m, i), row(m, j)), norms[i], norms[j]);
  return out;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k] * b[k];
  return sum;
}

function distance(dotProduct: number, normA: number, normB: number): number {
  return normA > 0 && normB > 0 ? 1 - dotProduct / (normA * normB) : 1;
}
