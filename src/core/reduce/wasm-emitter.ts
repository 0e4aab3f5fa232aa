/**
 * Just enough of the WebAssembly binary format to write small numeric kernels in TypeScript: instructions are
 * byte arrays spliced together, so a kernel reads as a flat list of stack-machine steps. Modules import their
 * memory as env.memory and export functions by name.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;

export type Code = number[];

export function unsignedLeb(value: number): Code {
  const bytes: Code = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signedLeb(value: bigint): Code {
  const bytes: Code = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

const memarg = (alignLog2: number, offset: number): Code => [alignLog2, ...unsignedLeb(offset)];
const simd = (opcode: number, ...immediates: number[]): Code => [0xfd, ...unsignedLeb(opcode), ...immediates];

export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  brIf: (depth: number): Code => [0x0d, depth],
  get: (local: number): Code => [0x20, local],
  set: (local: number): Code => [0x21, local],
  tee: (local: number): Code => [0x22, local],

  i32: (value: number): Code => [0x41, ...signedLeb(BigInt(value))],
  i32Load: (offset = 0): Code => [0x28, ...memarg(2, offset)],
  i32Store: (offset = 0): Code => [0x36, ...memarg(2, offset)],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32TruncF64S: [0xaa],
  i32WrapI64: [0xa7],

  i64: (value: bigint): Code => [0x42, ...signedLeb(value)],
  i64And: [0x83],
  i64ShrU: [0x88],
  i64ExtendI32U: [0xad],
  i64Mul: [0x7e],
  i64ReinterpretF64: [0xbd],
  f64ConvertI32S: [0xb7],
  f64ConvertI64U: [0xba],

  f32Load: (offset = 0): Code => [0x2a, ...memarg(2, offset)],
  f32Store: (offset = 0): Code => [0x38, ...memarg(2, offset)],
  f32: (value: number): Code => [0x43, ...new Uint8Array(new Float32Array([value]).buffer)],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Max: [0x97],
  f32Sqrt: [0x91],
  f32DemoteF64: [0xb6],
  f64PromoteF32: [0xbb],

  f64Load: (offset = 0): Code => [0x2b, ...memarg(3, offset)],
  f64Store: (offset = 0): Code => [0x39, ...memarg(3, offset)],
  f64: (value: number): Code => [0x44, ...new Uint8Array(new Float64Array([value]).buffer)],
  f64Gt: [0x64],
  f64Le: [0x65],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Min: [0xa4],
  f64Max: [0xa5],

  v128Load: (offset = 0): Code => simd(0x00, ...memarg(4, offset)),
  v128Store: (offset = 0): Code => simd(0x0b, ...memarg(4, offset)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  f32x4Lane: (lane: number): Code => simd(0x1f, lane),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f64x2Splat: simd(0x14),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
};

export interface FunctionSpec {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Extra locals after the parameters, as [count, type] runs. */
  readonly locals: readonly (readonly [number, number])[];
  readonly body: Code;
}

const vector = (items: Code[]): Code => [...unsignedLeb(items.length), ...items.flat()];
const section = (id: number, bytes: Code): Code => [id, ...unsignedLeb(bytes.length), ...bytes];
const name = (text: string): Code => [...unsignedLeb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

/**
 * A module importing env.memory and exporting each function under its name. With `sharedPages` the memory is a
 * shared one (threads may use it at once) of at most that many pages.
 */
export function wasmModule(functions: readonly FunctionSpec[], sharedPages?: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const bodies = functions.map((f) => {
    const bytes = [...vector(f.locals.map(([count, type]) => [...unsignedLeb(count), type])), ...f.body, ...op.end];
    return [...unsignedLeb(bytes.length), ...bytes];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    ...section(
      2,
      vector([[...name('env'), ...name('memory'), 0x02, ...(sharedPages === undefined ? [0x00, 0x00] : [0x03, 0x00, ...unsignedLeb(sharedPages)])]]),
    ),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}

/** Compiles a module against `memory` and returns its exports. */
export function instantiate<T>(bytes: Uint8Array<ArrayBuffer>, memory: WebAssembly.Memory): T {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as T;
}

/** Runs `body` count times (count in local `counter`, decremented to 0), nothing when count is 0. */
export function countdownLoop(counter: number, body: Code): Code {
  return [
    ...op.block,
    ...op.get(counter),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...op.loop,
    ...body,
    ...op.get(counter),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.tee(counter),
    ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
}

/** local += bytes */
export function advance(local: number, bytes: number): Code {
  return [...op.get(local), ...op.i32(bytes), ...op.i32Add, ...op.set(local)];
}
