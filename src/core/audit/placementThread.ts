/**
 * The nearest topics of the documents outside the topics, on a thread of their own: they need only embeddings,
 * so they are computed while this thread looks for near-duplicates, and the audit's two largest stages use both
 * cores. The helper runs the same function on the same numbers, so the placements are the same with it, without
 * it (one thread asked for, or an unusual build without the worker script) and on a busy machine.
 */
import { startWorker, workerScript } from '../threads';
import { nearestTopics, type PlacementInput } from './placement';
import type { Placement } from './report';

export type PlacementReply = { readonly type: 'placed'; readonly placements: Placement[] } | { readonly type: 'failed'; readonly message: string };

export interface PlacementSearch {
  /** The placements (computed here, now, when there is no helper). */
  result(): Promise<Placement[]>;
  /** Ends the helper (a failed or cancelled audit must not leave it computing). */
  stop(): void;
}

/** Starts the search on a helper thread (or, with `ownThread` false or no worker script, prepares to do it here). */
export function startPlacementSearch(input: PlacementInput, ownThread = true): PlacementSearch {
  const script = ownThread && input.documents.length > 0 ? workerScript(__dirname, 'placementWorker') : undefined;
  if (!script) return { result: async () => nearestTopics(input), stop: () => undefined };
  const worker = startWorker(script, input);
  let stopped = false;
  const placed = new Promise<Placement[]>((resolve, reject) => {
    worker.on('message', (reply: PlacementReply) => (reply.type === 'placed' ? resolve(reply.placements) : reject(new Error(reply.message))));
    worker.on('error', reject);
    worker.on('exit', () => reject(new Error(stopped ? 'The nearest-topic thread was stopped.' : 'The nearest-topic thread stopped.')));
  });
  // Nobody may be waiting yet: a failure is delivered by result(), not as an unhandled rejection.
  placed.catch(() => undefined);
  return {
    result: () => placed,
    stop: () => {
      stopped = true;
      void worker.terminate();
    },
  };
}
