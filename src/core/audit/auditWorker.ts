/**
 * Worker-thread entry of the audit's helper (see auditThread.ts): does each job it is given, in order, and hands
 * the answer back (the scanned share's arrays are moved, not copied). Bundled as dist/auditWorker.js; run from
 * sources through tsx.
 */
import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { AuditJob, AuditJobReply } from './auditThread';
import { nearestTopics } from './placement';
import { scanOffered } from './shingleSets';

if (!parentPort) throw new Error('auditWorker must run in a worker thread.');
const port = parentPort;

async function answer(job: AuditJob): Promise<[AuditJobReply, TransferListItem[]]> {
  if (job.type === 'place') return [{ type: 'placed', placements: nearestTopics(job.input) }, []];
  const share = await scanOffered(job.request);
  const arrays: ArrayBufferView[] = [share.wordCounts.first, share.wordCounts.second];
  for (const { shingles, words } of share.chunks) arrays.push(shingles.values, shingles.offsets, ...(words ? [words.values, words.offsets] : []));
  return [{ type: 'scanned', share }, [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))]];
}

// One job at a time, in the order given: the replies are matched to the jobs by their order.
let queue = Promise.resolve();
port.on('message', (job: AuditJob) => {
  queue = queue.then(async () => {
    try {
      const [reply, transfer] = await answer(job);
      port.postMessage(reply, transfer);
    } catch (error) {
      port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies AuditJobReply);
    }
  });
});
