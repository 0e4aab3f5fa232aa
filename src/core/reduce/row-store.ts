/**
 * Rows copied into WebAssembly memory, with distance kernels that use 128-bit SIMD (four float lanes).
 * A JavaScript loop manages ~0.5–1 billion multiply-adds a second here; these kernels ~9–10 billion,
 * which is what makes exact neighbours affordable for thousands of rows and NN-descent fast for many more.
 *
 * The module is generated in memory (see wasm-emitter.ts; a few hundred bytes, no file, no build step) with the
 * row stride baked in, so every kernel is a tight loop over addresses. Rows are zero-padded to a multiple of 8 floats (two SIMD
 * accumulators per step); the padding adds nothing to either distance.
 */
import type { Matrix } from '../matrix';
import { advance, countdownLoop, I32, instantiate, op, V128, wasmModule, type Code } from './wasm-emitter';

export type Metric = 'cosine' | 'euclidean';

/** Pairs evaluated per `pairDistances` call: bounds the scratch memory, amortises the call. */
export const PAIR_CAPACITY = 1 << 16;

export interface RowStore {
  readonly rows: number;
  readonly cols: number;
  readonly metric: Metric;
  /** Scratch for `pairDistances`: fill `left[i]`, `right[i]` with row indices, read `out[i]`. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly out: Float32Array;
  /** out[i] = distance(left[i], right[i]) for i < count (count ≤ PAIR_CAPACITY). */
  pairDistances(count: number): void;
  /** out[j] = distance(query, first + j) for j < count (count ≤ PAIR_CAPACITY). */
  rangeDistances(query: number, first: number, count: number): void;
}

/**
 * Copies `data`'s rows in the order given (store row p = data row order[p]) into a new store. For cosine the
 * rows are L2-normalised on the way in (cosine distance = 1 − dot); an all-zero row stays zero (distance 1).
 */
export function createRowStore(data: Matrix<Float32Array>, order: Int32Array, metric: Metric): RowStore {
  const { rows, cols } = data;
  const paddedCols = Math.max(8, Math.ceil(cols / 8) * 8);
  const stride = paddedCols * 4;
  const rowBytes = rows * stride;
  const scratchBytes = PAIR_CAPACITY * 12;
  const pages = Math.ceil((rowBytes + scratchBytes) / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const kernels = instantiateKernels(metric, stride, memory);

  const stored = new Float32Array(memory.buffer, 0, rows * paddedCols);
  for (let p = 0; p < rows; p++) {
    const source = order[p] * cols;
    let scale = 1;
    if (metric === 'cosine') {
      let norm = 0;
      for (let t = 0; t < cols; t++) norm += data.data[source + t] * data.data[source + t];
      scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    }
    for (let t = 0; t < cols; t++) stored[p * paddedCols + t] = data.data[source + t] * scale;
  }

  const leftOffset = rowBytes;
  const rightOffset = leftOffset + PAIR_CAPACITY * 4;
  const outOffset = rightOffset + PAIR_CAPACITY * 4;
  return {
    rows,
    cols,
    metric,
    left: new Int32Array(memory.buffer, leftOffset, PAIR_CAPACITY),
    right: new Int32Array(memory.buffer, rightOffset, PAIR_CAPACITY),
    out: new Float32Array(memory.buffer, outOffset, PAIR_CAPACITY),
    pairDistances: (count) => kernels.pairs(leftOffset, rightOffset, count, outOffset),
    rangeDistances: (query, first, count) => kernels.range(query, first, count, outOffset),
  };
}

interface Kernels {
  pairs(left: number, right: number, count: number, out: number): void;
  range(query: number, first: number, count: number, out: number): void;
}

function instantiateKernels(metric: Metric, stride: number, memory: WebAssembly.Memory): Kernels {
  return instantiate<Kernels>(kernelModule(metric, stride), memory);
}

// Locals shared by both kernels, after their four i32 parameters.
const A = 4; // byte address of the first row
const B = 5; // byte address of the second row
const T = 6; // byte offset inside the rows
const ACC0 = 7;
const ACC1 = 8;
const TMP = 9;

/** Leaves distance(row at A, row at B) on the stack, for stride bytes per row. */
function distanceBetween(metric: Metric, stride: number): Code {
  const load = (row: number, offset: number): Code => [...op.get(row), ...op.get(T), ...op.i32Add, ...op.v128Load(offset)];
  const lanes = (offset: number, acc: number): Code =>
    metric === 'cosine'
      ? [...op.get(acc), ...load(A, offset), ...load(B, offset), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc)]
      : [
          ...load(A, offset),
          ...load(B, offset),
          ...op.f32x4Sub,
          ...op.tee(TMP),
          ...op.get(TMP),
          ...op.f32x4Mul,
          ...op.get(acc),
          ...op.f32x4Add,
          ...op.set(acc),
        ];
  const sum = [
    ...op.get(ACC0),
    ...op.get(ACC1),
    ...op.f32x4Add,
    ...op.tee(TMP),
    ...op.f32x4Lane(0),
    ...op.get(TMP),
    ...op.f32x4Lane(1),
    ...op.f32Add,
    ...op.get(TMP),
    ...op.f32x4Lane(2),
    ...op.f32Add,
    ...op.get(TMP),
    ...op.f32x4Lane(3),
    ...op.f32Add,
  ];
  return [
    ...op.v128Zero,
    ...op.set(ACC0),
    ...op.v128Zero,
    ...op.set(ACC1),
    ...op.i32(0),
    ...op.set(T),
    ...op.loop,
    ...lanes(0, ACC0),
    ...lanes(16, ACC1),
    ...op.get(T),
    ...op.i32(32),
    ...op.i32Add,
    ...op.tee(T),
    ...op.i32(stride),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    // Cosine distance of unit rows is 1 − dot, clamped at 0 against rounding; euclidean is the root of the sum.
    ...(metric === 'cosine' ? [...op.f32(1), ...sum, ...op.f32Sub, ...op.f32(0), ...op.f32Max] : [...sum, ...op.f32Sqrt]),
  ];
}

const rowAddress = (index: Code, stride: number): Code => [...index, ...op.i32(stride), ...op.i32Mul];

function kernelModule(metric: Metric, stride: number): Uint8Array<ArrayBuffer> {
  const distance = distanceBetween(metric, stride);
  const locals = [
    [3, I32],
    [3, V128],
  ] as const;
  const params = [I32, I32, I32, I32];
  // pairs(left, right, count, out): out[i] = distance(rows left[i], right[i])
  const pairs = countdownLoop(2, [
    ...rowAddress([...op.get(0), ...op.i32Load()], stride),
    ...op.set(A),
    ...rowAddress([...op.get(1), ...op.i32Load()], stride),
    ...op.set(B),
    ...op.get(3),
    ...distance,
    ...op.f32Store(),
    ...advance(0, 4),
    ...advance(1, 4),
    ...advance(3, 4),
  ]);
  // range(query, first, count, out): out[j] = distance(row query, row first + j)
  const range = [
    ...rowAddress(op.get(0), stride),
    ...op.set(A),
    ...rowAddress(op.get(1), stride),
    ...op.set(B),
    ...countdownLoop(2, [...op.get(3), ...distance, ...op.f32Store(), ...advance(B, stride), ...advance(3, 4)]),
  ];
  return wasmModule([
    { name: 'pairs', params, results: [], locals, body: pairs },
    { name: 'range', params, results: [], locals, body: range },
  ]);
}
