/**
 * Truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson and Tropp 2011, as
 * scikit-learn's `randomized_svd`): sample the range of X with a Gaussian block, sharpen it with power
 * iterations, then solve the small projected problem exactly.
 *
 * Where the time goes decides the shape. Dense blocks are row-major (n × l), so every sparse product adds
 * contiguous rows of l numbers. All dense work is on the rows side, never over the vocabulary: the block is
 * orthonormalised after each power iteration by Cholesky QR (one l × l Gram matrix and a triangular product,
 * where modified Gram–Schmidt over vocabulary-long vectors took most of the time); the small problem is the
 * l × l matrix Qᵀ X Xᵀ Q, and the right singular vectors come out of one sparse product, Xᵀ (Q M).
 */
import type { Random } from '../random';
import { transpose, type SparseMatrix } from '../topics/sparse';
import { symmetricEigen } from './symmetricEigen';

export interface TruncatedSvd {
  /** cols × k, row-major: column c's coordinates on the k leading right singular vectors, largest first. */
  readonly components: Float64Array;
  readonly singularValues: Float64Array;
  /** At most the k asked for: fewer when X has a lower numerical rank. */
  readonly k: number;
}

export interface RandomizedSvdOptions {
  /** Extra sampled directions beyond k (scikit-learn: 10). */
  readonly oversamples?: number;
  /** Power iterations (scikit-learn: up to 2 without normalising between them). */
  readonly powerIterations?: number;
}

/**
 * Directions of a block whose squared length (a Gram eigenvalue, or what a column adds to the ones before it) is
 * below this share of the largest are taken as dependent: below it rounding dominates what the Gram matrix says.
 */
const RANK_TOLERANCE = 1e-10;

/**
 * X · dense (dense: x.cols × width, row-major) into `out` as x.rows × width (Xᵀ · dense: the same over X's
 * transpose). Blocks are written into buffers allocated once: touching fresh memory costs as much as a product.
 * The kernels here take four terms per pass over a row: a third of the loads and stores of one at a time.
 */
function timesDense(x: SparseMatrix, dense: Float64Array, width: number, out: Float64Array): Float64Array {
  const { rowStart, columns, values } = x;
  out.fill(0, 0, x.rows * width);
  for (let r = 0; r < x.rows; r++) {
    const o = r * width;
    const end = rowStart[r + 1];
    let e = rowStart[r];
    for (; e + 4 <= end; e += 4) {
      const v0 = values[e],
        v1 = values[e + 1],
        v2 = values[e + 2],
        v3 = values[e + 3];
      const d0 = columns[e] * width,
        d1 = columns[e + 1] * width,
        d2 = columns[e + 2] * width,
        d3 = columns[e + 3] * width;
      for (let j = 0; j < width; j++) out[o + j] += v0 * dense[d0 + j] + v1 * dense[d1 + j] + v2 * dense[d2 + j] + v3 * dense[d3 + j];
    }
    for (; e < end; e++) {
      const value = values[e];
      const d = columns[e] * width;
      for (let j = 0; j < width; j++) out[o + j] += value * dense[d + j];
    }
  }
  return out;
}

/** Aᵀ B for row-major a, b of `rows` × width, known to be symmetric (only the upper half is summed). */
function symmetricCrossProduct(a: Float64Array, b: Float64Array, rows: number, width: number): Float64Array {
  const out = new Float64Array(width * width);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o0 = r * width,
      o1 = (r + 1) * width,
      o2 = (r + 2) * width,
      o3 = (r + 3) * width;
    for (let i = 0; i < width; i++) {
      const w0 = a[o0 + i],
        w1 = a[o1 + i],
        w2 = a[o2 + i],
        w3 = a[o3 + i];
      const row = i * width;
      for (let j = i; j < width; j++) out[row + j] += w0 * b[o0 + j] + w1 * b[o1 + j] + w2 * b[o2 + j] + w3 * b[o3 + j];
    }
  }
  for (; r < rows; r++) {
    const o = r * width;
    for (let i = 0; i < width; i++) {
      const weight = a[o + i];
      const row = i * width;
      for (let j = i; j < width; j++) out[row + j] += weight * b[o + j];
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) out[i * width + j] = out[j * width + i];
  return out;
}

/** A (rows × inner) · B (inner × width), both row-major, into `out`; `upper`: B is upper triangular. */
function denseTimes(
  a: Float64Array,
  rows: number,
  inner: number,
  b: Float64Array,
  width: number,
  out: Float64Array = new Float64Array(rows * width),
  upper = false,
): Float64Array {
  out.fill(0, 0, rows * width);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    const from = r * inner;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const w0 = a[from + i],
        w1 = a[from + i + 1],
        w2 = a[from + i + 2],
        w3 = a[from + i + 3];
      const b0 = i * width,
        b1 = (i + 1) * width,
        b2 = (i + 2) * width,
        b3 = (i + 3) * width;
      for (let j = upper ? i : 0; j < width; j++) out[o + j] += w0 * b[b0 + j] + w1 * b[b1 + j] + w2 * b[b2 + j] + w3 * b[b3 + j];
    }
    for (; i < inner; i++) {
      const weight = a[from + i];
      const row = i * width;
      for (let j = upper ? i : 0; j < width; j++) out[o + j] += weight * b[row + j];
    }
  }
  return out;
}

/**
 * ±1 entries: a test matrix that samples the range as well as a Gaussian one (Martinsson and Tropp 2020, §9),
 * 30 entries per draw of the generator.
 */
function randomSigns(length: number, random: Random): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i += 30) {
    let bits = Math.floor(random() * 2 ** 30);
    for (let b = i; b < Math.min(i + 30, length); b++, bits >>>= 1) out[b] = bits & 1 ? 1 : -1;
  }
  return out;
}

/**
 * Cholesky QR of `block` (rows × width) into `out`: with YᵀY = RᵀR, Y R⁻¹ has orthonormal columns. A column
 * that adds (almost) nothing to the ones before it becomes zero, as in Gram–Schmidt.
 */
function orthonormalizeColumns(block: Float64Array, rows: number, width: number, out: Float64Array): Float64Array {
  const gram = symmetricCrossProduct(block, block, rows, width);
  const r = new Float64Array(width * width);
  for (let j = 0; j < width; j++) {
    let d = gram[j * width + j];
    for (let t = 0; t < j; t++) d -= r[t * width + j] ** 2;
    if (!(d > RANK_TOLERANCE * gram[j * width + j])) continue;
    const pivot = Math.sqrt(d);
    r[j * width + j] = pivot;
    for (let i = j + 1; i < width; i++) {
      let sum = gram[j * width + i];
      for (let t = 0; t < j; t++) sum -= r[t * width + j] * r[t * width + i];
      r[j * width + i] = sum / pivot;
    }
  }
  // R⁻¹ by back substitution, column by column; dependent columns' rows and columns stay zero.
  const inverse = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    if (r[i * width + i] === 0) continue;
    inverse[i * width + i] = 1 / r[i * width + i];
    for (let t = i - 1; t >= 0; t--) {
      if (r[t * width + t] === 0) continue;
      let sum = 0;
      for (let u = t + 1; u <= i; u++) sum += r[t * width + u] * inverse[u * width + i];
      inverse[t * width + i] = -sum / r[t * width + t];
    }
  }
  return denseTimes(block, rows, width, inverse, width, out, true);
}

/**
 * The Rayleigh–Ritz step: the eigenpairs of H = Qᵀ X Xᵀ Q (Q orthonormal, dependent columns zero) are the Ritz
 * pairs (σ², u) of X Xᵀ on span(Q). Returns the singular values and M = U S⁻¹ (l × kept): X ᵀ Q M are the right
 * singular vectors.
 */
function ritz(projected: Float64Array, l: number, k: number): { singularValues: Float64Array; weights: Float64Array; kept: number } {
  const h = symmetricEigen(projected, l);
  let kept = 0;
  while (kept < Math.min(k, l) && h.values[kept] > RANK_TOLERANCE * h.values[0]) kept++;
  const singularValues = Float64Array.from({ length: kept }, (_, c) => Math.sqrt(h.values[c]));
  const weights = new Float64Array(l * kept);
  for (let i = 0; i < l; i++) for (let c = 0; c < kept; c++) weights[i * kept + c] = h.vectors[c * l + i] / singularValues[c];
  return { singularValues, weights, kept };
}

/** The k leading singular values and right singular vectors of `x`. */
export function randomizedSvd(x: SparseMatrix, k: number, random: Random, options: RandomizedSvdOptions = {}): TruncatedSvd {
  const l = Math.min(k + (options.oversamples ?? 10), x.rows, x.cols);
  const iterations = options.powerIterations ?? 2;
  const xt = transpose(x);
  // Two blocks on the rows side and one on the columns side, reused by every step.
  const wide = randomSigns(x.cols * l, random);
  // The sampled block, then each power iteration X Xᵀ Q on the orthonormalised block before it.
  let q = orthonormalizeColumns(timesDense(x, wide, l, new Float64Array(x.rows * l)), x.rows, l, new Float64Array(x.rows * l));
  let spare: Float64Array = new Float64Array(x.rows * l);
  for (let i = 0; i < iterations; i++) {
    const y = timesDense(x, timesDense(xt, q, l, wide), l, spare);
    spare = q;
    q = orthonormalizeColumns(y, x.rows, l, spare);
    spare = y;
  }
  const z = timesDense(xt, q, l, wide);
  const { singularValues, weights, kept } = ritz(symmetricCrossProduct(q, timesDense(x, z, l, spare), x.rows, l), l, k);
  // Right singular vectors Xᵀ Q M, over whichever side is shorter.
  const components =
    x.rows <= x.cols
      ? timesDense(xt, denseTimes(q, x.rows, l, weights, kept, spare), kept, wide)
      : denseTimes(z, x.cols, l, weights, kept, new Float64Array(x.cols * kept));
  // A fixed sign (largest entry positive), so the same input always gives the same basis.
  for (let c = 0; c < kept; c++) {
    let largest = 0;
    for (let t = 0; t < x.cols; t++) if (Math.abs(components[t * kept + c]) > Math.abs(largest)) largest = components[t * kept + c];
    if (largest < 0) for (let t = 0; t < x.cols; t++) components[t * kept + c] = -components[t * kept + c];
  }
  return { components: components.subarray(0, x.cols * kept), singularValues, k: kept };
}
