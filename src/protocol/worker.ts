/**
 * The messages between the extension host and the pipeline worker (`dist/worker.js`).
 * Both sides import this file; nothing else crosses the boundary.
 */
import type { AuditOptions } from '../core/audit/finding';
import type { AuditReport } from '../core/audit/report';
import type { ProgressEvent, StageName } from '../core/control';
import type { SkippedFile } from '../core/documents/types';
import type { EmbeddingOptions } from '../core/embedding/options';
import type { PackedResult, ResultDelta } from '../core/packedResult';
import type { PipelineParameters } from '../core/result';

/** One file's raw bytes as the host read them (through `workspace.fs`, or an unsaved editor's text). */
export interface FileBytes {
  /** Relative to the scanned folder, forward slashes. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** Split the files into documents and run the whole pipeline; the audit follows as a task of its own (`AuditTask`). */
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
  readonly result: PackedResult;
  /** The files of the documents in the merged topics, read again: results hold snippets, not texts. */
  readonly files: readonly FileBytes[];
  /** Topic ids to merge into one (at least two). */
  readonly topics: readonly number[];
  /** The model of the full run, to embed the topic words with (MaximalMarginalRelevance); without it, no MMR. */
  readonly embedding?: EmbeddingOptions;
  readonly threads?: number;
}

/** Files of the folder read again since a result: created or changed ones, and the paths gone. */
export interface FileChanges {
  readonly files: readonly FileBytes[];
  /** Files or folders deleted (every document under a folder goes). */
  readonly removed: readonly string[];
  /** Changed files the host set aside (too large, unreadable). */
  readonly skipped: readonly SkippedFile[];
}

/**
 * Bring a result up to date with the folder's current files without re-fitting: new and changed documents join
 * the nearest existing topic, removed ones leave, topic words are recomputed, topic ids stay.
 */
export interface UpdateTask {
  readonly type: 'update';
  readonly base:
    /** The result this worker made last (its `resultId`), and only what changed since. */
    | { readonly kind: 'kept'; readonly resultId: string; readonly changes: FileChanges }
    /** Any result, with every file of the folder as a full run would read them (unchanged files are embedded from the cache). */
    | { readonly kind: 'all'; readonly previous: PackedResult; readonly files: readonly FileBytes[]; readonly skipped: readonly SkippedFile[] };
  readonly maxFileBytes: number;
  /** The model of the full run that produced the result (another model's vectors would not match its topics). */
  readonly embedding: EmbeddingOptions;
  readonly threads?: number;
}

/**
 * Audit the result this worker made last (a detect's or an update's), from the texts and embeddings it kept: asked
 * by the host once the topics are shown, so the topics never wait for the findings. Detect and update answer
 * without an audit (an update drops the previous findings: they describe files that changed).
 */
export interface AuditTask {
  readonly type: 'audit';
  readonly resultId: string;
  /** Thresholds that differ from DEFAULT_AUDIT_OPTIONS. */
  readonly options: Partial<AuditOptions>;
}

/** Fetch a Hugging Face model into the cache folder, so later runs work offline. */
export interface DownloadModelTask {
  readonly type: 'downloadModel';
  readonly model: string;
  readonly cacheDir: string;
}

export type WorkerTask = DetectTask | UpdateTask | MergeTask | AuditTask | DownloadModelTask;

/** Stops the running task; the worker answers with `cancelled`. */
export interface CancelMessage {
  readonly type: 'cancel';
}

export type HostToWorker = WorkerTask | CancelMessage;

/** Where a failure happened, for the error message and the log. */
export type FailureStage = StageName | 'model' | 'merge';

/**
 * What each task answers when it succeeds. Results come packed (their columns transferred, not cloned); a worker
 * kept after a detect or an update holds its result under `resultId` for the next update.
 */
export interface TaskReplies {
  readonly detect: { readonly type: 'detected'; readonly result: PackedResult; readonly resultId: string };
  readonly update:
    /** The delta's `meta.incremental` counts this update only. */
    | { readonly type: 'updated'; readonly delta: ResultDelta; readonly resultId: string }
    /** A 'kept' update reached a worker that does not hold that result (a fresh one): send it all. */
    | { readonly type: 'notKept' };
  /** The new result and the new id of every previous topic id ≥ 0. */
  readonly merge: { readonly type: 'merged'; readonly result: PackedResult; readonly newIds: readonly (readonly [number, number])[] };
  readonly audit:
    /** `audit` is null when the audit failed (the log says why): the result goes without findings. */
    | { readonly type: 'audited'; readonly audit: AuditReport | null; readonly resultId: string }
    /** The worker no longer holds that result (another one replaced it): nothing to audit. */
    | { readonly type: 'notKept' };
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
