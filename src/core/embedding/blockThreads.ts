/**
 * Runs the randomized SVD's products on this thread and, when there is one, a helper thread at once: both claim
 * chunks of output rows (blockProducts.ts) from one counter in shared memory until none is left. Every chunk is
 * computed whole by one thread in a fixed order, so the result is bit for bit the same with or without the helper,
 * however the chunks fall. This thread never waits for the helper to start: until it claims chunks, this thread
 * does them all.
 *
 * The SVD is synchronous code, so the threads meet through Atomics, not messages: this thread writes a product's
 * description under a sequence number (odd while it writes), the helper wakes on it, and each finished chunk is
 * counted.
 */
import type { Worker } from 'node:worker_threads';
import type { DenseArena, DenseKernels } from '../reduce/dense-arena';
import { startWorker, workerScript } from '../threads';
import { CHUNKS, encodeProduct, mirrorUpper, PRODUCT_FIELDS, runChunk, type BlockProduct } from './blockProducts';

/** Int32 slots of the control block. */
export const SEQUENCE = 0;
export const NEXT_CHUNK = 1;
export const FINISHED = 2;
export const FAILED = 3;
/** Chunks the helper computed (for tests and measurements). */
export const HELPER_CHUNKS = 4;
export const CONTROL_SLOTS = 5;
/** After the product's fields: the first and the end ticket of its chunks (tickets count chunks over all products). */
export const TASK_FIELDS = PRODUCT_FIELDS + 2;

/** How long this thread waits for the helper's chunks without any finishing before it gives up. */
const HELPER_SILENCE_MS = 300_000;

/** What the helper is given: the arena's memory and where its control block and task description live. */
export interface BlockHelperData {
  readonly memory: WebAssembly.Memory;
  readonly control: readonly [number, number];
  readonly task: readonly [number, number];
}

export interface BlockRunner {
  /** Computes `product` (all its chunks are done on return). */
  run(product: BlockProduct): void;
  /** How many chunks the helper has computed so far (0 without one). */
  helperChunks(): number;
  /** Ends the helper. */
  stop(): void;
}

/** Claims the next chunk ticket below `end`, or −1 when every one is taken. */
export function claimChunk(control: Int32Array, end: number): number {
  for (;;) {
    const ticket = Atomics.load(control, NEXT_CHUNK);
    if (ticket >= end) return -1;
    if (Atomics.compareExchange(control, NEXT_CHUNK, ticket, ticket + 1) === ticket) return ticket;
  }
}

/**
 * Runs chunks of `product` (tickets base..end) for as long as any is left to claim, counting each in slot
 * `countIn` too when given (before it counts as finished).
 */
export function workOn(kernels: DenseKernels, control: Int32Array, product: BlockProduct, base: number, end: number, countIn?: number): void {
  for (let ticket = claimChunk(control, end); ticket >= 0; ticket = claimChunk(control, end)) {
    runChunk(kernels, product, ticket - base);
    if (countIn !== undefined) Atomics.add(control, countIn, 1);
    Atomics.add(control, FINISHED, 1);
    Atomics.notify(control, FINISHED);
  }
}

/**
 * A runner over `arena` (which must be shared for a helper): with `helper`, a second thread joins in when the
 * worker script exists (it does in the bundle and from sources); otherwise this thread computes everything.
 */
export function startBlockRunner(arena: DenseArena, helper: boolean): BlockRunner {
  const script = helper ? workerScript(__dirname, 'blockWorker') : undefined;
  if (!script) return { run: (product) => runAlone(arena, product), helperChunks: () => 0, stop: () => undefined };
  const control = arena.takeInt32(CONTROL_SLOTS);
  const task = arena.take(TASK_FIELDS);
  const data: BlockHelperData = { memory: arena.memory, control: [control.byteOffset, control.length], task: [task.byteOffset, task.length] };
  const worker: Worker = startWorker(script, data);
  // A helper that fails to start changes nothing: this thread does the chunks it does not claim.
  worker.on('error', () => undefined);
  let end = 0;
  return {
    run(product) {
      const base = end;
      end = base + CHUNKS;
      Atomics.add(control, SEQUENCE, 1);
      encodeProduct(product, task);
      task[PRODUCT_FIELDS] = base;
      task[PRODUCT_FIELDS + 1] = end;
      Atomics.add(control, SEQUENCE, 1);
      Atomics.notify(control, SEQUENCE);
      workOn(arena, control, product, base, end);
      let progress = performance.now();
      for (let finished = Atomics.load(control, FINISHED), last = finished; finished < end; finished = Atomics.load(control, FINISHED)) {
        if (Atomics.load(control, FAILED)) throw new Error('The SVD helper thread failed.');
        if (finished !== last) [last, progress] = [finished, performance.now()];
        // A chunk takes well under a second; a helper that finishes none for minutes has died (it cannot say so).
        if (performance.now() - progress > HELPER_SILENCE_MS) throw new Error('The SVD helper thread stopped responding.');
        Atomics.wait(control, FINISHED, finished, 1000);
      }
      finish(product);
    },
    helperChunks: () => Atomics.load(control, HELPER_CHUNKS),
    stop: () => void worker.terminate(),
  };
}

function runAlone(kernels: DenseKernels, product: BlockProduct): void {
  for (let chunk = 0; chunk < CHUNKS; chunk++) runChunk(kernels, product, chunk);
  finish(product);
}

/** What remains once every chunk is done: the cross product's lower half. */
function finish(product: BlockProduct): void {
  if (product.kind === 'crossProduct') mirrorUpper(product.out, product.width);
}
