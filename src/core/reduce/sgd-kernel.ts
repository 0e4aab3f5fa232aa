/**
 * One epoch of UMAP's stochastic gradient descent (umap-learn's `_optimize_layout_euclidean_single_epoch`,
 * sequential) as a WebAssembly kernel. The epoch touches millions of (edge, negative sample) pairs, each needing
 * d^(2b); in JavaScript Math.pow alone costs more than the rest of the update. Here x^b = 2^(e·b) · m^b is read
 * from two tables (per binary exponent e, and per 1/4096 step of the mantissa m, linearly interpolated):
 * relative error ~1e-9, far below the float32 coordinates' 6e-8.
 * The dimension, a, b, the point count and all addresses are baked into the generated code.
 */
import { F64, I32, I64, countdownLoop, advance, instantiate, op, wasmModule, type Code } from './wasm-emitter';

export interface EpochKernelInput {
  /** Starting coordinates, rows × dim, copied in. */
  readonly coordinates: Float32Array;
  readonly dim: number;
  /** Directed edges (both directions of each pair) with their sampling period in epochs. */
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly epochsPerSample: Float64Array;
  readonly negativeSampleRate: number;
  readonly a: number;
  readonly b: number;
  readonly repulsion: number;
  /** Nonzero seed of the negative-sampling xorshift generator. */
  readonly seed: number;
}

export interface EpochKernel {
  /** Live view of the coordinates in the kernel's memory. */
  readonly coordinates: Float32Array;
  /** Runs epoch number `epoch` (0-based) with learning rate alpha. */
  run(epoch: number, alpha: number): void;
}

const GRADIENT_CLIP = 4;
/** Biased float64 exponents. */
const EXPONENTS = 2048;
/** Mantissa steps in [1, 2): 2^12, indexed by the top 12 mantissa bits. */
const MANTISSA_STEPS = 4096;

export function createEpochKernel(input: EpochKernelInput): EpochKernel {
  const { dim, head, tail, epochsPerSample } = input;
  const edges = head.length;
  const rows = input.coordinates.length / dim;
  // Layout: rng state | x^b tables | 4 × f64 schedules | 2 × i32 row addresses | f32 coordinates.
  const exponentTable = 8;
  const mantissaTable = exponentTable + EXPONENTS * 8;
  const schedule = mantissaTable + (MANTISSA_STEPS + 1) * 8;
  const scheduleBytes = edges * 8;
  const heads = schedule + 4 * scheduleBytes;
  const tails = heads + edges * 4;
  const coordinates = tails + edges * 4;
  const bytes = coordinates + rows * dim * 4;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const buffer = memory.buffer;

  new Int32Array(buffer, 0, 1)[0] = input.seed | 1;
  new Float64Array(buffer, exponentTable, EXPONENTS).set(Float64Array.from({ length: EXPONENTS }, (_, e) => Math.pow(2, (e - 1023) * input.b)));
  new Float64Array(buffer, mantissaTable, MANTISSA_STEPS + 1).set(
    Float64Array.from({ length: MANTISSA_STEPS + 1 }, (_, i) => Math.pow(1 + i / MANTISSA_STEPS, input.b)),
  );
  const perNegative = epochsPerSample.map((e) => e / input.negativeSampleRate);
  const scheduleArray = (slot: number): Float64Array => new Float64Array(buffer, schedule + slot * scheduleBytes, edges);
  scheduleArray(PER_SAMPLE).set(epochsPerSample);
  scheduleArray(NEXT_SAMPLE).set(epochsPerSample);
  scheduleArray(PER_NEGATIVE).set(perNegative);
  scheduleArray(NEXT_NEGATIVE).set(perNegative);
  const rowBytes = dim * 4;
  new Int32Array(buffer, heads, edges).set(head.map((i) => coordinates + i * rowBytes));
  new Int32Array(buffer, tails, edges).set(tail.map((i) => coordinates + i * rowBytes));
  const view = new Float32Array(buffer, coordinates, rows * dim);
  view.set(input.coordinates);

  const layout = { edges, rows, dim, exponentTable, mantissaTable, schedule, scheduleBytes, heads, tails, coordinates };
  const kernel = instantiate<{ epoch(epoch: number, alpha: number): void }>(epochModule(layout, input), memory);
  return { coordinates: view, run: (epoch, alpha) => kernel.epoch(epoch, alpha) };
}

interface Layout {
  readonly edges: number;
  readonly rows: number;
  readonly dim: number;
  readonly exponentTable: number;
  readonly mantissaTable: number;
  readonly schedule: number;
  readonly scheduleBytes: number;
  readonly heads: number;
  readonly tails: number;
  readonly coordinates: number;
}

// Locals: parameters epoch (0) and alpha (1), then these.
const EDGE4 = 2; // edge index × 4
const EDGE8 = 3; // edge index × 8
const J = 4; // address of the moving point
const K = 5; // address of its neighbour or negative sample
const STATE = 6; // xorshift state
const NEGATIVES = 7;
const DIST2 = 8;
const COEFF = 9;
const Y = 10; // d^(2b)
const BITS = 11; // i64: the bits of d²
const INDEX = 12; // i32: table address of m^b
const DIFF = 13; // dim locals: coordinate differences

// The four f64 arrays of the edge schedule, in memory order (see createEpochKernel).
const PER_SAMPLE = 0;
const NEXT_SAMPLE = 1;
const PER_NEGATIVE = 2;
const NEXT_NEGATIVE = 3;

function epochModule(layout: Layout, input: EpochKernelInput): Uint8Array<ArrayBuffer> {
  const { dim, rows, schedule, scheduleBytes } = layout;
  const { a, b } = input;
  const f64At = (array: number): Code => [...op.get(EDGE8), ...op.f64Load(schedule + array * scheduleBytes)];
  const storeF64At = (array: number, value: Code): Code => [...op.get(EDGE8), ...value, ...op.f64Store(schedule + array * scheduleBytes)];

  /** DIST2 = Σ (y[J][d] − y[K][d])², differences kept in DIFF + d. */
  const distanceSquared: Code = [...op.f64(0), ...op.set(DIST2)];
  for (let d = 0; d < dim; d++) {
    distanceSquared.push(
      ...op.get(J),
      ...op.f32Load(d * 4),
      ...op.f64PromoteF32,
      ...op.get(K),
      ...op.f32Load(d * 4),
      ...op.f64PromoteF32,
      ...op.f64Sub,
      ...op.tee(DIFF + d),
      ...op.get(DIFF + d),
      ...op.f64Mul,
      ...op.get(DIST2),
      ...op.f64Add,
      ...op.set(DIST2),
    );
  }
  /** y[point][d] += sign · clip(COEFF · DIFF_d) · alpha, for every d. */
  const move = (point: number, sign: 1 | -1): Code => {
    const code: Code = [];
    for (let d = 0; d < dim; d++) {
      code.push(
        ...op.get(point),
        ...op.get(point),
        ...op.f32Load(d * 4),
        ...op.f64PromoteF32,
        ...clipped([...op.get(COEFF), ...op.get(DIFF + d), ...op.f64Mul]),
        ...op.get(1),
        ...op.f64Mul,
        ...(sign === 1 ? op.f64Add : op.f64Sub),
        ...op.f32DemoteF64,
        ...op.f32Store(d * 4),
      );
    }
    return code;
  };

  const attraction: Code = [
    // COEFF = −2ab·d^(2b) / (d²·(a·d^(2b) + 1)), with d² in DIST2.
    ...powB(layout, DIST2),
    ...op.set(Y),
    ...op.f64(-2 * a * b),
    ...op.get(Y),
    ...op.f64Mul,
    ...op.get(DIST2),
    ...op.f64(a),
    ...op.get(Y),
    ...op.f64Mul,
    ...op.f64(1),
    ...op.f64Add,
    ...op.f64Mul,
    ...op.f64Div,
    ...op.set(COEFF),
    ...move(J, 1),
    ...move(K, -1),
  ];
  const repulsion: Code = [
    // COEFF = 2γb / ((0.001 + d²)·(a·d^(2b) + 1)).
    ...op.f64(2 * input.repulsion * b),
    ...op.f64(0.001),
    ...op.get(DIST2),
    ...op.f64Add,
    ...op.f64(a),
    ...powB(layout, DIST2),
    ...op.f64Mul,
    ...op.f64(1),
    ...op.f64Add,
    ...op.f64Mul,
    ...op.f64Div,
    ...op.set(COEFF),
    ...move(J, 1),
  ];
  const negativeSample: Code = [
    // Row ⌊state · rows / 2^32⌋ (Lemire's multiply-shift, cheaper than a remainder).
    ...xorshift(),
    ...op.i32(layout.coordinates),
    ...op.get(STATE),
    ...op.i64ExtendI32U,
    ...op.i64(BigInt(rows)),
    ...op.i64Mul,
    ...op.i64(32n),
    ...op.i64ShrU,
    ...op.i32WrapI64,
    ...op.i32(dim * 4),
    ...op.i32Mul,
    ...op.i32Add,
    ...op.set(K),
    ...distanceSquared,
    ...op.get(DIST2),
    ...op.f64(0),
    ...op.f64Gt,
    ...op.if,
    ...repulsion,
    ...op.end,
  ];
  const edge: Code = [
    ...f64At(NEXT_SAMPLE),
    ...op.get(0),
    ...op.f64Le,
    ...op.if,
    ...op.get(EDGE4),
    ...op.i32Load(layout.heads),
    ...op.set(J),
    ...op.get(EDGE4),
    ...op.i32Load(layout.tails),
    ...op.set(K),
    ...distanceSquared,
    ...op.get(DIST2),
    ...op.f64(0),
    ...op.f64Gt,
    ...op.if,
    ...attraction,
    ...op.end,
    ...storeF64At(NEXT_SAMPLE, [...f64At(NEXT_SAMPLE), ...f64At(PER_SAMPLE), ...op.f64Add]),
    // Negative samples owed since the last visit: ⌊(epoch − next negative epoch) / epochs per negative⌋.
    ...op.f64(0),
    ...op.get(0),
    ...f64At(NEXT_NEGATIVE),
    ...op.f64Sub,
    ...f64At(PER_NEGATIVE),
    ...op.f64Div,
    ...op.f64Max,
    ...op.i32TruncF64S,
    ...op.set(NEGATIVES),
    ...storeF64At(NEXT_NEGATIVE, [...f64At(NEXT_NEGATIVE), ...op.get(NEGATIVES), ...op.f64ConvertI32S, ...f64At(PER_NEGATIVE), ...op.f64Mul, ...op.f64Add]),
    ...countdownLoop(NEGATIVES, negativeSample),
    ...op.end,
  ];
  const body: Code = [
    ...op.i32(0),
    ...op.i32Load(),
    ...op.set(STATE),
    ...op.block,
    ...op.i32(layout.edges),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...op.loop,
    ...edge,
    ...advance(EDGE8, 8),
    ...advance(EDGE4, 4),
    ...op.get(EDGE4),
    ...op.i32(layout.edges * 4),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...op.i32(0),
    ...op.get(STATE),
    ...op.i32Store(),
  ];
  return wasmModule([
    {
      name: 'epoch',
      params: [F64, F64],
      results: [],
      locals: [
        [6, I32],
        [3, F64],
        [1, I64],
        [1, I32],
        [dim, F64],
      ],
      body,
    },
  ]);
}

function clipped(value: Code): Code {
  return [...op.f64(-GRADIENT_CLIP), ...op.f64(GRADIENT_CLIP), ...value, ...op.f64Min, ...op.f64Max];
}

/** STATE ^= STATE << 13; STATE ^= STATE >>> 17; STATE ^= STATE << 5 (Marsaglia's xorshift32). */
function xorshift(): Code {
  const step = (shift: Code, bits: number): Code => [...op.get(STATE), ...op.get(STATE), ...op.i32(bits), ...shift, ...op.i32Xor, ...op.set(STATE)];
  return [...step(op.i32Shl, 13), ...step(op.i32ShrU, 17), ...step(op.i32Shl, 5)];
}

/**
 * Leaves x^b on the stack for the positive, normal f64 in local x: with x = 2^(e − 1023) · m, m in [1, 2),
 * x^b = table(e) · (m^b interpolated between the two nearest of 4097 tabulated mantissas).
 */
function powB(layout: Layout, x: number): Code {
  const mantissaTop = (shift: bigint): Code => [...op.get(BITS), ...op.i64(shift), ...op.i64ShrU];
  return [
    ...op.get(x),
    ...op.i64ReinterpretF64,
    ...op.set(BITS),
    // 2^((e − 1023)·b)
    ...mantissaTop(52n),
    ...op.i32WrapI64,
    ...op.i32(8),
    ...op.i32Mul,
    ...op.f64Load(layout.exponentTable),
    // m^b ≈ T[i] + r·(T[i + 1] − T[i]), i the top 12 mantissa bits, r the remaining 40 as a fraction.
    ...mantissaTop(40n),
    ...op.i32WrapI64,
    ...op.i32(MANTISSA_STEPS - 1),
    ...op.i32And,
    ...op.i32(8),
    ...op.i32Mul,
    ...op.set(INDEX),
    ...op.get(INDEX),
    ...op.f64Load(layout.mantissaTable),
    ...op.get(BITS),
    ...op.i64((1n << 40n) - 1n),
    ...op.i64And,
    ...op.f64ConvertI64U,
    ...op.f64(2 ** -40),
    ...op.f64Mul,
    ...op.get(INDEX),
    ...op.f64Load(layout.mantissaTable + 8),
    ...op.get(INDEX),
    ...op.f64Load(layout.mantissaTable),
    ...op.f64Sub,
    ...op.f64Mul,
    ...op.f64Add,
    ...op.f64Mul,
  ];
}
