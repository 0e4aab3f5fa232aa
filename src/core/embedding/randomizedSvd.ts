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
import { createDenseArena, type DenseArena } from '../reduce/dense-arena';
import { CONTROL_SLOTS, startBlockRunner, TASK_FIELDS, type BlockRunner } from './blockThreads';
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
  /** Threads for the products (1 or 2; the result is the same either way). Default 1. */
  readonly threads?: number;
}

/**
 * Directions of a block whose squared length (a Gram eigenvalue, or what a column adds to the ones before it) is
 * below this share of the largest are taken as dependent: below it rounding dominates what the Gram matrix says.
 */
const RANK_TOLERANCE = 1e-10;

/**
 * ±1 entries: a test matrix that samples the range as well as a Gaussian one (Martinsson and Tropp 2020, §9),
 * 30 entries per draw of the generator.
 */
function randomSigns(out: Float64Array, random: Random): Float64Array {
  const { length } = out;
  for (let i = 0; i < length; i += 30) {
    let bits = Math.floor(random() * 2 ** 30);
    for (let b = i; b < Math.min(i + 30, length); b++, bits >>>= 1) out[b] = bits & 1 ? 1 : -1;
  }
  return out;
}

/** The arena, what runs products on it, and its small width × width blocks, shared by every step. */
interface Workspace {
  readonly arena: DenseArena;
  readonly runner: BlockRunner;
  readonly gram: Float64Array;
  readonly inverse: Float64Array;
}

/** X · dense (dense: x.cols × width) into out (x.rows × width). */
function timesDense(work: Workspace, x: SparseMatrix, dense: Float64Array, width: number, out: Float64Array): Float64Array {
  work.runner.run({ kind: 'sparseTimes', x, dense, width, out });
  return out;
}

/** A (rows × inner) · B (inner × width) into `out`; `upper`: B is upper triangular. */
function denseTimes(
  work: Workspace,
  a: Float64Array,
  rows: number,
  inner: number,
  b: Float64Array,
  width: number,
  out: Float64Array,
  upper = false,
): Float64Array {
  work.runner.run({ kind: 'denseTimes', a, rows, inner, b, width, out, upper });
  return out;
}

/** Aᵀ B into `out` for a, b of `rows` × width, known to be symmetric. */
function symmetricCrossProduct(work: Workspace, a: Float64Array, b: Float64Array, rows: number, width: number, out: Float64Array): Float64Array {
  work.runner.run({ kind: 'crossProduct', a, b, rows, width, out });
  return out;
}

/** `x` copied into the arena (where a helper thread can read it). */
function intoArena(arena: DenseArena, x: SparseMatrix): SparseMatrix {
  const rowStart = arena.takeInt32(x.rowStart.length);
  const columns = arena.takeInt32(x.columns.length);
  const values = arena.take(x.values.length);
  rowStart.set(x.rowStart);
  columns.set(x.columns);
  values.set(x.values);
  return { rows: x.rows, cols: x.cols, rowStart, columns, values };
}

/**
 * Cholesky QR of `block` (rows × width) into `out`: with YᵀY = RᵀR, Y R⁻¹ has orthonormal columns. A column
 * that adds (almost) nothing to the ones before it becomes zero, as in Gram–Schmidt.
 */
function orthonormalizeColumns(work: Workspace, block: Float64Array, rows: number, width: number, out: Float64Array): Float64Array {
  const gram = symmetricCrossProduct(work, block, block, rows, width, work.gram);
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
  const inverse = work.inverse.fill(0);
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
  return denseTimes(work, block, rows, width, inverse, width, out, true);
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
  const helper = (options.threads ?? 1) > 1;
  // X and Xᵀ, three blocks on the rows side, one on the columns side (two when the right vectors come from it),
  // and the small l × l ones, reused by every step; an int32 counts as half a float64.
  const sparse = 2 * x.values.length + x.columns.length + (x.rows + x.cols + 2) / 2;
  const columnsBlocks = x.rows > x.cols ? 2 : 1;
  const arena = createDenseArena(sparse + 3 * x.rows * l + columnsBlocks * x.cols * l + 3 * l * l + TASK_FIELDS + CONTROL_SLOTS, 20, helper);
  const runner = startBlockRunner(arena, helper);
  try {
    const xs = intoArena(arena, x);
    const xt = intoArena(arena, transpose(x));
    const work: Workspace = { arena, runner, gram: arena.take(l * l), inverse: arena.take(l * l) };
    const wide = randomSigns(arena.take(x.cols * l), random);
    // The sampled block, then each power iteration X Xᵀ Q on the orthonormalised block before it.
    let q = orthonormalizeColumns(work, timesDense(work, xs, wide, l, arena.take(x.rows * l)), x.rows, l, arena.take(x.rows * l));
    let spare: Float64Array = arena.take(x.rows * l);
    for (let i = 0; i < iterations; i++) {
      const y = timesDense(work, xs, timesDense(work, xt, q, l, wide), l, spare);
      spare = q;
      q = orthonormalizeColumns(work, y, x.rows, l, spare);
      spare = y;
    }
    const z = timesDense(work, xt, q, l, wide);
    const ritzPairs = ritz(symmetricCrossProduct(work, q, timesDense(work, xs, z, l, spare), x.rows, l, work.gram), l, k);
    const { singularValues, kept } = ritzPairs;
    const weights = arena.take(l * kept);
    weights.set(ritzPairs.weights);
    // Right singular vectors Xᵀ Q M, over whichever side is shorter.
    const components =
      x.rows <= x.cols
        ? timesDense(work, xt, denseTimes(work, q, x.rows, l, weights, kept, spare), kept, wide)
        : denseTimes(work, z, x.cols, l, weights, kept, arena.take(x.cols * kept));
    // A fixed sign (largest entry positive), so the same input always gives the same basis.
    for (let c = 0; c < kept; c++) {
      let largest = 0;
      for (let t = 0; t < x.cols; t++) if (Math.abs(components[t * kept + c]) > Math.abs(largest)) largest = components[t * kept + c];
      if (largest < 0) for (let t = 0; t < x.cols; t++) components[t * kept + c] = -components[t * kept + c];
    }
    // A copy: the arena's memory goes when the fit does.
    return { components: components.slice(0, x.cols * kept), singularValues, k: kept };
  } finally {
    runner.stop();
  }
}
