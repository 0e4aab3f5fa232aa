/**
 * The embedding-server backend: any server that speaks OpenAI's `POST <base>/embeddings` (Text Embeddings
 * Inference, Ollama, vLLM, OpenAI, …). Texts go out in batches, a few requests at a time; answers 429 and 5xx and
 * dropped connections are retried with exponential back-off and jitter, honouring Retry-After; rows are put back in
 * input order by their `index` and L2-normalised. Its model id names the server and model, so the content-hash
 * embedding cache serves a re-run without a single request.
 */
import { CancelledError, throwIfAborted, type RunControl } from '../control';
import { matrix, type Matrix } from '../matrix';
import type { Random } from '../random';
import { normalizeRows, type Embedder, type EmbedderCapabilities } from './embedder';
import type { EmbedderRuntime, ServerModelOptions } from './options';

export const DEFAULT_HTTP_BATCH_SIZE = 64;
export const DEFAULT_HTTP_CONCURRENCY = 4;
const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_RETRY_BASE_MS = 500;
const DEFAULT_RETRY_MAX_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_INPUT_CHARS = 8192;
/** How much of a server's error text a message quotes. */
const QUOTED_CHARS = 300;

export type EmbeddingServerProblem =
  /** 401 or 403: the key is missing or wrong. */
  | 'unauthorized'
  /** 404: the model (or the API path) does not exist there. */
  | 'not-found'
  /** Another 4xx: the server refused the request itself. */
  | 'refused'
  /** No connection: refused, unknown host, TLS failure. */
  | 'unreachable'
  /** 429, 5xx, timeouts or dropped connections, still failing after every retry. */
  | 'unavailable'
  /** An answer that is not a well-formed embeddings list for the texts sent. */
  | 'malformed';

export class EmbeddingServerError extends Error {
  constructor(
    readonly problem: EmbeddingServerProblem,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'EmbeddingServerError';
  }
}

/** A failure worth another attempt, and how long the server asked us to wait (ms), if it did. */
class RetryableFailure extends Error {
  constructor(
    readonly reason: string,
    readonly retryAfterMs: number | undefined,
    readonly status?: number,
  ) {
    super(reason);
  }
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The error text of an OpenAI-, Ollama- or TEI-style error body, shortened. */
function serverMessage(body: string): string {
  let message = body;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const error = parsed.error as { message?: unknown } | string | undefined;
    const text = typeof error === 'string' ? error : typeof error?.message === 'string' ? error.message : parsed.message;
    if (typeof text === 'string') message = text;
  } catch {
    // Not JSON: quote the text itself.
  }
  message = message.replace(/\s+/g, ' ').trim();
  return message.length > QUOTED_CHARS ? `${message.slice(0, QUOTED_CHARS - 1)}…` : message;
}

/** Milliseconds from `retry-after-ms` (OpenAI) or `Retry-After` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Back-off before retry `attempt` (1-based): base · 2^(attempt−1), half of it random, capped; at least Retry-After. */
export function retryDelayMs(attempt: number, base: number, max: number, random: Random, serverAsked?: number): number {
  const exponential = Math.min(max, base * 2 ** (attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  return Math.min(max, Math.max(jittered, serverAsked ?? 0));
}

/** Error codes of connections that never opened: retrying will not help, the settings must change. */
const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host',
};

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new CancelledError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The text cut to `maxChars` UTF-16 units, never between the halves of a surrogate pair. */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
}

/** One row of an answer: an array of numbers, or base64 of little-endian float32 (`encoding_format: base64`). */
function decodeVector(embedding: unknown): Float32Array | undefined {
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
    return new Float32Array(new Uint8Array(bytes).buffer);
  }
  if (!Array.isArray(embedding) || embedding.length === 0 || !embedding.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return undefined;
  }
  return Float32Array.from(embedding as number[]);
}

/**
 * The rows of an embeddings answer for `count` inputs, in input order (by `index`; by position when no item has
 * one). Throws a message fragment for the first thing that is wrong.
 */
export function parseEmbeddings(body: string, count: number, dimension: number | undefined): Float32Array[] {
  let parsed: { data?: unknown };
  try {
    parsed = JSON.parse(body) as { data?: unknown };
  } catch {
    throw new Error(`the body is not JSON (${JSON.stringify(body.slice(0, 40))}…)`);
  }
  const items = parsed?.data;
  if (!Array.isArray(items)) throw new Error('it has no "data" list');
  if (items.length !== count) throw new Error(`it has ${items.length} embeddings for ${count} inputs`);
  const withIndex = items.filter((item) => (item as { index?: unknown })?.index !== undefined).length;
  if (withIndex !== 0 && withIndex !== count) throw new Error('only some embeddings carry an "index"');
  const rows: Float32Array[] = new Array(count);
  items.forEach((item: unknown, position) => {
    const entry = (item ?? {}) as { index?: unknown; embedding?: unknown };
    const index = withIndex === 0 ? position : entry.index;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) throw new Error(`index ${String(index)} is out of range`);
    if (rows[index]) throw new Error(`index ${index} appears twice`);
    const vector = decodeVector(entry.embedding);
    if (!vector) throw new Error(`embedding ${index} is not a list of finite numbers`);
    const expected = dimension ?? rows.find(Boolean)?.length ?? vector.length;
    if (vector.length !== expected) throw new Error(`embedding ${index} has ${vector.length} dimensions, not ${expected}`);
    rows[index] = vector;
  });
  return rows;
}

interface Settings {
  readonly url: string;
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly timeoutMs: number;
  readonly random: Random;
}

/** One POST, once: rows on success, a RetryableFailure for what may pass, an EmbeddingServerError otherwise. */
async function postOnce(settings: Settings, inputs: readonly string[], dimension: number | undefined, signal: AbortSignal): Promise<Float32Array[]> {
  const { url, baseUrl, model } = settings;
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
      },
      // base64 float32 is a quarter of the JSON and parses faster. OpenAI's own client asks for it by default, so
      // compatible servers accept the field; the few that ignore it answer with numbers, which are read as well.
      body: JSON.stringify({ model, input: inputs, encoding_format: 'base64' }),
      signal: AbortSignal.any([signal, timeout]),
    });
    body = await response.text();
  } catch (error) {
    if (signal.aborted) throw new CancelledError();
    if (timeout.aborted) throw new RetryableFailure(`no answer within ${settings.timeoutMs / 1000} s`, undefined);
    const code = errorCode(error);
    const unreachable = code ? UNREACHABLE_CODES[code] : undefined;
    if (unreachable) {
      throw new EmbeddingServerError(
        'unreachable',
        `Could not connect to the embedding server at ${url}: ${unreachable}. Check the base URL and that the server is running.`,
        undefined,
        { cause: error },
      );
    }
    throw new RetryableFailure(`the connection failed (${code ?? (error instanceof Error ? error.message : String(error))})`, undefined);
  }

  const { status } = response;
  if (status === 401 || status === 403) {
    const hint = settings.apiKey ? '' : ' No API key is set.';
    throw new EmbeddingServerError(
      'unauthorized',
      `The embedding server at ${baseUrl} rejected the API key (HTTP ${status}: ${serverMessage(body)}).${hint}`,
      status,
    );
  }
  if (status === 404) {
    throw new EmbeddingServerError(
      'not-found',
      `Model "${model}" was not found at ${baseUrl} (HTTP 404: ${serverMessage(body)}). Check the model name, and that the base URL is the API root (usually ending in /v1).`,
      status,
    );
  }
  if (status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)) {
    throw new RetryableFailure(`HTTP ${status}: ${serverMessage(body)}`, retryAfterMs(response.headers), status);
  }
  if (status < 200 || status >= 300) {
    throw new EmbeddingServerError('refused', `The embedding server at ${baseUrl} refused the request (HTTP ${status}: ${serverMessage(body)}).`, status);
  }
  try {
    return parseEmbeddings(body, inputs.length, dimension);
  } catch (error) {
    throw new EmbeddingServerError('malformed', `The embedding server at ${url} sent a malformed answer: ${(error as Error).message}.`, status);
  }
}

/** Called just before waiting to retry: what failed and how long the wait is. */
type RetryListener = (reason: string, delayMs: number) => void;

/** "the embedding server failed (HTTP 503: …); retrying in 2.0 s": the progress line while a run waits to retry. */
function retryMessage(reason: string, delayMs: number): string {
  return `the embedding server failed (${reason}); retrying in ${(delayMs / 1000).toFixed(1)} s`;
}

/** One POST with retries and back-off. */
async function post(
  settings: Settings,
  inputs: readonly string[],
  dimension: number | undefined,
  signal: AbortSignal,
  onRetry: RetryListener = () => undefined,
): Promise<Float32Array[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(settings, inputs, dimension, signal);
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      if (attempt > settings.maxRetries) {
        throw new EmbeddingServerError(
          'unavailable',
          `The embedding server at ${settings.url} is still failing after ${attempt} attempts (last: ${error.reason}).`,
          error.status,
        );
      }
      const delayMs = retryDelayMs(attempt, settings.retryBaseMs, settings.retryMaxMs, settings.random, error.retryAfterMs);
      onRetry(error.reason, delayMs);
      await sleep(delayMs, signal);
    }
  }
}

/** A server's vectors come from a model we know nothing of. */
const SERVER_CAPABILITIES: EmbedderCapabilities = { sifWeighted: false, embedsWords: false };

class HttpEmbedder implements Embedder {
  readonly capabilities = SERVER_CAPABILITIES;

  constructor(
    readonly modelId: string,
    readonly dimension: number,
    private readonly settings: Settings,
    private readonly batchSize: number,
    private readonly concurrency: number,
    private readonly maxInputChars: number,
  ) {}

  /** Texts without a non-space character get zero rows and are never sent (servers reject empty inputs). */
  async embed(texts: readonly string[], control: RunControl = {}): Promise<Matrix<Float32Array>> {
    throwIfAborted(control.signal);
    const out = matrix(texts.length, this.dimension);
    const sent = texts.flatMap((text, i) => (/\S/.test(text) ? [i] : []));
    const total = Math.ceil(sent.length / this.batchSize);
    // Stops the other requests when one fails for good, or when the caller aborts.
    const stop = new AbortController();
    const signal = control.signal ? AbortSignal.any([control.signal, stop.signal]) : stop.signal;
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < total && !signal.aborted) {
        const indices = sent.slice(next * this.batchSize, (next + 1) * this.batchSize);
        next += 1;
        const rows = await post(
          this.settings,
          indices.map((i) => clipText(texts[i], this.maxInputChars)),
          this.dimension,
          signal,
          (reason, delayMs) => control.onProgress?.({ stage: 'embed', done, total, message: retryMessage(reason, delayMs) }),
        );
        rows.forEach((row, k) => out.data.set(row, indices[k] * this.dimension));
        done += 1;
        control.onProgress?.({ stage: 'embed', done, total });
      }
    };
    const workers = Array.from({ length: Math.min(this.concurrency, total) }, () =>
      worker().catch((error: unknown) => {
        stop.abort();
        throw error;
      }),
    );
    const outcomes = await Promise.allSettled(workers);
    throwIfAborted(control.signal);
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected' && !(outcome.reason instanceof CancelledError));
    if (failure) throw failure.reason;
    normalizeRows(out.data, this.dimension);
    return out;
  }

  async dispose(): Promise<void> {}
}

/**
 * Connects to an OpenAI-compatible embeddings API. One request embeds a probe text, which checks URL, key and
 * model up front and gives the dimension; failures are EmbeddingServerErrors with messages for the user.
 */
export async function createHttpEmbedder(options: ServerModelOptions, runtime: EmbedderRuntime = {}): Promise<Embedder> {
  const { control = {} } = runtime;
  const baseUrl = trimSlashes(options.baseUrl.trim());
  const maxInputChars = Math.max(1, options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS);
  const settings: Settings = {
    url: `${baseUrl}/embeddings`,
    baseUrl,
    model: options.model,
    apiKey: options.apiKey || undefined,
    maxRetries: Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES),
    retryBaseMs: Math.max(0, options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS),
    retryMaxMs: Math.max(0, options.retryMaxMs ?? DEFAULT_RETRY_MAX_MS),
    timeoutMs: Math.max(1, options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    random: runtime.random ?? Math.random,
  };
  const [probe] = await post(settings, ['dimension probe'], undefined, control.signal ?? new AbortController().signal);
  const clip = maxInputChars === DEFAULT_MAX_INPUT_CHARS ? '' : `:clip${maxInputChars}`;
  return new HttpEmbedder(
    `openai:${baseUrl}#${options.model}${clip}`,
    probe.length,
    settings,
    Math.max(1, options.batchSize ?? DEFAULT_HTTP_BATCH_SIZE),
    Math.max(1, options.concurrency ?? DEFAULT_HTTP_CONCURRENCY),
    maxInputChars,
  );
}
