/**
 * Worker-thread entry of the SVD's helper (see blockThreads.ts): waits for each product the main thread
 * describes, claims chunks of it alongside the main thread, and sleeps again; it is ended by the main thread.
 * Bundled as dist/blockWorker.js; run from sources through tsx.
 */
import { workerData } from 'node:worker_threads';
import { denseKernels } from '../reduce/dense-arena';
import { decodeProduct, PRODUCT_FIELDS } from './blockProducts';
import { FAILED, FINISHED, HELPER_CHUNKS, SEQUENCE, TASK_FIELDS, workOn, type BlockHelperData } from './blockThreads';

const { memory, control: controlAt, task: taskAt } = workerData as BlockHelperData;
const control = new Int32Array(memory.buffer, controlAt[0], controlAt[1]);
const task = new Float64Array(memory.buffer, taskAt[0], taskAt[1]);
const snapshot = new Float64Array(TASK_FIELDS);

try {
  const kernels = denseKernels(memory);
  for (let seen = 0; ;) {
    Atomics.wait(control, SEQUENCE, seen);
    const sequence = Atomics.load(control, SEQUENCE);
    // Odd: the main thread is writing a description; a changed number after the copy: it wrote a new one meanwhile.
    if (sequence % 2 === 1) continue;
    snapshot.set(task);
    if (Atomics.load(control, SEQUENCE) !== sequence) continue;
    seen = sequence;
    workOn(kernels, control, decodeProduct(snapshot, memory.buffer), snapshot[PRODUCT_FIELDS], snapshot[PRODUCT_FIELDS + 1], HELPER_CHUNKS);
  }
} catch {
  Atomics.store(control, FAILED, 1);
  Atomics.notify(control, FINISHED);
}
