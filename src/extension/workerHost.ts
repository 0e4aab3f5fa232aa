/**
 * Runs one task in a fresh `worker_threads` Worker (`dist/worker.js`) and turns everything that can happen to it
 * (result, cancel, exception, crash, out of memory, silent exit) into exactly one outcome. A worker per task
 * keeps the extension host's memory flat: everything the pipeline allocated goes away with the thread.
 */
import * as os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { ProgressEvent } from '../core/control';
import type { TopicLensResult } from '../core/result';
import type { FailureStage, HostToWorker, WorkerTask, WorkerToHost } from '../protocol/worker';

export type WorkerOutcome =
  | { readonly kind: 'result'; readonly result: TopicLensResult }
  | { readonly kind: 'merged'; readonly result: TopicLensResult; readonly newIds: ReadonlyMap<number, number> }
  | { readonly kind: 'modelReady'; readonly model: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly stage: FailureStage | null; readonly message: string; readonly detail?: string };

export interface WorkerListeners {
  onProgress?(event: ProgressEvent): void;
  onDownloadProgress?(file: string, loaded: number, total: number): void;
  onLog?(message: string): void;
}

export interface WorkerLaunch {
  /** Absolute path of the worker script. */
  readonly script: string;
  readonly resourceLimits?: ResourceLimits;
}

/** After Cancel, the worker gets this long to stop by itself before it is terminated. */
export const CANCEL_GRACE_MS = 2000;

/** Half the machine's memory, within 2–8 GB: UMAP on 20,000 documents needs about 2 GB. */
export function defaultResourceLimits(): ResourceLimits {
  const halfMb = Math.floor(os.totalmem() / 1024 / 1024 / 2);
  return { maxOldGenerationSizeMb: Math.max(2048, Math.min(8192, halfMb)) };
}

function describeCrash(error: Error & { code?: string }, limits: ResourceLimits): string {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return (
      `The topic worker ran out of memory (limit ${limits.maxOldGenerationSizeMb ?? '?'} MB). ` +
      'Analyse fewer files (topicLens.maxFiles, topicLens.include) or use whole files as documents (topicLens.unit).'
    );
  }
  return `The topic worker crashed: ${error.message}`;
}

export function runInWorker(
  launch: WorkerLaunch,
  task: WorkerTask,
  token: vscode.CancellationToken,
  listeners: WorkerListeners = {},
): Promise<WorkerOutcome> {
  const limits = launch.resourceLimits ?? defaultResourceLimits();
  return new Promise<WorkerOutcome>((resolve) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const worker = new Worker(launch.script, { resourceLimits: limits, stdout: false, stderr: false });

    const settle = (outcome: WorkerOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      cancelListener.dispose();
      // The thread's work is done either way; terminating also frees its memory at once.
      void worker.terminate();
      resolve(outcome);
    };

    const post = (message: HostToWorker) => worker.postMessage(message);

    const cancelListener = token.onCancellationRequested(() => {
      if (settled) return;
      post({ type: 'cancel' });
      graceTimer = setTimeout(() => {
        listeners.onLog?.(`The worker did not stop within ${CANCEL_GRACE_MS} ms of Cancel; terminated it.`);
        settle({ kind: 'cancelled' });
      }, CANCEL_GRACE_MS);
    });

    worker.on('message', (message: WorkerToHost) => {
      switch (message.type) {
        case 'progress':
          listeners.onProgress?.(message.event);
          break;
        case 'downloadProgress':
          listeners.onDownloadProgress?.(message.file, message.loaded, message.total);
          break;
        case 'log':
          listeners.onLog?.(message.message);
          break;
        case 'result':
          settle({ kind: 'result', result: message.result });
          break;
        case 'merged':
          settle({ kind: 'merged', result: message.result, newIds: new Map(message.newIds) });
          break;
        case 'modelReady':
          settle({ kind: 'modelReady', model: message.model });
          break;
        case 'cancelled':
          settle({ kind: 'cancelled' });
          break;
        case 'error':
          settle({ kind: 'failed', stage: message.stage, message: message.message, detail: message.stack });
          break;
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      settle({ kind: 'failed', stage: null, message: describeCrash(error, limits), detail: error.stack });
    });
    worker.on('exit', (code) => {
      settle(
        token.isCancellationRequested
          ? { kind: 'cancelled' }
          : { kind: 'failed', stage: null, message: `The topic worker stopped unexpectedly (exit code ${code}).` },
      );
    });

    if (token.isCancellationRequested) {
      settle({ kind: 'cancelled' });
      return;
    }
    post(task);
  });
}
