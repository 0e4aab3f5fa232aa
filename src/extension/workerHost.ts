/**
 * Runs one task in a `worker_threads` Worker (`dist/worker.js`) and turns everything that can happen to it
 * (result, cancel, exception, crash, out of memory, silent exit) into exactly one outcome. A task gets a fresh
 * worker, so that everything the pipeline allocated goes away with the thread — except that the worker of a
 * full run or an update may be kept (`KeptWorker`) for the next incremental update: its pipeline session holds
 * the loaded model and every document's word counts, so an update only does the work of what changed.
 */
import * as os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { ProgressEvent } from '../core/control';
import type { FailureStage, FileBytes, HostToWorker, TaskReply, WorkerTask, WorkerToHost } from '../protocol/worker';

/** How a task ended; `reply` is the answer of that very task (see `TaskReplies`). */
export type WorkerOutcome<Reply> = { readonly kind: 'done'; readonly reply: Reply } | UnfinishedOutcome;

export type UnfinishedOutcome =
  { readonly kind: 'cancelled' } | { readonly kind: 'failed'; readonly stage: FailureStage | null; readonly message: string; readonly detail?: string };

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

/** How a task may use a kept worker: run in it instead of a fresh one, and/or keep its worker after a result. */
export interface WorkerReuse {
  readonly keeper: KeptWorker;
  /** Run in the kept worker when there is one. */
  readonly take?: boolean;
  /** After a result, keep the worker (and its session) for later tasks. */
  readonly keep?: boolean;
  /**
   * When the worker itself answers Cancel, keep it still holding this result (a task that changes nothing in its
   * session until it ends, such as an audit); a worker that had to be terminated is gone either way.
   */
  readonly keepAfterCancel?: string;
}

export function runInWorker<T extends WorkerTask>(
  launch: WorkerLaunch,
  task: T,
  token: vscode.CancellationToken,
  listeners: WorkerListeners = {},
  reuse?: WorkerReuse,
): Promise<WorkerOutcome<TaskReply<T>>> {
  const limits = launch.resourceLimits ?? defaultResourceLimits();
  return new Promise<WorkerOutcome<TaskReply<T>>>((resolve) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const worker = (reuse?.take ? reuse.keeper.take(launch) : undefined) ?? new Worker(launch.script, { resourceLimits: limits, stdout: false, stderr: false });

    const settle = (outcome: WorkerOutcome<TaskReply<T>>, stoppedItself = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      cancelListener.dispose();
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (reuse?.keep && outcome.kind === 'done') reuse.keeper.keep(worker, launch, heldResult(outcome.reply));
      else if (reuse?.keepAfterCancel !== undefined && stoppedItself) reuse.keeper.keep(worker, launch, reuse.keepAfterCancel);
      // Otherwise the thread's work is done; terminating also frees its memory at once.
      else void worker.terminate();
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

    const onMessage = (message: WorkerToHost) => {
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
        case 'done':
          // The worker answers the task it was given, one task at a time.
          settle({ kind: 'done', reply: message.reply as TaskReply<T> });
          break;
        case 'cancelled':
          settle({ kind: 'cancelled' }, true);
          break;
        case 'error':
          settle({ kind: 'failed', stage: message.stage, message: message.message, detail: message.stack });
          break;
      }
    };
    const onError = (error: Error & { code?: string }) => {
      settle({ kind: 'failed', stage: null, message: describeCrash(error, limits), detail: error.stack });
    };
    const onExit = (code: number) => {
      settle(
        token.isCancellationRequested
          ? { kind: 'cancelled' }
          : { kind: 'failed', stage: null, message: `The topic worker stopped unexpectedly (exit code ${code}).` },
      );
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);

    if (token.isCancellationRequested) {
      settle({ kind: 'cancelled' });
      return;
    }
    const { message, transfer } = withFilesTransferred(task);
    worker.postMessage(message, transfer);
  });
}

/**
 * The task with its files' contents copied into one buffer that is transferred to the worker, not cloned: cloning
 * thousands of separate file buffers held the host's thread for a second (6,000 files, 26 MB).
 */
export function withFilesTransferred(task: WorkerTask): { readonly message: WorkerTask; readonly transfer: ArrayBuffer[] } {
  const packed = (files: readonly FileBytes[]) => {
    const buffer = new ArrayBuffer(files.reduce((sum, file) => sum + file.bytes.byteLength, 0));
    let at = 0;
    const views = files.map((file) => {
      const bytes = new Uint8Array(buffer, at, file.bytes.byteLength);
      bytes.set(file.bytes);
      at += file.bytes.byteLength;
      return { path: file.path, bytes };
    });
    return { views, transfer: [buffer] };
  };
  switch (task.type) {
    case 'detect':
    case 'merge': {
      const { views, transfer } = packed(task.files);
      return { message: { ...task, files: views }, transfer };
    }
    case 'update': {
      const { base } = task;
      const { views, transfer } = packed(base.kind === 'kept' ? base.changes.files : base.files);
      const moved = base.kind === 'kept' ? { ...base, changes: { ...base.changes, files: views } } : { ...base, files: views };
      return { message: { ...task, base: moved }, transfer };
    }
    default:
      return { message: task, transfer: [] };
  }
}

/** The result a worker keeps after answering (see `TaskReplies`), if any. */
function heldResult(reply: unknown): string | undefined {
  return typeof reply === 'object' && reply !== null && 'resultId' in reply && typeof reply.resultId === 'string' ? reply.resultId : undefined;
}

/**
 * A kept worker is terminated after this long without a task: its memory (176 MB after a full run on
 * 20 Newsgroups: bench/keptWorker.ts) is worth fast updates while someone edits, not forever.
 */
export const KEPT_WORKER_IDLE_MS = 5 * 60_000;

/**
 * Holds at most one idle worker between tasks. It is dropped (terminated) when it idles too long, when it dies on
 * its own, when `clear()` is called (a full run starts: its worker is kept after it), and on dispose.
 */
export class KeptWorker implements vscode.Disposable {
  private kept:
    | { readonly worker: Worker; readonly script: string; readonly resultId: string | undefined; readonly idle: NodeJS.Timeout; readonly onGone: () => void }
    | undefined;

  constructor(private readonly idleMs = KEPT_WORKER_IDLE_MS) {}

  get isKeeping(): boolean {
    return this.kept !== undefined;
  }

  /** The result the kept worker made last, if any. */
  get heldResult(): string | undefined {
    return this.kept?.resultId;
  }

  /** Whether the kept worker holds the result `resultId` (it made it last): an update then sends only what changed. */
  holds(resultId: string | undefined): boolean {
    return resultId !== undefined && this.kept?.resultId === resultId;
  }

  /** Keeps `worker` (replacing a kept one), holding result `resultId`, until it is taken or dropped. */
  keep(worker: Worker, launch: WorkerLaunch, resultId?: string): void {
    this.clear();
    const onGone = () => this.release(worker);
    const idle = setTimeout(() => this.clear(), this.idleMs);
    // An idle worker must not keep the extension host alive on its own.
    idle.unref();
    worker.once('exit', onGone).once('error', onGone);
    this.kept = { worker, script: launch.script, resultId, idle, onGone };
  }

  /** The kept worker, if it runs `launch`'s script; the caller owns it from now on. */
  take(launch: WorkerLaunch): Worker | undefined {
    const kept = this.kept;
    if (!kept || kept.script !== launch.script) return undefined;
    this.release(kept.worker);
    return kept.worker;
  }

  /** Terminates the kept worker. */
  clear(): void {
    const kept = this.kept;
    if (!kept) return;
    this.release(kept.worker);
    void kept.worker.terminate();
  }

  dispose(): void {
    this.clear();
  }

  private release(worker: Worker): void {
    const kept = this.kept;
    if (!kept || kept.worker !== worker) return;
    clearTimeout(kept.idle);
    worker.off('exit', kept.onGone).off('error', kept.onGone);
    this.kept = undefined;
  }
}
