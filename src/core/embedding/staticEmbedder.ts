/**
 * The embedder for word-level static models (the bundled GloVe-SIF model). Texts are sorted by length and cut
 * into batches. This thread runs the ONNX session on every batch; with more than one thread, the others are
 * tokenizer threads that take chunks of batches from the same queue and hand back packed int64 batches, so
 * tokenising (as costly as this model's run) happens beside the model instead of between its runs. Keeping the
 * two apart also keeps each core's caches to one job: interleaved on one core, both ran about 1.5× slower. When
 * no tokenised batch is waiting, this thread tokenises the next batch itself.
 */
import type { Worker } from 'node:worker_threads';
import { CancelledError, throwIfAborted, type RunControl } from '../control';
import { matrix, type Matrix } from '../matrix';
import { startWorker, workerScript } from '../threads';
import type { Embedder, EmbedderCapabilities } from './embedder';
import { StaticSession, type StaticSessionOptions } from './staticSession';
import type { PackedBatch } from './staticTokens';
import type { WordLevelTokenizer } from './wordLevelTokenizer';

export type TokenizerWorkerData = StaticSessionOptions;
export type TokenizeRequest = { readonly request: number; readonly texts: readonly string[] };
export type TokenizeReply =
  | { readonly type: 'ready' }
  | { readonly type: 'batches'; readonly request: number; readonly batches: readonly PackedBatch[] }
  | { readonly type: 'failed'; readonly message: string };

export interface StaticEmbedderOptions extends StaticSessionOptions {
  /** Identifies model and window for the embedding cache. */
  readonly modelId: string;
  /** Threads in all, this one included: 1 = no tokenizer threads. */
  readonly threads: number;
  readonly capabilities: EmbedderCapabilities;
}

/** Texts per request to a tokenizer thread: large enough that messages cost little, small enough to balance the end. */
const CHUNK_TEXTS = 512;
/** Below this many texts a job runs on this thread alone. */
const PARALLEL_MIN_TEXTS = 2 * CHUNK_TEXTS;
/** Tokenised chunks waiting for the model at most, per tokenizer thread: bounds memory when tokenising runs ahead. */
const WAITING_CHUNKS_PER_THREAD = 2;

/** Text indices ordered by length, so that each batch pads little; ties keep input order. */
export function byLength(texts: readonly string[]): Int32Array {
  const order = Int32Array.from(texts.keys());
  return order.sort((a, b) => texts[a].length - texts[b].length || a - b);
}

interface Waiting {
  readonly resolve: (batches: readonly PackedBatch[]) => void;
  readonly reject: (error: Error) => void;
}

/** A tokenizer thread. It keeps the process alive only while it has work. */
class TokenizerWorker {
  /** Settles true once the thread is ready, false if it failed to start. */
  readonly ready: Promise<boolean>;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextRequest = 0;
  private state: 'starting' | 'ready' | 'dead' = 'starting';

  constructor(script: string, data: TokenizerWorkerData) {
    this.worker = startWorker(script, data);
    this.worker.unref();
    this.ready = new Promise((settle) => {
      this.worker.on('message', (reply: TokenizeReply) => {
        if (reply.type === 'ready') {
          this.state = 'ready';
          settle(true);
        } else if (reply.type === 'batches') {
          this.waiting.get(reply.request)?.resolve(reply.batches);
        } else {
          this.fail(new Error(reply.message));
          settle(false);
          void this.worker.terminate();
        }
      });
      this.worker.on('error', (error) => {
        this.fail(error);
        settle(false);
      });
      this.worker.on('exit', () => {
        this.fail(new Error('The tokenizer thread stopped.'));
        settle(false);
      });
    });
  }

  get isReady(): boolean {
    return this.state === 'ready';
  }

  private fail(error: Error): void {
    this.state = 'dead';
    for (const waiting of this.waiting.values()) waiting.reject(error);
  }

  private track(request: number, waiting: Waiting | undefined): void {
    if (waiting) this.waiting.set(request, waiting);
    else this.waiting.delete(request);
    if (this.waiting.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  tokenize(texts: readonly string[], signal: AbortSignal | undefined): Promise<readonly PackedBatch[]> {
    if (this.state !== 'ready') return Promise.reject(new Error('The tokenizer thread is not running.'));
    const request = this.nextRequest++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        // The thread finishes the chunk anyway; its late reply finds no one waiting.
        this.track(request, undefined);
        reject(new CancelledError());
      };
      const settle = () => {
        signal?.removeEventListener('abort', onAbort);
        this.track(request, undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.track(request, {
        resolve: (batches) => {
          settle();
          resolve(batches);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      this.worker.postMessage({ request, texts } satisfies TokenizeRequest);
    });
  }

  async terminate(): Promise<void> {
    this.state = 'dead';
    await this.worker.terminate();
  }
}

type BatchRange = readonly [first: number, last: number];

/** Batch ranges handed out front to back; ranges a failed tokenizer thread gives back come first. */
class BatchQueue {
  private next = 0;
  private readonly returned: BatchRange[] = [];

  constructor(private readonly total: number) {}

  take(count: number): BatchRange | undefined {
    const back = this.returned.pop();
    if (back) return back;
    if (this.next >= this.total) return undefined;
    const first = this.next;
    this.next = Math.min(this.total, first + count);
    return [first, this.next];
  }

  giveBack(range: BatchRange): void {
    this.returned.push(range);
  }

  close(): void {
    this.next = this.total;
    this.returned.length = 0;
  }
}

/** Wakes everyone waiting for the next change. */
class Changes {
  private waiting: (() => void)[] = [];

  next(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  notify(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

export class StaticEmbedder implements Embedder {
  private workers: readonly TokenizerWorker[] = [];
  /** Batches the tokenizer threads tokenised, over all jobs (the benchmark and tests read it). */
  batchesTokenizedElsewhere = 0;

  constructor(
    readonly modelId: string,
    readonly capabilities: EmbedderCapabilities,
    private readonly session: StaticSession,
    private readonly batchSize: number,
    /** Starts the tokenizer threads; none when there is one thread or no worker script. */
    private readonly startWorkers: () => TokenizerWorker[],
  ) {}

  get dimension(): number {
    return this.session.dimension;
  }

  /**
   * Tokenizer threads start with the first job large enough to share (a run served from the embedding cache starts
   * none) and join it as soon as they are ready; later jobs find them running.
   */
  private ensureWorkers(): readonly TokenizerWorker[] {
    if (this.workers.length === 0) this.workers = this.startWorkers();
    return this.workers;
  }

  async embed(texts: readonly string[], control: RunControl = {}): Promise<Matrix<Float32Array>> {
    const { dimension, batchSize, session } = this;
    const out = matrix(texts.length, dimension);
    const order = byLength(texts);
    const total = Math.ceil(texts.length / batchSize);
    const queue = new BatchQueue(total);
    const tokenized: { readonly first: number; readonly batches: readonly PackedBatch[] }[] = [];
    const changes = new Changes();
    let inFlight = 0;
    let done = 0;

    const textsOf = ([first, last]: BatchRange) => Array.from(order.subarray(first * batchSize, Math.min(texts.length, last * batchSize)), (i) => texts[i]);
    /** Copies the rows of batch `index` to their texts' places. */
    const place = (index: number, rows: Float32Array) => {
      const data = out.data;
      for (let k = 0, start = index * batchSize; k < rows.length / dimension; k++) {
        const to = order[start + k] * dimension;
        for (let d = 0, from = k * dimension; d < dimension; d++) data[to + d] = rows[from + d];
      }
      done += 1;
      control.onProgress?.({ stage: 'embed', done, total });
    };

    // This thread: run what the tokenizer threads have tokenised; else tokenise the next batch; else wait for them.
    // Each batch waits for its deferred ONNX Runtime run (setImmediate), in which replies and an abort come in.
    const runModel = async () => {
      for (;;) {
        throwIfAborted(control.signal);
        const ready = tokenized.shift();
        if (ready) {
          changes.notify();
          for (const [k, batch] of ready.batches.entries()) place(ready.first + k, await session.run(batch));
          continue;
        }
        const range = queue.take(1);
        if (range) {
          for (let index = range[0]; index < range[1]; index++) {
            const batchTexts = textsOf([index, index + 1]);
            place(index, await session.embed(batchTexts, 0, batchTexts.length));
          }
        } else if (inFlight > 0) {
          await changes.next();
        } else {
          return;
        }
      }
    };
    const here = runModel()
      .catch((error: unknown) => {
        queue.close();
        throw error;
      })
      .finally(() => changes.notify());

    const chunk = Math.max(1, Math.round(CHUNK_TEXTS / batchSize));
    const workers = texts.length < PARALLEL_MIN_TEXTS ? [] : this.ensureWorkers();
    const maxWaiting = WAITING_CHUNKS_PER_THREAD * workers.length;
    const feed = async (worker: TokenizerWorker) => {
      // A thread still starting joins when ready, unless the job is over by then.
      await Promise.race([worker.ready, here.catch(() => undefined)]);
      while (worker.isReady) {
        while (tokenized.length + inFlight >= maxWaiting) await changes.next();
        const range = queue.take(chunk);
        if (!range) return;
        inFlight += 1;
        try {
          const batches = await worker.tokenize(textsOf(range), control.signal);
          tokenized.push({ first: range[0], batches });
          this.batchesTokenizedElsewhere += batches.length;
        } catch (error) {
          if (error instanceof CancelledError) throw error;
          queue.giveBack(range);
        } finally {
          inFlight -= 1;
          changes.notify();
        }
      }
    };
    // Two requests per thread, so that it starts on the next chunk while its last one is on the way back.
    await Promise.all([here, ...workers.flatMap((worker) => [feed(worker), feed(worker)])]);
    return out;
  }

  /** Starts the tokenizer threads if need be; the number of threads working once each has started (or failed to). */
  async threadsReady(): Promise<number> {
    const started = await Promise.all(this.ensureWorkers().map((worker) => worker.ready));
    return 1 + started.filter(Boolean).length;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    await this.session.release();
  }
}

/**
 * An embedder over a static model folder, or undefined when the folder is not a word-level model that pools in
 * its graph (then the transformers.js path serves it). `tokenizer`: the folder's, when the caller has read it.
 */
export async function createStaticEmbedder(options: StaticEmbedderOptions, tokenizer?: WordLevelTokenizer): Promise<StaticEmbedder | undefined> {
  const { folder, maxLength, batchSize } = options;
  const session = await StaticSession.open({ folder, maxLength, batchSize }, tokenizer);
  if (!session) return undefined;
  const script = options.threads > 1 ? workerScript(__dirname, 'tokenizerWorker') : undefined;
  const startWorkers = () => (script ? Array.from({ length: options.threads - 1 }, () => new TokenizerWorker(script, { folder, maxLength, batchSize })) : []);
  return new StaticEmbedder(options.modelId, options.capabilities, session, batchSize, startWorkers);
}
