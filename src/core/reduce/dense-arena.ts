/**
 * Float64 blocks in one WebAssembly memory, with a multiply-add kernel over contiguous runs that uses 128-bit SIMD
 * (two float64 lanes). It computes out[j] += w0·p0[j] + w1·p1[j] + w2·p2[j] + w3·p3[j] with the same operations in
 * the same order as the plain JavaScript expression — IEEE float64 arithmetic with no fused multiply-add — so
 * results are bit-identical to the loops it replaces, at about twice the speed (half the instructions, no bounds
 * checks). Dense linear algebra on row-major blocks (randomized SVD, PCA) spends its time in exactly this loop.
 */
import { advance, countdownLoop, F64, I32, instantiate, op, V128, wasmModule, type Code } from './wasm-emitter';

export interface DenseKernels {
  /**
   * out[o + j] += w0·p0[a0 + j] + w1·p1[a1 + j] + w2·p2[a2 + j] + w3·p3[a3 + j] for j < length, summed left to
   * right; every array must be a block of the arena's memory; a0…a3 and o are element indices.
   */
  multiplyAdd4(
    out: Float64Array,
    o: number,
    p0: Float64Array,
    a0: number,
    p1: Float64Array,
    a1: number,
    p2: Float64Array,
    a2: number,
    p3: Float64Array,
    a3: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    length: number,
  ): void;
  /** out[o + j] += w · p[a + j] for j < length. */
  multiplyAdd1(out: Float64Array, o: number, p: Float64Array, a: number, w: number, length: number): void;
}

export interface DenseArena extends DenseKernels {
  /** Shared (another thread may work on it through {@link denseKernels}) when the arena was made so. */
  readonly memory: WebAssembly.Memory;
  /** A zeroed block of `length` float64s in the arena (16-byte aligned); throws when the arena is full. */
  take(length: number): Float64Array;
  /** The same for int32s (sparse matrices' indices, for a thread that shares the arena). */
  takeInt32(length: number): Int32Array;
}

interface Kernels {
  add4(out: number, p0: number, p1: number, p2: number, p3: number, w0: number, w1: number, w2: number, w3: number, length: number): void;
  add1(out: number, p: number, w: number, length: number): void;
}

const PAGE = 65536;

/**
 * An arena for `capacity` float64s in all (an int32 counts as half), in at most `blocks` blocks; with `shared` its
 * memory can be handed to another thread.
 */
export function createDenseArena(capacity: number, blocks: number, shared = false): DenseArena {
  const bytes = (capacity + 2 * blocks) * 8;
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared });
  let used = 0;
  const reserve = (length: number, size: number): number => {
    const start = Math.ceil(used / 16) * 16;
    if (start + size * length > pages * PAGE) throw new Error(`dense arena full: ${length} numbers asked, ${(pages * PAGE - start) / size} left`);
    used = start + size * length;
    return start;
  };
  return {
    ...denseKernels(memory),
    memory,
    take: (length) => new Float64Array(memory.buffer, reserve(length, 8), length),
    takeInt32: (length) => new Int32Array(memory.buffer, reserve(length, 4), length),
  };
}

/** The kernels over an arena's memory (in the thread that made it or in one it was handed to). */
export function denseKernels(memory: WebAssembly.Memory): DenseKernels {
  const { buffer } = memory;
  const pages = buffer.byteLength / PAGE;
  const kernels = instantiate<Kernels>(kernelModule((buffer as ArrayBufferLike) instanceof SharedArrayBuffer ? pages : undefined), memory);
  const address = (array: Float64Array, index: number): number => array.byteOffset + 8 * index;
  return {
    multiplyAdd4(out, o, p0, a0, p1, a1, p2, a2, p3, a3, w0, w1, w2, w3, length) {
      kernels.add4(address(out, o), address(p0, a0), address(p1, a1), address(p2, a2), address(p3, a3), w0, w1, w2, w3, length);
    },
    multiplyAdd1(out, o, p, a, w, length) {
      kernels.add1(address(out, o), address(p, a), w, length);
    },
  };
}

/**
 * Both kernels: a loop two lanes at a time, then the odd last element in scalar form. Parameters are the byte
 * address of out, then of each source, then each weight (f64), then the length; locals follow.
 */
function kernelModule(sharedPages: number | undefined): Uint8Array<ArrayBuffer> {
  return wasmModule([multiplyAddFunction('add4', 4), multiplyAddFunction('add1', 1)], sharedPages);
}

function multiplyAddFunction(name: string, terms: number) {
  const OUT = 0;
  const source = (t: number): number => 1 + t;
  const weight = (t: number): number => 1 + terms + t;
  const LENGTH = 1 + 2 * terms;
  const PAIRS = LENGTH + 1;
  const lane = (t: number): number => PAIRS + 1 + t;
  // Σ wₜ·pₜ left to right, then out + Σ (IEEE addition commutes exactly, so this is JavaScript's out += Σ).
  const sum = (load: (local: number) => Code, factor: (t: number) => Code, multiply: Code, add: Code): Code => {
    const code: Code = [...load(OUT)];
    for (let t = 0; t < terms; t++) code.push(...load(source(t)), ...factor(t), ...multiply, ...(t > 0 ? add : []));
    return [...code, ...add];
  };
  const vectorStep = [
    ...op.get(OUT),
    ...sum(
      (local) => [...op.get(local), ...op.v128Load()],
      (t) => op.get(lane(t)),
      op.f64x2Mul,
      op.f64x2Add,
    ),
    ...op.v128Store(),
    ...advance(OUT, 16),
    ...Array.from({ length: terms }, (_, t) => advance(source(t), 16)).flat(),
  ];
  const scalarStep = [
    ...op.get(OUT),
    ...sum(
      (local) => [...op.get(local), ...op.f64Load()],
      (t) => op.get(weight(t)),
      op.f64Mul,
      op.f64Add,
    ),
    ...op.f64Store(),
  ];
  const body = [
    ...Array.from({ length: terms }, (_, t) => [...op.get(weight(t)), ...op.f64x2Splat, ...op.set(lane(t))]).flat(),
    ...op.get(LENGTH),
    ...op.i32(1),
    ...op.i32ShrU,
    ...op.set(PAIRS),
    ...countdownLoop(PAIRS, vectorStep),
    ...op.get(LENGTH),
    ...op.i32(1),
    ...op.i32And,
    ...op.if,
    ...scalarStep,
    ...op.end,
  ];
  return {
    name,
    params: [I32, ...new Array<number>(terms).fill(I32), ...new Array<number>(terms).fill(F64), I32],
    results: [],
    locals: [
      [1, I32],
      [terms, V128],
    ] as const,
    body,
  };
}
