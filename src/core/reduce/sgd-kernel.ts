/**
 * Epochs of UMAP's stochastic gradient descent (umap-learn's `_optimize_layout_euclidean_single_epoch`) as
 * WebAssembly kernels. An epoch touches millions of (edge, negative sample) pairs, each needing d^(2b); in
 * JavaScript Math.pow alone costs more than the rest of the update. Here x^b = 2^(e·b) · m^b is read from two
 * tables (per binary exponent e, and per 1/4096 step of the mantissa m, linearly interpolated): relative error
 * ~1e-9, far below the float32 coordinates' 6e-8. The dimension, a, b, the point count and all addresses are
 * baked into the generated code.
 *
 * The edges are split into a fixed number of blocks. In an epoch every block starts from the same coordinates
 * and runs its edges in order on a copy of its own (umap-learn's sequential update within the block); then the
 * copies' moves are added up, in block order, into the next epoch's coordinates. So the blocks of an epoch can run
 * on different threads at once, and the result depends only on the seed and the number of blocks: never on how
 * many threads ran them, which one ran which block, or when. With one block this is the sequential epoch exactly.
 * Threads share the layout's memory (a shared WebAssembly.Memory) and coordinate through three counters in it
 * (`workOnEpochs`).
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
  /** Nonzero seed of the negative-sampling xorshift generator (each block derives its own). */
  readonly seed: number;
}

export interface BlockedLayoutInput extends EpochKernelInput {
  readonly blocks: number;
  readonly nEpochs: number;
  /** Epoch e runs at learningRate · (1 − max(0, e − 1) / nEpochs), umap-learn's schedule. */
  readonly learningRate: number;
}

/** Where one block's parts are in the layout's memory (byte addresses), and how many edges it has. */
interface BlockParts {
  readonly edges: number;
  /** The block's own copy of the coordinates. */
  readonly copy: number;
  /** Four f64 arrays of `edges` entries: sampling periods and next epochs (see PER_SAMPLE…). */
  readonly schedule: number;
  /** i32 addresses (in `copy`) of each edge's head and tail rows. */
  readonly heads: number;
  readonly tails: number;
  /** The block's xorshift state (i32). */
  readonly state: number;
}

/**
 * A layout in shared memory, as plain data: it can be posted to other threads, which then work on its epochs with
 * a `BlockRunner` of their own.
 */
export interface BlockedLayout {
  readonly memory: WebAssembly.Memory;
  readonly pages: number;
  readonly rows: number;
  readonly dim: number;
  readonly a: number;
  readonly b: number;
  readonly repulsion: number;
  readonly nEpochs: number;
  readonly learningRate: number;
  /** Byte address of the coordinates every epoch starts from (and ends in). */
  readonly coordinates: number;
  readonly exponentTable: number;
  readonly mantissaTable: number;
  readonly blocks: readonly BlockParts[];
}

const GRADIENT_CLIP = 4;
/** Biased float64 exponents. */
const EXPONENTS = 2048;
/** Mantissa steps in [1, 2): 2^12, indexed by the top 12 mantissa bits. */
const MANTISSA_STEPS = 4096;

// The counters at the start of the memory (i32 indices): the next (epoch, block) to claim as epoch · blocks +
// block, blocks finished in all, epochs merged.
const CLAIMED = 0;
const FINISHED = 1;
const MERGED = 2;
const COUNTERS_BYTES = 16;
/** How long a thread waits for another's blocks before it takes that thread for gone. */
const STALLED_MS = 60_000;

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** The seed of block b: block 0 keeps the layout's (so one block is the sequential epoch), the others mix it. */
function blockSeed(seed: number, block: number): number {
  if (block === 0) return seed | 1;
  let h = Math.imul(seed ^ (block * 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 1;
}

export function createBlockedLayout(input: BlockedLayoutInput): BlockedLayout {
  const { dim, head, tail, epochsPerSample, blocks: count } = input;
  const edges = head.length;
  const rows = input.coordinates.length / dim;
  const rowBytes = dim * 4;
  const coordinateBytes = align8(rows * rowBytes);
  let at = COUNTERS_BYTES;
  const states = at;
  at = align8(at + 4 * count);
  const exponentTable = at;
  const mantissaTable = exponentTable + EXPONENTS * 8;
  const coordinates = mantissaTable + (MANTISSA_STEPS + 1) * 8;
  at = coordinates + coordinateBytes;
  const ranges = Array.from({ length: count }, (_, b) => [Math.floor((edges * b) / count), Math.floor((edges * (b + 1)) / count)] as const);
  const blocks = ranges.map(([from, to], b): BlockParts => {
    const n = to - from;
    const copy = at;
    const schedule = copy + coordinateBytes;
    const heads = schedule + 4 * n * 8;
    const tails = heads + n * 4;
    at = align8(tails + n * 4);
    return { edges: n, copy, schedule, heads, tails, state: states + 4 * b };
  });
  const pages = Math.ceil(at / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const buffer = memory.buffer;

  new Float64Array(buffer, exponentTable, EXPONENTS).set(Float64Array.from({ length: EXPONENTS }, (_, e) => Math.pow(2, (e - 1023) * input.b)));
  new Float64Array(buffer, mantissaTable, MANTISSA_STEPS + 1).set(
    Float64Array.from({ length: MANTISSA_STEPS + 1 }, (_, i) => Math.pow(1 + i / MANTISSA_STEPS, input.b)),
  );
  new Float32Array(buffer, coordinates, rows * dim).set(input.coordinates);
  ranges.forEach(([from, to], b) => {
    const parts = blocks[b];
    const n = to - from;
    new Int32Array(buffer, parts.state, 1)[0] = blockSeed(input.seed, b);
    new Float32Array(buffer, parts.copy, rows * dim).set(input.coordinates);
    const perSample = epochsPerSample.subarray(from, to);
    const perNegative = perSample.map((e) => e / input.negativeSampleRate);
    const scheduleArray = (slot: number): Float64Array => new Float64Array(buffer, parts.schedule + slot * n * 8, n);
    scheduleArray(PER_SAMPLE).set(perSample);
    scheduleArray(NEXT_SAMPLE).set(perSample);
    scheduleArray(PER_NEGATIVE).set(perNegative);
    scheduleArray(NEXT_NEGATIVE).set(perNegative);
    new Int32Array(buffer, parts.heads, n).set(head.subarray(from, to).map((i) => parts.copy + i * rowBytes));
    new Int32Array(buffer, parts.tails, n).set(tail.subarray(from, to).map((i) => parts.copy + i * rowBytes));
  });
  const { a, b, repulsion, nEpochs, learningRate } = input;
  return { memory, pages, rows, dim, a, b, repulsion, nEpochs, learningRate, coordinates, exponentTable, mantissaTable, blocks };
}

/** The learning rate of epoch `epoch` (0-based): umap-learn's α₀·(1 − (e − 1)/nEpochs), so the first two at α₀. */
export function learningRateAt(layout: Pick<BlockedLayout, 'learningRate' | 'nEpochs'>, epoch: number): number {
  return layout.learningRate * (1 - Math.max(0, epoch - 1) / layout.nEpochs);
}

/** One thread's hands on a blocked layout: its own instances of the block kernels over the shared memory. */
export class BlockRunner {
  private readonly kernels: { epoch(epoch: number, alpha: number): void }[];
  private readonly counters: Int32Array;

  constructor(readonly layout: BlockedLayout) {
    this.kernels = layout.blocks.map((parts) => instantiate<{ epoch(epoch: number, alpha: number): void }>(epochModule(layout, parts), layout.memory));
    this.counters = new Int32Array(layout.memory.buffer, 0, 3);
  }

  /** Epochs whose blocks have all run and been merged (by whichever threads). */
  get epochsDone(): number {
    return Atomics.load(this.counters, MERGED);
  }

  /** The coordinates of the last merged epoch: a live view of the shared memory. */
  get coordinates(): Float32Array {
    return new Float32Array(this.layout.memory.buffer, this.layout.coordinates, this.layout.rows * this.layout.dim);
  }

  /**
   * Claims and runs blocks until every epoch is merged (true) or `enough()` says so between two blocks (false).
   * A block claimed is always run: threads that claimed the next epoch's blocks wait for this one's merge, which
   * the thread finishing an epoch's last block does. Other threads may come and go at any time.
   */
  workOnEpochs(enough: () => boolean = () => false): boolean {
    const { counters, layout } = this;
    const blocks = layout.blocks.length;
    for (;;) {
      if (Atomics.load(counters, MERGED) >= layout.nEpochs) return true;
      if (enough()) return false;
      const claimed = Atomics.add(counters, CLAIMED, 1);
      const epoch = Math.floor(claimed / blocks);
      if (epoch >= layout.nEpochs) {
        // Every block is claimed: wait for the threads running the last ones.
        this.waitForMerged(layout.nEpochs);
        return true;
      }
      this.waitForMerged(epoch);
      this.kernels[claimed % blocks].epoch(epoch, learningRateAt(layout, epoch));
      if (Atomics.add(counters, FINISHED, 1) + 1 === (epoch + 1) * blocks) {
        this.merge();
        Atomics.store(counters, MERGED, epoch + 1);
        Atomics.notify(counters, MERGED);
      }
    }
  }

  private waitForMerged(epochs: number): void {
    for (let merged = Atomics.load(this.counters, MERGED); merged < epochs; merged = Atomics.load(this.counters, MERGED)) {
      // A block takes milliseconds: a thread that ends mid-block (it crashed) must not leave this one waiting forever.
      if (Atomics.wait(this.counters, MERGED, merged, STALLED_MS) === 'timed-out')
        throw new Error('The other layout thread stopped in the middle of an epoch.');
    }
  }

  /** Next coordinates = start + the sum of every block's moves, in block order; every copy starts from them. */
  private merge(): void {
    const { layout } = this;
    const { buffer } = layout.memory;
    const size = layout.rows * layout.dim;
    const start = new Float32Array(buffer, layout.coordinates, size);
    const copies = layout.blocks.map((parts) => new Float32Array(buffer, parts.copy, size));
    for (let t = 0; t < size; t++) {
      const from = start[t];
      let next = from;
      for (const copy of copies) next += copy[t] - from;
      start[t] = next;
    }
    for (const copy of copies) copy.set(start);
  }
}

/** The sequential epoch as one kernel (one block): what the update rule is tested on. */
export interface EpochKernel {
  /** Live view of the coordinates in the kernel's memory. */
  readonly coordinates: Float32Array;
  /** Runs epoch number `epoch` (0-based) with learning rate alpha. */
  run(epoch: number, alpha: number): void;
}

export function createEpochKernel(input: EpochKernelInput): EpochKernel {
  const layout = createBlockedLayout({ ...input, blocks: 1, nEpochs: Number.MAX_SAFE_INTEGER, learningRate: 1 });
  const [parts] = layout.blocks;
  const kernel = instantiate<{ epoch(epoch: number, alpha: number): void }>(epochModule(layout, parts), layout.memory);
  return { coordinates: new Float32Array(layout.memory.buffer, parts.copy, layout.rows * layout.dim), run: (epoch, alpha) => kernel.epoch(epoch, alpha) };
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

/** The epoch of one block: its edges, its copy of the coordinates, its generator; the tables are shared. */
function epochModule(layout: BlockedLayout, parts: BlockParts): Uint8Array<ArrayBuffer> {
  const { dim, rows, a, b } = layout;
  const { schedule } = parts;
  const scheduleBytes = parts.edges * 8;
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
    ...op.f64(2 * layout.repulsion * b),
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
    ...op.i32(parts.copy),
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
    ...op.i32Load(parts.heads),
    ...op.set(J),
    ...op.get(EDGE4),
    ...op.i32Load(parts.tails),
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
    ...op.i32(parts.state),
    ...op.i32Load(),
    ...op.set(STATE),
    ...op.block,
    ...op.i32(parts.edges),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...op.loop,
    ...edge,
    ...advance(EDGE8, 8),
    ...advance(EDGE4, 4),
    ...op.get(EDGE4),
    ...op.i32(parts.edges * 4),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...op.i32(parts.state),
    ...op.get(STATE),
    ...op.i32Store(),
  ];
  return wasmModule(
    [
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
    ],
    layout.pages,
  );
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
function powB(layout: BlockedLayout, x: number): Code {
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
