/**
 * When an incremental update runs, and how its outcome is described. Pure (no `vscode`): timers are the only
 * outside dependency, so the tests drive them with node:test's mock timers.
 */
import type { IncrementalUpdate } from '../../core/result';

/**
 * Where a DebouncedRunner stands: nothing to do; changes waiting out the quiet period; work running; or changes
 * held back because `canRun()` said no when the quiet period ended (they wait for `resume()`).
 */
export type RunnerState = 'idle' | 'waiting' | 'running' | 'held';

/**
 * Runs `work` once notifications have been quiet for `delayMs`. A notification while `work` runs, or while
 * `canRun()` says no (a full run in progress, the setting off…), is kept and acted on afterwards: after the
 * running work ends, or when the caller calls `resume()` because the obstacle went away.
 */
export class DebouncedRunner {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending = false;
  private running = false;
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly canRun: () => boolean,
    private readonly work: () => Promise<void>,
    /** Called when the quiet period ended but `canRun()` said no: the changes are held. */
    private readonly onHeld: () => void = () => undefined,
  ) {}

  get state(): RunnerState {
    if (this.running) return 'running';
    if (!this.pending) return 'idle';
    return this.timer === undefined ? 'held' : 'waiting';
  }

  /** Something changed: run after the next quiet period. */
  notify(): void {
    this.pending = true;
    this.schedule();
  }

  /** Whatever kept the work from running is gone: run if a notification is waiting. */
  resume(): void {
    if (this.pending && !this.running) this.schedule();
  }

  /** Forgets waiting notifications (a full run reads every file anyway). */
  clear(): void {
    this.pending = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  get isWaiting(): boolean {
    return this.pending;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private schedule(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fire(), this.delayMs);
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    // Still pending: the running work's end, or resume(), schedules it again.
    if (this.running) return;
    if (!this.canRun()) {
      this.onHeld();
      return;
    }
    this.pending = false;
    this.running = true;
    try {
      await this.work();
    } finally {
      this.running = false;
      if (this.pending) this.schedule();
    }
  }

  /** Stops for good: notifications afterwards are ignored. */
  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}

/** Documents added, changed and removed by one update (the core counts each update on its own). */
export function changeCount(update: IncrementalUpdate): number {
  return update.added + update.changed + update.removed;
}

/** The counts of successive updates since the full run: `since` is the previous result's, `step` the new one's. */
export function sinceFullRun(since: IncrementalUpdate | undefined, step: IncrementalUpdate): IncrementalUpdate {
  if (!since) return step;
  return { ...step, added: since.added + step.added, changed: since.changed + step.changed, removed: since.removed + step.removed };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "Updated incrementally · 3 changes since the full run" (the tree's message and the map's header). */
export function incrementalSummary(update: IncrementalUpdate): string {
  return `Updated incrementally · ${plural(changeCount(update), 'change')} since the full run`;
}

/** "2 added, 1 changed, 0 removed", for the log. */
export function changeDetail(update: IncrementalUpdate): string {
  return `${update.added} added, ${update.changed} changed, ${update.removed} removed`;
}

/** What the file watchers reported since the last update (URI strings). */
export interface FileEvents {
  /** Files created or changed. */
  readonly changed: readonly string[];
  /** Files or folders deleted. */
  readonly removed: readonly string[];
  /** Something no single file explains (a folder appeared, include rules changed…): look at the whole folder. */
  readonly rescan: boolean;
}

/** Collects file events between updates; the latest event of a file wins (deleted, then created again: changed). */
export class FileEventSet {
  private changed = new Set<string>();
  private removed = new Set<string>();
  private rescan = false;

  fileChanged(uri: string): void {
    this.removed.delete(uri);
    this.changed.add(uri);
  }

  fileRemoved(uri: string): void {
    this.changed.delete(uri);
    this.removed.add(uri);
  }

  needsRescan(): void {
    this.rescan = true;
  }

  get isEmpty(): boolean {
    return !this.rescan && this.changed.size === 0 && this.removed.size === 0;
  }

  /** The events so far; the set starts empty again. */
  take(): FileEvents {
    const events = { changed: [...this.changed], removed: [...this.removed], rescan: this.rescan };
    this.clear();
    return events;
  }

  /** Puts back events an update took but did not apply (it was superseded); newer events of a file win. */
  restore(events: FileEvents): void {
    for (const uri of events.changed) if (!this.removed.has(uri)) this.changed.add(uri);
    for (const uri of events.removed) if (!this.changed.has(uri)) this.removed.add(uri);
    this.rescan ||= events.rescan;
  }

  clear(): void {
    this.changed = new Set();
    this.removed = new Set();
    this.rescan = false;
  }
}
