/**
 * Keeps the current result up to date while files change: file watchers over the include globs of the result's
 * folder notify a debounced runner, which asks `Detection.update` for an incremental update once changes have
 * been quiet for a moment. Never during a full run or a merge (changes meanwhile wait for its end), never on a
 * result whose settings changed. A problem pauses the updates until the next full run and is shown once.
 */
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { Detection } from '../detection';
import { excludedFileFilter } from '../discovery';
import { relativeUriPath } from '../excludes';
import type { ResultStore } from '../resultStore';
import type { StoredResult } from '../storedResult';
import type { UpdateOutcome } from './updateRun';
import { DebouncedRunner, FileEventSet, type FileEvents, type RunnerState } from './updateScheduler';

/**
 * Quiet time after the last file change before an update starts. Editors save several files within a few
 * milliseconds, a checkout writes hundreds within tens; an update that starts meanwhile is followed by another
 * (the runner keeps the events that arrive while one runs), so this only needs to cover one burst, not to wait for
 * a person to stop typing.
 */
export const UPDATE_DEBOUNCE_MS = 300;

/** What became of file changes once they were quiet: an update ran (and how it ended), or they are held back. */
export type UpdateDecision =
  | { readonly kind: 'ran'; readonly outcome: UpdateOutcome['status'] }
  /** Updates cannot run now (a full run or merge, changed settings, paused): the changes wait. */
  | { readonly kind: 'held' };

export interface UpdateState {
  /** File watchers are on (a result to keep up to date, and the setting on). */
  readonly watching: boolean;
  readonly scheduler: RunnerState;
}

export class IncrementalUpdates implements vscode.Disposable {
  private readonly runner: DebouncedRunner;
  private readonly events = new FileEventSet();
  private watchers: vscode.Disposable[] = [];
  /** What the watchers were made for (folder and include globs), so unrelated result changes keep them. */
  private watched: string | undefined;
  /** Updates are paused for the full run that made this result (`createdAt`), for `reason`. */
  private paused: { readonly fullRun: string; readonly reason: string } | undefined;
  private readonly stateChanged = new vscode.EventEmitter<void>();
  /** Fires when updates pause (the tree's message says why); a new full run's result resumes them. */
  readonly onDidChangeState = this.stateChanged.event;
  private readonly decided = new vscode.EventEmitter<UpdateDecision>();
  /** Fires each time quiet file changes were acted on: an update ran, or they were held back. */
  readonly onDidDecide = this.decided.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: ResultStore,
    private readonly detection: Detection,
    private readonly log: vscode.LogOutputChannel,
    /** Result-changing settings were edited since the result's full run (the context asks to re-run). */
    private readonly isStale: () => boolean,
  ) {
    this.runner = new DebouncedRunner(
      UPDATE_DEBOUNCE_MS,
      () => this.canRun(),
      () => this.runUpdate(),
      () => this.decided.fire({ kind: 'held' }),
    );
    this.disposables.push(
      store.onDidChange(() => this.watch()),
      // A full run reads every file: what changed before it started is in its result.
      detection.onWillDetect(() => {
        this.runner.clear();
        this.events.clear();
      }),
      detection.onDidChangeRunning((running) => {
        if (!running) this.runner.resume();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watch()),
      vscode.workspace.onDidChangeConfiguration((event) => this.onSettingsChanged(event)),
    );
    this.watch();
  }

  get state(): UpdateState {
    return { watching: this.watchers.length > 0, scheduler: this.runner.state };
  }

  /** Why updates are paused, while they are. */
  get pausedReason(): string | undefined {
    return this.paused && this.paused.fullRun === this.store.current?.meta.createdAt ? this.paused.reason : undefined;
  }

  private enabled(): boolean {
    const source = this.store.sourceUri();
    return source !== undefined && readSettings(source).settings.incremental;
  }

  private canRun(): boolean {
    return this.enabled() && !this.detection.isRunning && !this.isStale() && this.pausedReason === undefined;
  }

  private onSettingsChanged(event: vscode.ConfigurationChangeEvent): void {
    if (event.affectsConfiguration('topicLens.incremental.enabled')) {
      this.watch(true);
      // Switched on: catch up with whatever changed while it was off.
      if (this.enabled()) {
        this.events.needsRescan();
        this.runner.notify();
      } else {
        this.runner.clear();
        this.events.clear();
      }
    } else if (['topicLens.include', 'files.exclude', 'search.exclude'].some((key) => event.affectsConfiguration(key))) {
      this.watch(true);
    }
  }

  /**
   * (Re)creates the watchers for the current result's folder, or removes them when there is nothing to watch (or
   * updates are off). Without `renew`, watchers made for the same folder and include globs are kept.
   */
  private watch(renew = false): void {
    const root = this.store.sourceUri();
    const settings = root && this.enabled() ? readSettings(root).settings : undefined;
    const key = root && settings ? JSON.stringify([root.toString(), settings.include]) : undefined;
    if (key === this.watched && !renew) return;
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    this.watched = key;
    if (!root || !settings) return;

    const isExcluded = excludedFileFilter(root);
    const onFile = (uri: vscode.Uri, removed = false) => {
      if (isExcluded(uri)) return;
      if (removed) this.events.fileRemoved(uri.toString());
      else this.events.fileChanged(uri.toString());
      this.runner.notify();
    };
    for (const glob of settings.include) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, glob));
      this.watchers.push(
        watcher,
        watcher.onDidCreate((uri) => onFile(uri)),
        watcher.onDidChange((uri) => onFile(uri)),
        watcher.onDidDelete((uri) => onFile(uri, true)),
      );
    }
    // Deleting or moving a whole folder is reported for the folder, not for the files in it.
    const folders = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'), false, true, false);
    this.watchers.push(
      folders,
      folders.onDidDelete((uri) => {
        const path = relativeUriPath(root.path, uri.path);
        if (path === undefined || !holdsDocuments(this.store.current, path)) return;
        this.events.fileRemoved(uri.toString());
        this.runner.notify();
      }),
      folders.onDidCreate(async (uri) => {
        if (isExcluded(uri)) return;
        try {
          // A folder moved in reports itself, not its files: look at the whole folder.
          if (!((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory)) return;
          this.events.needsRescan();
          this.runner.notify();
        } catch {
          // Gone again already: nothing to add.
        }
      }),
    );
  }

  private async runUpdate(): Promise<void> {
    const events = this.events.take();
    const outcome = await this.detection.update(events);
    this.report(outcome, events);
    this.decided.fire({ kind: 'ran', outcome: outcome.status });
  }

  private report(outcome: UpdateOutcome, events: FileEvents): void {
    switch (outcome.status) {
      case 'updated':
        return;
      case 'unchanged':
        this.log.debug('Files changed, but not the documents of the result: nothing to update.');
        return;
      case 'superseded':
        // A full run's result holds every change (and clears the events); after a merge they still have to be applied.
        this.events.restore(events);
        this.runner.notify();
        return;
      case 'needsFullRun':
        this.log.warn(`Incremental updates paused: ${outcome.reason} Detect Topics (or Refresh) runs a full re-fit.`);
        this.pause(outcome.reason, 'info', `Topic Lens: ${outcome.reason} Detect topics again to bring the topics up to date.`);
        return;
      case 'failed':
        this.log.error(`The incremental update failed: ${outcome.message}`);
        this.pause(
          `The last update failed (${outcome.message}).`,
          'error',
          `Topic Lens could not update the topics incrementally (${outcome.message}). Updates resume after the next full run.`,
        );
        return;
    }
  }

  /** Pauses until the next full run and tells the user once, in a notification (never a modal dialog). */
  private pause(reason: string, severity: 'info' | 'error', message: string): void {
    const fullRun = this.store.current?.meta.createdAt;
    if (fullRun === undefined || this.pausedReason !== undefined) return;
    this.paused = { fullRun, reason };
    this.stateChanged.fire();
    const shown =
      severity === 'error'
        ? vscode.window.showErrorMessage(message, 'Detect Topics', 'Show Log')
        : vscode.window.showInformationMessage(message, 'Detect Topics');
    void shown.then((answer) => {
      if (answer === 'Detect Topics') void vscode.commands.executeCommand('topicLens.refresh');
      else if (answer === 'Show Log') this.log.show();
    });
  }

  dispose(): void {
    this.runner.dispose();
    for (const watcher of this.watchers) watcher.dispose();
    for (const d of this.disposables) d.dispose();
    this.stateChanged.dispose();
    this.decided.dispose();
  }
}

/** Whether the result has documents at `path` or inside it (a deleted folder). */
function holdsDocuments(result: StoredResult | undefined, path: string): boolean {
  return result?.paths.some((p) => p === path || p.startsWith(`${path}/`)) ?? false;
}
