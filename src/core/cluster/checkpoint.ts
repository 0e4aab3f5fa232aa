import { Pacer, type RunControl, throwIfAborted } from '../control';

/**
 * Called between chunks of synchronous clustering work: reports progress (stage 'cluster'), lets the
 * event loop run now and then so a worker can receive an abort, and throws CancelledError once aborted.
 */
export type Checkpoint = (done: number, message: string) => Promise<void>;

/** Longest stretch of synchronous work between two yields to the event loop. */
const YIELD_INTERVAL_MS = 25;

export function createCheckpoint(control: RunControl | undefined, total: number): Checkpoint {
  const pacer = new Pacer(control ?? {}, YIELD_INTERVAL_MS);
  return async (done, message) => {
    throwIfAborted(control?.signal);
    control?.onProgress?.({ stage: 'cluster', done, total, message });
    if (pacer.due) await pacer.pause();
  };
}
