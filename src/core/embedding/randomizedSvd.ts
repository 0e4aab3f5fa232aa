/**
 * Truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson and Tropp 2011, as
 * scikit-learn's TruncatedSVD does by default): sample the range with a Gaussian block, sharpen it with power
 * iterations, then take the exact SVD of the small projected matrix. Vectors are kept as contiguous panels
 * (one vector after another) so that every inner loop runs over adjacent memory.
 */
import type { Random } from '../random';
import { gaussian } from '../reduce/initial-layout';
import type { SparseMatrix } from '../topics/sparse';

export interface TruncatedSvd {
  /** k × cols, row-major: the leading right singular vectors, largest singular value first. */
  readonly components: Float64Array;
  readonly singularValues: Float64Array;
  readonly k: number;
}

export interface RandomizedSvdOptions {
  /** Extra sampled directions beyond k (scikit-learn: 10). */
  readonly oversamples?: number;
  /** Power iterations (scikit-learn: 5 for TruncatedSVD; 2 keeps the fit to seconds on 20,000 sections). */
  readonly powerIterations?: number;
}

/** count panels of `length`: panel c is out[c·length … (c + 1)·length), = x · vector c of `panels` (x rows × cols). */
function timesPanels(x: SparseMatrix, panels: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * x.rows);
  for (let c = 0; c < count; c++) {
    const v = c * x.cols;
    const o = c * x.rows;
    for (let r = 0; r < x.rows; r++) {
      let sum = 0;
      for (let e = x.rowStart[r]; e < x.rowStart[r + 1]; e++) sum += x.values[e] * panels[v + x.columns[e]];
      out[o + r] = sum;
    }
  }
  return out;
}

/** xᵀ · panels (each panel of length x.rows), as count panels of length x.cols. */
function transposeTimesPanels(x: SparseMatrix, panels: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count * x.cols);
  for (let c = 0; c < count; c++) {
    const v = c * x.rows;
    const o = c * x.cols;
    for (let r = 0; r < x.rows; r++) {
      const weight = panels[v + r];
      if (weight === 0) continue;
      for (let e = x.rowStart[r]; e < x.rowStart[r + 1]; e++) out[o + x.columns[e]] += x.values[e] * weight;
    }
  }
  return out;
}

/** Modified Gram–Schmidt over count panels of `length`, in place; a dependent panel becomes zero. */
export function orthonormalizePanels(panels: Float64Array, count: number, length: number): void {
  for (let c = 0; c < count; c++) {
    const p = panels.subarray(c * length, (c + 1) * length);
    for (let prev = 0; prev < c; prev++) {
      const q = panels.subarray(prev * length, (prev + 1) * length);
      let dot = 0;
      for (let i = 0; i < length; i++) dot += p[i] * q[i];
      for (let i = 0; i < length; i++) p[i] -= dot * q[i];
    }
    let norm = 0;
    for (let i = 0; i < length; i++) norm += p[i] * p[i];
    const scale = norm > 1e-24 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < length; i++) p[i] *= scale;
  }
}

/**
 * Eigen-decomposition of a symmetric n × n matrix (row-major) by cyclic Jacobi rotations: eigenvalues descending
 * and the matching eigenvectors as rows.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        total += a[i * n + j] * a[i * n + j];
        if (i !== j) off += a[i * n + j] * a[i * n + j];
      }
    }
    if (off <= 1e-22 * total) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        // Eigenvectors as rows of v: v ← Jᵀ v.
        for (let k = 0; k < n; k++) {
          const vpk = v[p * n + k];
          const vqk = v[q * n + k];
          v[p * n + k] = c * vpk - s * vqk;
          v[q * n + k] = s * vpk + c * vqk;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i] || i - j);
  const values = Float64Array.from(order, (i) => a[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((i, r) => vectors.set(v.subarray(i * n, (i + 1) * n), r * n));
  return { values, vectors };
}

/** The k leading singular triplets' right vectors and values of `x` (k ≤ min(rows, cols)). */
export function randomizedSvd(x: SparseMatrix, k: number, random: Random, options: RandomizedSvdOptions = {}): TruncatedSvd {
  const l = Math.min(k + (options.oversamples ?? 10), x.rows, x.cols);
  const iterations = options.powerIterations ?? 2;
  const omega = Float64Array.from({ length: l * x.cols }, () => gaussian(random));
  let q = timesPanels(x, omega, l);
  orthonormalizePanels(q, l, x.rows);
  for (let i = 0; i < iterations; i++) {
    const z = transposeTimesPanels(x, q, l);
    orthonormalizePanels(z, l, x.cols);
    q = timesPanels(x, z, l);
    orthonormalizePanels(q, l, x.rows);
  }
  // B = Qᵀ x (l × cols); B Bᵀ = U S² Uᵀ gives x's right singular vectors as S⁻¹ Uᵀ B.
  const b = transposeTimesPanels(x, q, l);
  const gram = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    const bi = b.subarray(i * x.cols, (i + 1) * x.cols);
    for (let j = i; j < l; j++) {
      const bj = b.subarray(j * x.cols, (j + 1) * x.cols);
      let dot = 0;
      for (let t = 0; t < x.cols; t++) dot += bi[t] * bj[t];
      gram[i * l + j] = dot;
      gram[j * l + i] = dot;
    }
  }
  const { values, vectors } = symmetricEigen(gram, l);
  const kept = Math.min(k, l);
  const components = new Float64Array(kept * x.cols);
  const singularValues = new Float64Array(kept);
  for (let r = 0; r < kept; r++) {
    const sigma = Math.sqrt(Math.max(values[r], 0));
    singularValues[r] = sigma;
    if (sigma === 0) continue;
    const out = components.subarray(r * x.cols, (r + 1) * x.cols);
    for (let i = 0; i < l; i++) {
      const weight = vectors[r * l + i] / sigma;
      if (weight === 0) continue;
      const bi = b.subarray(i * x.cols, (i + 1) * x.cols);
      for (let t = 0; t < x.cols; t++) out[t] += weight * bi[t];
    }
    // A fixed sign (largest entry positive), so the same input always gives the same basis.
    let largest = 0;
    for (let t = 0; t < x.cols; t++) if (Math.abs(out[t]) > Math.abs(largest)) largest = out[t];
    if (largest < 0) for (let t = 0; t < x.cols; t++) out[t] = -out[t];
  }
  return { components, singularValues, k: kept };
}
