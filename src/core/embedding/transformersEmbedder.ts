/**
 * The local embedding backend. transformers.js finds, downloads and loads models (int8 weights, ONNX Runtime on
 * the CPU); batches go straight to the model's ONNX session and are pooled and L2-normalised here. Texts are
 * batched by similar length to limit padding. Static word-level models (the bundled one) take the faster
 * static embedder instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { env, ModelFileNotFoundError, pipeline, type FeatureExtractionPipeline, type ProgressInfo, type Tensor } from '@huggingface/transformers';
import { Tensor as OrtTensor, type InferenceSession } from 'onnxruntime-node';
import { throwIfAborted, type RunControl } from '../control';
import { matrix, type Matrix } from '../matrix';
import { BUNDLED_MODEL, resolveBundledModelDir } from './bundledModel';
import { meanPoolNormalized, normalizeRows, POOLED_OUTPUT, type Embedder, type EmbedderCapabilities } from './embedder';
import type { EmbedderRuntime, LocalModelOptions } from './options';
import { byLength, createStaticEmbedder } from './staticEmbedder';
import { readStaticTokenizer } from './staticTokens';
import { isWhitespace } from './wordLevelTokenizer';

/** Texts per model call: 8 for transformers (less padding), 64 for static models (fewer calls). */
export const DEFAULT_BATCH_SIZE = 8;
export const DEFAULT_STATIC_BATCH_SIZE = 64;
export const DEFAULT_MAX_LENGTH = 256;
/** Static (and other int8) models are stored as onnx/model_quantized.onnx. */
const DTYPE = 'q8';

/** Raised when a Hugging Face model is neither cached nor allowed to download. */
export class ModelNotAvailableOfflineError extends Error {
  constructor(model: string, cacheDir: string | undefined, cause: unknown) {
    super(
      `The embedding model "${model}" is not available offline: it is not in the model cache` +
        `${cacheDir ? ` (${cacheDir})` : ''} and downloading models is turned off. Allow remote models to ` +
        'download it once, or use the bundled model or a local model folder.',
      { cause },
    );
    this.name = 'ModelNotAvailableOfflineError';
  }
}

interface ModelLocation {
  /** What transformers.js is asked to load. */
  readonly id: string;
  /** Set for models on disk: transformers.js looks for `id` under it. */
  readonly localModelPath?: string;
  /** The folder of a model on disk. */
  readonly folder?: string;
}

function locateModel(model: string): ModelLocation {
  if (model === BUNDLED_MODEL) {
    const folder = resolveBundledModelDir();
    return { id: path.basename(folder), localModelPath: path.dirname(folder), folder };
  }
  if (path.isAbsolute(model) || (existsSync(model) && statSync(model).isDirectory())) {
    // An absolute path is never a valid hub id, so transformers.js reads it as a path.
    const folder = path.resolve(model);
    return { id: folder, folder };
  }
  return { id: model };
}

/** A short digest of the files that decide a local model's vectors, so a rebuilt model gets a new cache key. */
function folderDigest(folder: string): string {
  const hash = createHash('sha256');
  for (const file of ['tokenizer.json', path.join('onnx', 'model_quantized.onnx')]) {
    hash.update(readFileSync(path.join(folder, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

function modelIdOf(location: ModelLocation, maxLength: number): string {
  const name = location.folder ? `${path.basename(location.folder)}@${folderDigest(location.folder)}` : location.id;
  return `${name}:${DTYPE}:max${maxLength}`;
}

/** Default threads of a static model: one runs the model, the others tokenise. Measured on 2 cores only. */
const MAX_DEFAULT_STATIC_THREADS = 2;

/** transformers.js reads its settings from one global `env`, so models are configured and loaded one at a time. */
let loading: Promise<unknown> = Promise.resolve();

async function loadPipeline(location: ModelLocation, options: LocalModelOptions, runtime: EmbedderRuntime): Promise<FeatureExtractionPipeline> {
  const remote = options.allowRemoteModels && location.folder === undefined;
  env.allowLocalModels = true;
  env.allowRemoteModels = remote;
  if (location.localModelPath) env.localModelPath = location.localModelPath;
  if (options.modelCacheDir) env.cacheDir = options.modelCacheDir;
  const onDownloadProgress = runtime.onDownloadProgress;
  try {
    return await pipeline('feature-extraction', location.id, {
      dtype: DTYPE,
      device: 'cpu',
      cache_dir: options.modelCacheDir,
      local_files_only: !remote,
      session_options: { intraOpNumThreads: runtime.threads || availableParallelism(), interOpNumThreads: 1 },
      progress_callback: onDownloadProgress
        ? (info: ProgressInfo) => {
            if (info.status === 'progress') onDownloadProgress({ file: info.file, loaded: info.loaded, total: info.total });
          }
        : undefined,
    });
  } catch (error) {
    if (location.folder === undefined && !remote && error instanceof ModelFileNotFoundError) {
      throw new ModelNotAvailableOfflineError(options.model, options.modelCacheDir, error);
    }
    throw error;
  }
}

/**
 * The text up to its `chunks`-th whitespace-separated chunk. Tokenizers split at whitespace and every chunk yields
 * at least one token, so cutting after 2 × maxLength chunks leaves the first maxLength tokens unchanged (the
 * factor 2 is a margin for chunks that normalise to nothing) while sparing the tokenizer the rest of a long text.
 */
export function clipForTokenizer(text: string, chunks: number): string {
  let seen = 0;
  let inChunk = false;
  for (let i = 0; i < text.length; i++) {
    const space = isWhitespace(text.charCodeAt(i));
    if (space && inChunk && seen === chunks) return text.slice(0, i);
    if (!space && !inChunk) seen += 1;
    inChunk = !space;
  }
  return text;
}

/**
 * One batch through the model's ONNX session, called directly with the tokenizer's tensors (no copies): rows of
 * the pooled output when the model has one, else the attention-masked mean of the token states; L2-normalised.
 */
async function embedBatch(
  extractor: FeatureExtractionPipeline,
  batch: string[],
  maxLength: number,
): Promise<{ readonly rows: Float32Array; readonly dim: number }> {
  const inputs = extractor.tokenizer(batch, { padding: true, truncation: true, max_length: maxLength }) as Record<string, Tensor>;
  const session = extractor.model.sessions.model as InferenceSession;
  const ids = inputs.input_ids;
  const feeds: Record<string, OrtTensor> = {};
  for (const name of session.inputNames) {
    // BERT-style models take token types; a tokenizer that gives none means all zeros (one segment).
    feeds[name] = inputs[name]?.ort_tensor ?? new OrtTensor('int64', new BigInt64Array(ids.data.length), ids.dims);
  }
  const outputs = await session.run(feeds);
  const pooled = outputs[POOLED_OUTPUT];
  if (pooled) return { rows: normalizeRows(pooled.data as Float32Array, pooled.dims[1]), dim: pooled.dims[1] };
  const states = outputs.last_hidden_state ?? outputs.token_embeddings;
  if (!states) throw new Error('The model returned no token states (last_hidden_state).');
  const [count, sequence, dim] = states.dims;
  const mask = inputs.attention_mask.data as BigInt64Array;
  return { rows: meanPoolNormalized(states.data as Float32Array, mask, count, sequence, dim), dim };
}

/** What a transformer's mean-pooled vectors allow: nothing SIF-specific. */
const TRANSFORMER_CAPABILITIES: EmbedderCapabilities = { sifWeighted: false, embedsWords: true };

class TransformersEmbedder implements Embedder {
  readonly capabilities = TRANSFORMER_CAPABILITIES;

  constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
    private readonly maxLength: number,
  ) {}

  async embed(texts: readonly string[], control: RunControl = {}): Promise<Matrix<Float32Array>> {
    const out = matrix(texts.length, this.dimension);
    const order = byLength(texts);
    const batches = Math.ceil(texts.length / this.batchSize);
    for (let batch = 0; batch < batches; batch++) {
      throwIfAborted(control.signal);
      const indices = order.subarray(batch * this.batchSize, (batch + 1) * this.batchSize);
      const batchTexts = Array.from(indices, (i) => clipForTokenizer(texts[i], 2 * this.maxLength));
      const { rows } = await embedBatch(this.extractor, batchTexts, this.maxLength);
      indices.forEach((textIndex, row) => {
        out.data.set(rows.subarray(row * this.dimension, (row + 1) * this.dimension), textIndex * this.dimension);
      });
      control.onProgress?.({ stage: 'embed', done: batch + 1, total: batches });
    }
    return out;
  }

  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }
}

/**
 * A model folder with a word-level tokenizer whose graph pools (the bundled model) runs on the static embedder:
 * our own tokenizer, and tokenizer threads beside the model's. Every other model runs through transformers.js's tokenizer and session.
 */
export async function createTransformersEmbedder(options: LocalModelOptions, runtime: EmbedderRuntime = {}): Promise<Embedder> {
  const location = locateModel(options.model);
  if (location.folder) {
    const tokenizer = await readStaticTokenizer(location.folder);
    if (tokenizer) {
      const maxLength = Math.min(options.maxLength ?? DEFAULT_MAX_LENGTH, tokenizer.modelMaxLength);
      const staticOptions = {
        folder: location.folder,
        modelId: modelIdOf(location, maxLength),
        maxLength,
        batchSize: Math.max(1, options.batchSize ?? DEFAULT_STATIC_BATCH_SIZE),
        threads: runtime.threads || Math.min(availableParallelism(), MAX_DEFAULT_STATIC_THREADS),
        capabilities: await staticModelCapabilities(location.folder),
      };
      const embedder = await createStaticEmbedder(staticOptions, tokenizer);
      if (embedder) return embedder;
    }
  }
  const load = loading.then(() => loadPipeline(location, options, runtime));
  loading = load.catch(() => undefined);
  const extractor = await load;
  const maxLength = Math.min(options.maxLength ?? DEFAULT_MAX_LENGTH, extractor.tokenizer.model_max_length);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const { dim } = await embedBatch(extractor, ['dimension probe'], maxLength);
  return new TransformersEmbedder(modelIdOf(location, maxLength), dim, extractor, batchSize, maxLength);
}

/** A static model built by Topic Lens records its SIF weighting in config.json (`topic_lens.sif_a`). */
async function staticModelCapabilities(folder: string): Promise<EmbedderCapabilities> {
  try {
    const config = JSON.parse(await readFile(path.join(folder, 'config.json'), 'utf8')) as { topic_lens?: { sif_a?: unknown } };
    return { sifWeighted: typeof config.topic_lens?.sif_a === 'number', embedsWords: true };
  } catch {
    return { sifWeighted: false, embedsWords: true };
  }
}
