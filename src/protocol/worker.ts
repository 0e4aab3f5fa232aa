/**
 * The messages between the extension host and the pipeline worker (`dist/worker.js`).
 * Both sides import this file; nothing else crosses the boundary.
 */
import type { ProgressEvent, StageName } from '../core/control';
import type { SkippedFile } from '../core/documents/types';
import type { EmbeddingOptions } from '../core/embedding/options';
import type { IncrementalUpdate, PipelineParameters, TopicLensResult } from '../core/result';

/** One file's raw bytes as the host read them (through `workspace.fs`, or an unsaved editor's text). */
export interface FileBytes {
  /** Relative to the scanned folder, forward slashes. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Split the files into documents and run the whole pipeline. */
export interface DetectTask {
  readonly type: 'detect';
  /** The scanned folder as a URI string (becomes `result.source`). */
  readonly source: string;
  readonly files: readonly FileBytes[];
  /** Files the host already set aside (too large, unreadable, over the limit…). */
  readonly skipped: readonly SkippedFile[];
  /** Files above this size are set aside by the reader too (bytes). */
  readonly maxFileBytes: number;
  /** The embedding server's `apiKey` comes from SecretStorage and is never logged. */
  readonly options: { readonly parameters: PipelineParameters; readonly embedding: EmbeddingOptions; readonly threads?: number };
}

/** Merge topics of an existing result and recompute their words from the documents' text. */
export interface MergeTask {
  readonly type: 'merge';
  readonly result: TopicLensResult;
  /** The files of the documents in the merged topics, read again: results hold snippets, not texts. */
  readonly files: readonly FileBytes[];
  /** Topic ids to merge into one (at least two). */
  readonly topics: readonly number[];
  /** The model of the full run, to embed the topic words with (MaximalMarginalRelevance); without it, no MMR. */
  readonly embedding?: EmbeddingOptions;
  readonly threads?: number;
}

/**
 * Bring a result up to date with the folder's current files without re-fitting: new and changed documents join
 * the nearest existing topic, removed ones leave, topic words are recomputed, topic ids stay.
 */
export interface UpdateTask {
  readonly type: 'update';
  readonly previous: TopicLensResult;
  /** Every file of the folder as a full run would read it (unchanged files are embedded from the cache). */
  readonly files: readonly FileBytes[];
  readonly skipped: readonly SkippedFile[];
  readonly maxFileBytes: number;
  /** The model of the full run that produced `previous` (another model's vectors would not match its topics). */
  readonly embedding: EmbeddingOptions;
  readonly threads?: number;
}

/** Fetch a Hugging Face model into the cache folder, so later runs work offline. */
export interface DownloadModelTask {
  readonly type: 'downloadModel';
  readonly model: string;
  readonly cacheDir: string;
}

export type WorkerTask = DetectTask | UpdateTask | MergeTask | DownloadModelTask;

/** Stops the running task; the worker answers with `cancelled`. */
export interface CancelMessage {
  readonly type: 'cancel';
}

export type HostToWorker = WorkerTask | CancelMessage;

/** Where a failure happened, for the error message and the log. */
export type FailureStage = StageName | 'model' | 'merge';

/** What each task answers when it succeeds. */
export interface TaskReplies {
  readonly detect: { readonly type: 'detected'; readonly result: TopicLensResult };
  /** The result's `incremental` counts this update only. */
  readonly update: { readonly type: 'updated'; readonly result: TopicLensResult & { readonly incremental: IncrementalUpdate } };
  /** The new result and the new id of every previous topic id ≥ 0. */
  readonly merge: { readonly type: 'merged'; readonly result: TopicLensResult; readonly newIds: readonly (readonly [number, number])[] };
  readonly downloadModel: { readonly type: 'modelReady'; readonly model: string };
}

export type TaskReply<T extends WorkerTask> = TaskReplies[T['type']];

export type WorkerToHost =
  | { readonly type: 'progress'; readonly event: ProgressEvent }
  | { readonly type: 'downloadProgress'; readonly file: string; readonly loaded: number; readonly total: number }
  | { readonly type: 'log'; readonly message: string }
  /** The running task's answer: `TaskReply` of that task (a worker runs one task at a time). */
  | { readonly type: 'done'; readonly reply: TaskReplies[WorkerTask['type']] }
  | { readonly type: 'cancelled' }
  | { readonly type: 'error'; readonly stage: FailureStage | null; readonly message: string; readonly stack?: string };
