/**
 * The products of the randomized SVD (randomizedSvd.ts) over blocks of a dense arena, cut into chunks of output
 * rows. Every output number is computed by exactly one chunk, always with the same operations in the same order,
 * so the result is the same whichever thread runs which chunk (see blockThreads.ts). A product is also written as
 * a few numbers in shared memory, for the helper thread to read.
 */
import type { DenseKernels } from '../reduce/dense-arena';
import type { SparseMatrix } from '../topics/sparse';

export type BlockProduct =
  /** X · dense (dense: x.cols × width) into out (x.rows × width). */
  | { readonly kind: 'sparseTimes'; readonly x: SparseMatrix; readonly dense: Float64Array; readonly width: number; readonly out: Float64Array }
  /** A (rows × inner) · B (inner × width) into out; `upper`: B is upper triangular. */
  | {
      readonly kind: 'denseTimes';
      readonly a: Float64Array;
      readonly rows: number;
      readonly inner: number;
      readonly b: Float64Array;
      readonly width: number;
      readonly out: Float64Array;
      readonly upper: boolean;
    }
  /** The upper half of Aᵀ B (a, b: rows × width, Aᵀ B known to be symmetric) into out (width × width). */
  | {
      readonly kind: 'crossProduct';
      readonly a: Float64Array;
      readonly b: Float64Array;
      readonly rows: number;
      readonly width: number;
      readonly out: Float64Array;
    };

/** Chunks per product: enough for two threads to even out, few enough that claiming one costs nothing. */
export const CHUNKS = 16;

/** The output rows of chunk `chunk`: products over rows in equal runs; the cross product's triangle in equal areas. */
export function chunkRows(product: BlockProduct, chunk: number): readonly [number, number] {
  if (product.kind === 'crossProduct') return [triangleRow(product.width, chunk), triangleRow(product.width, chunk + 1)];
  const rows = product.kind === 'sparseTimes' ? product.x.rows : product.rows;
  return [Math.floor((rows * chunk) / CHUNKS), Math.floor((rows * (chunk + 1)) / CHUNKS)];
}

/** The first row of chunk `chunk` when rows i of a width × width upper triangle (width − i numbers) are cut evenly. */
function triangleRow(width: number, chunk: number): number {
  if (chunk >= CHUNKS) return width;
  // Rows before i hold width² − (width − i)² of the triangle's ~width² / 2 (twice over): solve for the share.
  return Math.round(width - width * Math.sqrt(1 - chunk / CHUNKS));
}

/** Computes the output rows of chunk `chunk`. */
export function runChunk(kernels: DenseKernels, product: BlockProduct, chunk: number): void {
  const [from, to] = chunkRows(product, chunk);
  if (product.kind === 'sparseTimes') sparseTimesRows(kernels, product.x, product.dense, product.width, product.out, from, to);
  else if (product.kind === 'denseTimes') denseTimesRows(kernels, product, from, to);
  else crossProductRows(kernels, product.a, product.b, product.rows, product.width, product.out, from, to);
}

/**
 * Rows from..to of X · dense. The kernels take four terms per pass over a row: a third of the loads and stores of
 * one at a time.
 */
function sparseTimesRows(kernels: DenseKernels, x: SparseMatrix, dense: Float64Array, width: number, out: Float64Array, from: number, to: number): void {
  const { rowStart, columns, values } = x;
  out.fill(0, from * width, to * width);
  for (let r = from; r < to; r++) {
    const o = r * width;
    const end = rowStart[r + 1];
    let e = rowStart[r];
    for (; e + 4 <= end; e += 4) {
      const d0 = columns[e] * width,
        d1 = columns[e + 1] * width,
        d2 = columns[e + 2] * width,
        d3 = columns[e + 3] * width;
      kernels.multiplyAdd4(out, o, dense, d0, dense, d1, dense, d2, dense, d3, values[e], values[e + 1], values[e + 2], values[e + 3], width);
    }
    for (; e < end; e++) kernels.multiplyAdd1(out, o, dense, columns[e] * width, values[e], width);
  }
}

function denseTimesRows(kernels: DenseKernels, product: Extract<BlockProduct, { kind: 'denseTimes' }>, from: number, to: number): void {
  const { a, inner, b, width, out, upper } = product;
  out.fill(0, from * width, to * width);
  for (let r = from; r < to; r++) {
    const o = r * width;
    const at = r * inner;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const start = upper ? i : 0;
      const b0 = i * width + start,
        b1 = (i + 1) * width + start,
        b2 = (i + 2) * width + start,
        b3 = (i + 3) * width + start;
      kernels.multiplyAdd4(out, o + start, b, b0, b, b1, b, b2, b, b3, a[at + i], a[at + i + 1], a[at + i + 2], a[at + i + 3], width - start);
    }
    for (; i < inner; i++) {
      const start = upper ? i : 0;
      kernels.multiplyAdd1(out, o + start, b, i * width + start, a[at + i], width - start);
    }
  }
}

/** Output rows from..to (their upper part, j ≥ i) of Aᵀ B, the data rows four at a time. */
function crossProductRows(
  kernels: DenseKernels,
  a: Float64Array,
  b: Float64Array,
  rows: number,
  width: number,
  out: Float64Array,
  from: number,
  to: number,
): void {
  out.fill(0, from * width, to * width);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o0 = r * width,
      o1 = (r + 1) * width,
      o2 = (r + 2) * width,
      o3 = (r + 3) * width;
    for (let i = from; i < to; i++) {
      kernels.multiplyAdd4(out, i * width + i, b, o0 + i, b, o1 + i, b, o2 + i, b, o3 + i, a[o0 + i], a[o1 + i], a[o2 + i], a[o3 + i], width - i);
    }
  }
  for (; r < rows; r++) {
    const o = r * width;
    for (let i = from; i < to; i++) kernels.multiplyAdd1(out, i * width + i, b, o + i, a[o + i], width - i);
  }
}

/** Copies the upper half of a symmetric width × width matrix into its lower half (after every chunk is done). */
export function mirrorUpper(out: Float64Array, width: number): void {
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) out[i * width + j] = out[j * width + i];
}

/** Numbers that describe a product in shared memory (arrays as byte offset and length in the arena). */
export const PRODUCT_FIELDS = 16;

const KINDS = ['sparseTimes', 'denseTimes', 'crossProduct'] as const;

export function encodeProduct(product: BlockProduct, into: Float64Array): void {
  const block = (array: Int32Array | Float64Array): number[] => [array.byteOffset, array.length];
  const fields =
    product.kind === 'sparseTimes'
      ? [
          ...block(product.x.rowStart),
          ...block(product.x.columns),
          ...block(product.x.values),
          product.x.rows,
          product.x.cols,
          ...block(product.dense),
          ...block(product.out),
          product.width,
        ]
      : product.kind === 'denseTimes'
        ? [...block(product.a), ...block(product.b), ...block(product.out), product.rows, product.inner, product.width, product.upper ? 1 : 0]
        : [...block(product.a), ...block(product.b), ...block(product.out), product.rows, product.width];
  into.fill(0);
  into[0] = KINDS.indexOf(product.kind);
  into.set(fields, 1);
}

export function decodeProduct(from: Float64Array, buffer: ArrayBufferLike): BlockProduct {
  let at = 1;
  const next = (): number => from[at++];
  const floats = (): Float64Array => new Float64Array(buffer, next(), next());
  const ints = (): Int32Array => new Int32Array(buffer, next(), next());
  const kind = KINDS[from[0]];
  if (kind === 'sparseTimes') {
    const [rowStart, columns, values] = [ints(), ints(), floats()];
    const x: SparseMatrix = { rowStart, columns, values, rows: next(), cols: next() };
    return { kind, x, dense: floats(), out: floats(), width: next() };
  }
  if (kind === 'denseTimes') return { kind, a: floats(), b: floats(), out: floats(), rows: next(), inner: next(), width: next(), upper: next() === 1 };
  return { kind, a: floats(), b: floats(), out: floats(), rows: next(), width: next() };
}
