/**
 * A UMAP layout computed on a thread of its own, so that the pipeline's two independent layouts (the 5-d one
 * that is clustered, and the 2-d map) use both cores. The thread runs the same `umap` with a generator seeded
 * the same way, so its coordinates are those of a run on this thread, bit for bit. When asked to stay on one
 * thread, or without a worker script (an unusual build), the layout runs here when it is awaited.
 */
import { CancelledError, type ProgressEvent, type RunControl } from '../control';
import type { Matrix } from '../matrix';
import { seededRandom } from '../random';
import { startWorker, workerScript } from '../threads';
import type { Knn } from './knn';
import { umap, type UmapOptions } from './umap';

/** The layout's options with a seed instead of a generator (a generator cannot cross threads). */
export interface ThreadLayoutOptions extends Omit<UmapOptions, 'random' | 'knn'> {
  readonly seed: number;
  readonly knn: Knn;
}

export interface LayoutRequest {
  readonly data: Matrix<Float32Array>;
  readonly options: ThreadLayoutOptions;
}

export type LayoutReply =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly layout: Matrix<Float32Array> }
  | { readonly type: 'failed'; readonly message: string };

export interface LayoutInThread {
  /**
   * The coordinates. From now on the layout's progress goes to `control.onProgress` (as reported by the thread,
   * with `control`'s stage), and aborting `control.signal` stops the thread.
   */
  result(control?: RunControl): Promise<Matrix<Float32Array>>;
  /** Stops the thread if it still runs (a failed run must not leave it computing). */
  stop(): void;
}

/** Starts the layout of `data` now, beside whatever this thread does next (unless `ownThread` is false). */
export function startLayoutInThread(data: Matrix<Float32Array>, options: ThreadLayoutOptions, stage: ProgressEvent['stage'], ownThread = true): LayoutInThread {
  const script = ownThread ? workerScript(__dirname, 'layoutWorker') : undefined;
  if (!script) {
    return {
      result: (control) => umap(data, { ...options, random: seededRandom(options.seed) }, control),
      stop: () => undefined,
    };
  }
  const request: LayoutRequest = { data, options };
  const worker = startWorker(script, request);
  let onProgress: RunControl['onProgress'];
  let latest: { done: number; total: number } | undefined;
  let stopped = false;
  const settled = new Promise<Matrix<Float32Array>>((resolve, reject) => {
    worker.on('message', (reply: LayoutReply) => {
      if (reply.type === 'progress') {
        latest = reply;
        onProgress?.({ stage, done: reply.done, total: reply.total });
      } else if (reply.type === 'done') {
        resolve(reply.layout);
        void worker.terminate();
      } else {
        reject(new Error(reply.message));
        void worker.terminate();
      }
    });
    worker.on('error', reject);
    worker.on('exit', () => reject(stopped ? new CancelledError() : new Error('The layout thread stopped.')));
  });
  // Nobody may be waiting yet: a failure is delivered by result(), not as an unhandled rejection.
  settled.catch(() => undefined);
  const stop = () => {
    stopped = true;
    void worker.terminate();
  };
  return {
    result: (control = {}) => {
      onProgress = control.onProgress;
      if (latest) onProgress?.({ stage, done: latest.done, total: latest.total });
      if (control.signal?.aborted) stop();
      control.signal?.addEventListener('abort', stop, { once: true });
      return settled.finally(() => control.signal?.removeEventListener('abort', stop));
    },
    stop,
  };
}
