/**
 * A second thread for the audit, so that both cores work on its two largest stages: it scans chunks of the second
 * half of a large corpus for near-duplicates while this thread scans the first and then the chunks left
 * (shingleSets.ts joins them in document order), then finds the nearest topics of the documents outside the topics (placement.ts) while this
 * thread pairs near-duplicates. Jobs run in the order they are given, each the same function on the same data
 * as on one thread, so the findings are the same with the helper, without it (one thread asked for, or an unusual
 * build without the worker script) and on a busy machine.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerScript } from '../threads';
import { nearestTopics, type PlacementInput } from './placement';
import type { Placement } from './report';
import type { ScannedShare, ScanRequest } from './shingleSets';

export type AuditJob = { readonly type: 'scan'; readonly request: ScanRequest } | { readonly type: 'place'; readonly input: PlacementInput };

export type AuditJobReply =
  | { readonly type: 'scanned'; readonly share: ScannedShare }
  | { readonly type: 'placed'; readonly placements: Placement[] }
  | { readonly type: 'failed'; readonly message: string };

export interface AuditHelper {
  /** Starts scanning a share of the corpus; the returned function gives the scan. Absent without a thread (one thread scans all at once). */
  readonly scan?: (request: ScanRequest) => () => Promise<ScannedShare>;
  /** Starts the nearest-topic search (on the helper when it is large enough); the returned function gives the placements. */
  place(input: PlacementInput): () => Promise<Placement[]>;
  /** Ends the helper (a failed or cancelled audit must not leave it computing). */
  stop(): void;
}

/**
 * Below this many document × topic × dimension products the nearest topics are found on this thread (a fraction
 * of a second with the SIMD kernels: less than starting the thread for them).
 */
export const HELPER_PLACEMENT_MIN_PRODUCTS = 1 << 28;

/** The helper, started at its first job (or, with `ownThread` false or no worker script, one doing each job here when asked for its answer). */
export function auditHelper(ownThread = true): AuditHelper {
  const script = ownThread ? workerScript(__dirname, 'auditWorker') : undefined;
  if (!script) return { place: (input) => async () => nearestTopics(input), stop: () => undefined };
  let worker: Worker | undefined;
  let stopped = false;
  // Replies come in the order the jobs were given.
  const waiting: Array<{ resolve: (reply: AuditJobReply) => void; reject: (error: Error) => void }> = [];
  const failAll = (error: Error) => waiting.splice(0).forEach((job) => job.reject(error));
  const run = (job: AuditJob): Promise<AuditJobReply> => {
    if (!worker) {
      worker = startWorker(script, null);
      worker.on('message', (reply: AuditJobReply) => waiting.shift()?.resolve(reply));
      worker.on('error', failAll);
      worker.on('exit', () => failAll(new Error(stopped ? 'The audit thread was stopped.' : 'The audit thread stopped.')));
    }
    const reply = new Promise<AuditJobReply>((resolve, reject) => waiting.push({ resolve, reject }));
    worker.postMessage(job);
    // Nobody may be waiting yet: a failure is delivered when the answer is asked for, not as an unhandled rejection.
    reply.catch(() => undefined);
    return reply;
  };
  const answer = async <T extends AuditJobReply['type']>(reply: Promise<AuditJobReply>, type: T) => {
    const value = await reply;
    if (value.type === 'failed') throw new Error(value.message);
    if (value.type !== type) throw new Error(`The audit thread answered ${value.type}, not ${type}.`);
    return value as Extract<AuditJobReply, { type: T }>;
  };
  return {
    scan: (request) => {
      const reply = run({ type: 'scan', request });
      return async () => (await answer(reply, 'scanned')).share;
    },
    place: (input) => {
      if (input.documents.length * input.topicIds.length * input.vectors.cols < HELPER_PLACEMENT_MIN_PRODUCTS) return async () => nearestTopics(input);
      const reply = run({ type: 'place', input });
      return async () => (await answer(reply, 'placed')).placements;
    },
    stop: () => {
      stopped = true;
      void worker?.terminate();
    },
  };
}
