/** What every run flow (detect, merge, update) works with, and what it ends in. */
import type { ResourceLimits } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { ProgressEvent } from '../../core/control';
import type { FailureStage, TaskReply, WorkerTask } from '../../protocol/worker';
import type { ModelManager } from '../models';
import type { ResultStore } from '../resultStore';
import { runInWorker, type KeptWorker, type WorkerLaunch, type WorkerOutcome } from '../workerHost';
import type { StageProgress } from './stageProgress';

export type RunOutcome =
  /** The result is in the store (`getResult()`). */
  | { readonly status: 'completed' }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly message: string; readonly stage: FailureStage | null }
  /** Another run was in progress; nothing was started. */
  | { readonly status: 'busy' };

/** Test seams: another worker script (e.g. one that crashes) or tighter memory limits. */
export interface RunOptions {
  readonly workerScript?: vscode.Uri;
  readonly resourceLimits?: ResourceLimits;
}

export interface RunDeps {
  readonly store: ResultStore;
  readonly models: ModelManager;
  readonly log: vscode.LogOutputChannel;
  /** The worker of the last full run or update, with the model and word counts the next update reuses. */
  readonly keptWorker: KeptWorker;
  readonly workerLaunch: (options: RunOptions) => WorkerLaunch;
}

/** A detect or merge task in a fresh worker, its progress on the notification. */
export function runWithProgress<T extends WorkerTask>(
  deps: RunDeps,
  task: T,
  options: RunOptions,
  progress: StageProgress,
  token: vscode.CancellationToken,
): Promise<WorkerOutcome<TaskReply<T>>> {
  // A full run's worker stays for the updates after it (not one started through a test seam).
  const keep = task.type === 'detect' && !options.workerScript && !options.resourceLimits;
  return runInWorker(
    deps.workerLaunch(options),
    task,
    token,
    {
      onProgress: (event: ProgressEvent) => progress.update(event.stage, event.done, event.total, event.message),
      onLog: (message) => deps.log.info(message),
    },
    { keeper: deps.keptWorker, keep },
  );
}
