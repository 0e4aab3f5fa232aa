/**
 * The one description of how documents are embedded. It is plain data: it crosses the host ↔ worker boundary,
 * keys the session's loaded model, and (through the embedder's `modelId`) the embedding cache. How an embedder
 * runs in this process (threads, progress callbacks, cancellation) is `EmbedderRuntime`, kept apart because it
 * does not change the vectors.
 */
import type { RunControl } from '../control';
import type { Random } from '../random';

interface CommonEmbeddingOptions {
  /** Where vectors are cached by content hash + model id; none = no cache. */
  readonly embeddingCacheDir?: string;
  /** Texts per model call or request (each backend has its default). */
  readonly batchSize?: number;
}

/** A model run in this process: the bundled one (BUNDLED_MODEL), a Hugging Face model id, or a local model folder. */
export interface LocalModelOptions extends CommonEmbeddingOptions {
  readonly backend: 'local';
  readonly model: string;
  /** Whether a Hugging Face model may be downloaded; local folders never touch the network. */
  readonly allowRemoteModels: boolean;
  /** Where downloaded models are kept (the extension's global storage, not its install folder). */
  readonly modelCacheDir?: string;
  /** Tokens per text; longer texts are truncated (BERTopic's MiniLM truncates at 256 word pieces). */
  readonly maxLength?: number;
}

/** An OpenAI-compatible embedding server (`POST <baseUrl>/embeddings`: TEI, Ollama, vLLM, OpenAI…). */
export interface ServerModelOptions extends CommonEmbeddingOptions {
  readonly backend: 'server';
  /** The API root that `/embeddings` is appended to, e.g. `http://localhost:8080/v1`. */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer …` when set (the extension keeps it in SecretStorage). */
  readonly apiKey?: string;
  /** Requests in flight at once; default 4. */
  readonly concurrency?: number;
  /** Retries of one request after a 429, a 5xx, a timeout or a dropped connection; default 5. */
  readonly maxRetries?: number;
  /** The first back-off delay, doubled at each retry, with jitter; default 500 ms. */
  readonly retryBaseMs?: number;
  /** The longest wait before a retry, a server's Retry-After included; default 30 s. */
  readonly retryMaxMs?: number;
  /** How long one request may take; default 120 s. */
  readonly timeoutMs?: number;
  /** Characters of a text sent at most (servers limit input tokens); default 8,192. */
  readonly maxInputChars?: number;
}

export type EmbeddingOptions = LocalModelOptions | ServerModelOptions;

export interface DownloadProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number;
}

/** How an embedder runs here; none of it changes the vectors. */
export interface EmbedderRuntime {
  /**
   * Threads the embedder may use; unset = its default. A static model runs the model on one and tokenises on the
   * others (default 2 on 2 cores); a transformer uses this many ONNX Runtime intra-op threads (default all cores).
   */
  readonly threads?: number;
  /** Lets the caller abort loading a model or connecting to a server. */
  readonly control?: RunControl;
  readonly onDownloadProgress?: (progress: DownloadProgress) => void;
  /** Source of the server back-off's jitter; default Math.random. */
  readonly random?: Random;
}
