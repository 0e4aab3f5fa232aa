/** Progress reporting and cancellation shared by every pipeline stage. */

export type StageName = 'read' | 'embed' | 'umap' | 'cluster' | 'represent' | 'map' | 'audit';

/** What each stage is called in progress bars (CLI and editor alike). */
export const STAGE_TITLES: Readonly<Record<StageName, string>> = {
  read: 'Reading documents',
  embed: 'Embedding documents',
  umap: 'Reducing dimensions (UMAP)',
  cluster: 'Clustering (HDBSCAN)',
  represent: 'Finding topic words (c-TF-IDF)',
  map: 'Laying out the map',
  audit: 'Auditing the documentation',
};

export interface ProgressEvent {
  readonly stage: StageName;
  /** Units of work finished in this stage (batches, epochs, files…). */
  readonly done: number;
  readonly total: number;
  readonly message?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** What every long-running step accepts: an abort signal and a progress callback. */
export interface RunControl {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Something worth a line in the log that does not stop the run (e.g. damaged cache entries, recomputed). */
  readonly onNotice?: (message: string) => void;
}

/** Raised when a run is cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Lets the event loop deliver an abort (or a worker message) between chunks of synchronous work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Synchronous work a `Pacer` runs between yields: short enough that a cancel — and in the editor's worker, the
 * update waiting for it — is heard at once, long enough that yielding costs nothing measurable.
 */
export const PACE_MS = 20;

/** Asks of `Pacer.due` between two clock reads, at most: bounds how late it may answer. */
const MAX_ASKS_PER_READ = 64;
/** A `Pacer` reads the clock about this often (ms): a read costs ~50 ns, more than the work between some asks. */
const CLOCK_READ_MS = 0.5;

/** Yields to the event loop (then throws if the run was aborted) once `budgetMs` of work have passed since the last yield. */
export class Pacer {
  private last: number;
  private lastRead: number;
  /** Asks between clock reads: doubled while asks come fast, halved when they come slowly. */
  private asksPerRead = 1;
  private asksLeft = 1;

  constructor(
    private readonly control: RunControl,
    private readonly budgetMs = PACE_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.last = this.lastRead = clock();
  }

  /**
   * Whether it is time to yield (cheap enough to ask once per document, pair or bucket). It reads the clock once
   * every few asks, so it may answer a few asks late: at most MAX_ASKS_PER_READ, about CLOCK_READ_MS of work.
   */
  get due(): boolean {
    if (--this.asksLeft > 0) return false;
    const now = this.clock();
    const sinceRead = now - this.lastRead;
    if (sinceRead < CLOCK_READ_MS / 2) this.asksPerRead = Math.min(2 * this.asksPerRead, MAX_ASKS_PER_READ);
    else if (sinceRead > CLOCK_READ_MS) this.asksPerRead = Math.max(1, this.asksPerRead >> 1);
    this.asksLeft = this.asksPerRead;
    this.lastRead = now;
    return now - this.last >= this.budgetMs;
  }

  async pause(): Promise<void> {
    await yieldToEventLoop();
    throwIfAborted(this.control.signal);
    this.last = this.lastRead = this.clock();
    this.asksLeft = 1;
  }
}
