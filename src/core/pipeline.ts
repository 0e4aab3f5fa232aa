/**
 * The whole topic pipeline: documents → embeddings → UMAP → HDBSCAN → c-TF-IDF → result.
 * (Contract only for now; the lead implements it once the stage modules land.)
 */
import type { RunControl } from './control';
import type { SkippedFile, SourceDocument } from './documents/types';
import type { PipelineParameters, TopicLensResult } from './result';

export interface EmbeddingOptions {
  /** "bundled" (the GloVe-SIF static model), a Hugging Face model id, or a local model folder. */
  readonly model: string;
  readonly allowRemoteModels: boolean;
  /** Where downloaded models go (only used when remote models are allowed). */
  readonly modelCacheDir?: string;
  /** Where embeddings are cached by content hash + model id; none = no cache. */
  readonly embeddingCacheDir?: string;
  /** ONNX intra-op threads; default: all cores. */
  readonly threads?: number;
}

export type PipelineInput =
  | { readonly kind: 'folder'; readonly root: string; readonly include?: readonly string[]; readonly maxFileBytes?: number; readonly maxFiles?: number }
  | { readonly kind: 'documents'; readonly source: string; readonly documents: readonly SourceDocument[]; readonly skipped: readonly SkippedFile[] };

export interface PipelineOptions {
  readonly parameters: PipelineParameters;
  readonly embedding: EmbeddingOptions;
}

export declare function runPipeline(input: PipelineInput, options: PipelineOptions, control?: RunControl): Promise<TopicLensResult>;
