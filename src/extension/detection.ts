/**
 * One run at a time: a full run (`runs/detectRun.ts`) or a merge (`runs/mergeRun.ts`) under a cancellable progress
 * notification, and incremental updates (`updates/updateRun.ts`) that any run supersedes. A cancelled or failed
 * run leaves the previous result as it was. The worker of the last full run or update is kept for the next update,
 * and audits its result once the topics are shown (`audit/backgroundAudit.ts`); a new run or update supersedes the
 * audit, a merge waits for it (so the findings carry over to the merged topics).
 */
import * as vscode from 'vscode';
import { BackgroundAudit } from './audit/backgroundAudit';
import { folderLabel } from './folders';
import type { ModelManager } from './models';
import type { ResultStore } from './resultStore';
import { detectFolder } from './runs/detectRun';
import { mergeSelectedTopics } from './runs/mergeRun';
import type { RunDeps, RunOptions, RunOutcome } from './runs/runDeps';
import { StageProgress } from './runs/stageProgress';
import { updateResult, type UpdateOutcome } from './updates/updateRun';
import type { FileEvents } from './updates/updateScheduler';
import { KeptWorker, type WorkerLaunch } from './workerHost';

export class Detection implements vscode.Disposable {
  private running: vscode.CancellationTokenSource | undefined;
  private updating: vscode.CancellationTokenSource | undefined;
  private readonly runningChanged = new vscode.EventEmitter<boolean>();
  /** Fires when a full run or a merge starts (true) and ends (false); incremental updates do not count. */
  readonly onDidChangeRunning = this.runningChanged.event;
  private readonly updatingChanged = new vscode.EventEmitter<boolean>();
  /** Fires when an incremental update starts (true) and ends (false). */
  readonly onDidChangeUpdating = this.updatingChanged.event;
  private readonly fullRunStarting = new vscode.EventEmitter<void>();
  /** A full run is about to read the folder: changes seen until now will be in its result. */
  readonly onWillDetect = this.fullRunStarting.event;
  private readonly deps: RunDeps;
  /** The audit of the current result, after its topics. */
  readonly audits: BackgroundAudit;

  constructor(store: ResultStore, models: ModelManager, log: vscode.LogOutputChannel, workerLaunch: (options: RunOptions) => WorkerLaunch) {
    this.deps = { store, models, log, keptWorker: new KeptWorker(), workerLaunch };
    this.audits = new BackgroundAudit(this.deps);
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  cancel(): void {
    this.running?.cancel();
  }

  dispose(): void {
    this.cancel();
    this.updating?.cancel();
    this.audits.dispose();
    this.deps.keptWorker.dispose();
    this.runningChanged.dispose();
    this.updatingChanged.dispose();
    this.fullRunStarting.dispose();
  }

  /** Detects the topics of a folder and stores the result; its audit follows (`audits`). */
  async detect(folder: vscode.Uri, options: RunOptions = {}): Promise<RunOutcome> {
    const outcome = await this.exclusive(`Detecting topics in ${folderLabel(folder)}`, true, async (progress, token) => {
      this.fullRunStarting.fire();
      // The audit of the old result is of no use now, and its worker goes: this run has one of its own, kept after it.
      await this.audits.supersede();
      this.deps.keptWorker.clear();
      return detectFolder(this.deps, folder, options, progress, token);
    });
    if (outcome.status === 'completed') this.audits.start();
    return outcome;
  }

  /** Merges topics of the current result into one and recomputes every topic's words. */
  merge(topicIds: readonly number[], options: RunOptions = {}): Promise<RunOutcome> {
    return this.exclusive('Merging topics', false, async (progress, token) => {
      // The merge derives its findings from the current ones: an audit on its way is waited for.
      await this.audits.settled();
      return mergeSelectedTopics(this.deps, topicIds, options, progress, token);
    });
  }

  /**
   * Brings the current result up to date with the files the watchers reported without re-fitting (new and changed
   * documents join the nearest topic; topic ids, and so custom labels, stay). A full run or merge starting
   * meanwhile supersedes it.
   */
  async update(events: FileEvents): Promise<UpdateOutcome> {
    if (!this.deps.store.current || !this.deps.store.sourceUri()) return { status: 'needsFullRun', reason: 'There are no topics to update.' };
    if (this.running || this.updating) return { status: 'superseded' };
    const source = new vscode.CancellationTokenSource();
    this.updating = source;
    this.updatingChanged.fire(true);
    try {
      // The update needs the kept worker, and makes the findings of the audit under way out of date.
      await this.audits.supersede();
      const previous = this.deps.store.current;
      const folder = this.deps.store.sourceUri();
      if (!previous || !folder || source.token.isCancellationRequested) return { status: 'superseded' };
      // The Topics view says so in its message (see ExtensionContext): a busy bar is an endless animation, which
      // a browser without a GPU (code-server's) paints on the cores the update needs.
      return await updateResult(this.deps, previous, folder, events, source.token);
    } finally {
      source.dispose();
      this.updating = undefined;
      this.updatingChanged.fire(false);
      // The topics are shown: the findings follow (also those of a result whose audit this update cancelled).
      if (!this.running) this.audits.start();
    }
  }

  private async exclusive(
    title: string,
    loadsModel: boolean,
    work: (progress: StageProgress, token: vscode.CancellationToken) => Promise<RunOutcome>,
  ): Promise<RunOutcome> {
    if (this.running) {
      void vscode.window.showInformationMessage('Topic Lens is already detecting topics.', 'Cancel It').then((answer) => {
        if (answer) this.cancel();
      });
      return { status: 'busy' };
    }
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    // An incremental update would be overtaken by this run's result anyway.
    this.updating?.cancel();
    this.runningChanged.fire(true);
    try {
      const run = vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Topic Lens: ${title}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => source.cancel());
          return work(new StageProgress(progress, loadsModel), source.token);
        },
      );
      // The Topics view's message says so too, for when the notification is hidden (no busy bar: see update).
      return await run;
    } finally {
      source.dispose();
      this.running = undefined;
      this.runningChanged.fire(false);
    }
  }
}
