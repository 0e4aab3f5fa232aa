/**
 * Worker-thread entry of the nearest-topic search (see placementThread.ts): computes the placements of the
 * documents it was given and hands them over. Bundled as dist/placementWorker.js; run from sources through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { nearestTopics, type PlacementInput } from './placement';
import type { PlacementReply } from './placementThread';

if (!parentPort) throw new Error('placementWorker must run in a worker thread.');
const port = parentPort;
const post = (reply: PlacementReply) => port.postMessage(reply);
try {
  post({ type: 'placed', placements: nearestTopics(workerData as PlacementInput) });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
