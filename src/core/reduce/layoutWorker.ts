/**
 * Worker-thread entry of a layout thread (see layoutThread.ts): runs one UMAP layout, reports its epochs, and
 * hands the coordinates back without a copy. Bundled as dist/layoutWorker.js; run from sources through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { seededRandom } from '../random';
import type { LayoutReply, LayoutRequest } from './layoutThread';
import { umap } from './umap';

if (!parentPort) throw new Error('layoutWorker must run in a worker thread.');
const port = parentPort;
const post = (message: LayoutReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const { data, options } = workerData as LayoutRequest;

umap(
  data,
  { ...options, random: seededRandom(options.seed) },
  { onProgress: (event) => post({ type: 'progress', done: event.done, total: event.total }) },
).then(
  (layout) => post({ type: 'done', layout }, [layout.data.buffer as ArrayBuffer]),
  (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
