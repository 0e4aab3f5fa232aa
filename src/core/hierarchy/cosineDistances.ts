/**
 * 1 − cosine similarity between rows, as the condensed vector scipy's linkage takes (pairs i < j, row-major).
 * As scikit-learn's `cosine_similarity`, a zero row is similar to nothing (distance 1 to every other row).
 */
import { row, type Matrix } from '../matrix';
import { rowNorms, type SparseMatrix } from '../topics/sparse';

/**
 * Between the listed rows of a sparse matrix (e.g. the topics' c-TF-IDF rows without the outlier row). Each pair's
 * dot product visits only the columns the two rows share, through lists of the rows' entries per column: the cost
 * is the sum over columns of (rows holding it)², not pairs × row length — hundreds of topics with thousands of
 * words each. Every dot product is summed in ascending column order, as a merge of the two rows would.
 */
export function sparseCosineDistances(m: SparseMatrix, rows: ArrayLike<number>): Float64Array {
  const n = rows.length;
  const norms = rowNorms(m);
  const columnStart = new Int32Array(m.cols + 1);
  for (let a = 0; a < n; a++) for (let k = m.rowStart[rows[a]]; k < m.rowStart[rows[a] + 1]; k++) columnStart[m.columns[k] + 1]++;
  for (let c = 0; c < m.cols; c++) columnStart[c + 1] += columnStart[c];
  const entryRow = new Int32Array(columnStart[m.cols]);
  const entryValue = new Float64Array(columnStart[m.cols]);
  const next = columnStart.slice(0, m.cols);
  for (let a = 0; a < n; a++) {
    for (let k = m.rowStart[rows[a]]; k < m.rowStart[rows[a] + 1]; k++) {
      const at = next[m.columns[k]]++;
      entryRow[at] = a;
      entryValue[at] = m.values[k];
    }
  }
  // Rows are listed in order within each column: row a's entry is the first one not yet passed.
  next.set(columnStart.subarray(0, m.cols));
  const out = new Float64Array((n * (n - 1)) / 2);
  const dots = new Float64Array(n);
  let at = 0;
  for (let a = 0; a < n; a++) {
    const i = rows[a];
    for (let k = m.rowStart[i]; k < m.rowStart[i + 1]; k++) {
      const column = m.columns[k];
      const value = m.values[k];
      const end = columnStart[column + 1];
      for (let e = ++next[column]; e < end; e++) dots[entryRow[e]] += value * entryValue[e];
    }
    for (let b = a + 1; b < n; b++) {
      out[at++] = distance(dots[b], norms[i], norms[rows[b]]);
      dots[b] = 0;
    }
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
