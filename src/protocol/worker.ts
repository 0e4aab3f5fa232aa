/**
 * The messages between the extension host and the pipeline worker (`dist/worker.js`).
 * Both sides import this file; nothing else crosses the boundary.
 */
import type { ProgressEvent, StageName } from '../core/control';
import type { SkippedFile } from '../core/documents/types';
import type { LocalEmbeddingOptions, ServerEmbeddingOptions } from '../core/pipeline';
import type { PipelineParameters, TopicLensResult } from '../core/result';

/** One file's raw bytes as the host read them (through `workspace.fs`, or an unsaved editor's text). */
export interface FileBytes {
  /** Relative to the scanned folder, forward slashes. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * How the worker embeds: a local model (the core's options), or an OpenAI-compatible embedding server (the
 * core's HTTP backend; `apiKey` comes from SecretStorage and is never logged). Both cache by content hash.
 */
export type EmbeddingChoice =
  | ({ readonly backend: 'local' } & LocalEmbeddingOptions)
  | ServerEmbeddingOptions;

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
  readonly options: { readonly parameters: PipelineParameters; readonly embedding: EmbeddingChoice };
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
  readonly embedding?: EmbeddingChoice;
}

/**
 * Bring a result up to date with the folder's current files without re-fitting: new and changed documents join
 * the nearest existing topic, removed ones leave, topic words are recomputed, topic ids stay. Answered by
 * `result` (whose `incremental` counts this update only).
 */
export interface UpdateTask {
  readonly type: 'update';
  readonly previous: TopicLensResult;
  /** Every file of the folder as a full run would read it (unchanged files are embedded from the cache). */
  readonly files: readonly FileBytes[];
  readonly skipped: readonly SkippedFile[];
  readonly maxFileBytes: number;
  /** The model of the full run that produced `previous` (another model's vectors would not match its topics). */
  readonly embedding: EmbeddingChoice;
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

export type WorkerToHost =
  | { readonly type: 'progress'; readonly event: ProgressEvent }
  | { readonly type: 'downloadProgress'; readonly file: string; readonly loaded: number; readonly total: number }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'result'; readonly result: TopicLensResult }
  /** The answer to `merge`: the new result and the new id of every previous topic id ≥ 0. */
  | { readonly type: 'merged'; readonly result: TopicLensResult; readonly newIds: readonly (readonly [number, number])[] }
  | { readonly type: 'modelReady'; readonly model: string }
  | { readonly type: 'cancelled' }
  | { readonly type: 'error'; readonly stage: FailureStage | null; readonly message: string; readonly stack?: string };
