/**
 * One run at a time: find files → read them → the worker's pipeline → the stored result, under a cancellable
 * progress notification. A cancelled or failed run leaves the previous result as it was.
 */
import type { ResourceLimits } from 'node:worker_threads';
import * as vscode from 'vscode';
import { STAGE_TITLES, type ProgressEvent, type StageName } from '../core/control';
import type { TopicLensResult } from '../core/result';
import type { FailureStage, FileBytes, WorkerTask } from '../protocol/worker';
import { TREE_VIEW_ID } from './topicTree';
import { BUNDLED_MODEL, readSettings, resultFingerprint } from './config';
import { discoverFiles } from './discovery';
import { folderLabel } from './folders';
import { describeEmbedding, isBundled, type ModelManager } from './models';
import { readFiles } from './readFiles';
import type { ResultStore } from './resultStore';
import { changeCount, changeDetail, sinceFullRun } from './updateScheduler';
import { KeptWorker, runInWorker, type WorkerLaunch, type WorkerOutcome } from './workerHost';

/** What an incremental update did (see `Detection.update`). */
export type UpdateOutcome =
  | { readonly status: 'updated'; readonly result: TopicLensResult }
  /** The files hold the same documents as the result: nothing was replaced. */
  | { readonly status: 'unchanged' }
  /** A full run or merge started, or replaced the result, meanwhile: the update was dropped. */
  | { readonly status: 'superseded' }
  /** The result cannot be updated (its folder is gone, the settings changed…): only a full run helps. */
  | { readonly status: 'needsFullRun'; readonly reason: string }
  | { readonly status: 'failed'; readonly message: string };

export type RunOutcome =
  | { readonly status: 'completed'; readonly result: TopicLensResult }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly message: string; readonly stage: FailureStage | null }
  /** Another run was in progress; nothing was started. */
  | { readonly status: 'busy' };

/** Test seams: another worker script (e.g. one that crashes) or tighter memory limits. */
export interface RunOptions {
  readonly workerScript?: vscode.Uri;
  readonly resourceLimits?: ResourceLimits;
}

type ProgressStage = 'find' | StageName;

/** Skipped files listed one by one in the log; beyond that only counted. */
const LOGGED_SKIPS = 500;

/** Share of the progress bar per stage, roughly their share of a typical run's time. */
const STAGES: readonly { readonly stage: ProgressStage; readonly title: string; readonly weight: number }[] = [
  { stage: 'find', title: 'Finding files', weight: 2 },
  { stage: 'read', title: STAGE_TITLES.read, weight: 8 },
  { stage: 'embed', title: STAGE_TITLES.embed, weight: 45 },
  { stage: 'umap', title: STAGE_TITLES.umap, weight: 25 },
  { stage: 'cluster', title: STAGE_TITLES.cluster, weight: 5 },
  { stage: 'represent', title: STAGE_TITLES.represent, weight: 8 },
  { stage: 'map', title: STAGE_TITLES.map, weight: 7 },
];

/** Turns stage events into one monotonic percentage for `withProgress` (which only takes increments). */
class StageProgress {
  private reported = 0;
  constructor(
    private readonly progress: vscode.Progress<{ message?: string; increment?: number }>,
    /** The worker loads the embedding model after reading (detection does, merging does not). */
    private readonly loadsModel: boolean,
  ) {}

  update(stage: ProgressStage, done: number, total: number, detail?: string): void {
    const index = STAGES.findIndex((s) => s.stage === stage);
    const before = STAGES.slice(0, index).reduce((sum, s) => sum + s.weight, 0);
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const percent = Math.max(this.reported, before + STAGES[index].weight * fraction);
    const increment = percent - this.reported;
    this.reported = percent;
    // Between reading and the first embedding batch the model loads: say so rather than look stuck.
    const title = this.loadsModel && stage === 'read' && done >= total ? 'Loading the embedding model' : STAGES[index].title;
    this.progress.report({ message: `${title}… ${Math.floor(percent)}%${detail ? ` (${detail})` : ''}`, increment });
  }
}

export class Detection implements vscode.Disposable {
  private running: vscode.CancellationTokenSource | undefined;
  private updating: vscode.CancellationTokenSource | undefined;
  private readonly runningChanged = new vscode.EventEmitter<boolean>();
  /** Fires when a full run or a merge starts (true) and ends (false); incremental updates do not count. */
  readonly onDidChangeRunning = this.runningChanged.event;
  private readonly fullRunStarting = new vscode.EventEmitter<void>();
  /** A full run is about to read the folder: changes seen until now will be in its result. */
  readonly onWillDetect = this.fullRunStarting.event;
  /** The worker of the last full run or update, with the model and word counts the next update reuses. */
  private readonly keptWorker = new KeptWorker();

  constructor(
    private readonly store: ResultStore,
    private readonly models: ModelManager,
    private readonly log: vscode.LogOutputChannel,
    private readonly workerLaunch: (options: RunOptions) => WorkerLaunch,
  ) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  cancel(): void {
    this.running?.cancel();
  }

  dispose(): void {
    this.cancel();
    this.updating?.cancel();
    this.keptWorker.dispose();
    this.runningChanged.dispose();
    this.fullRunStarting.dispose();
  }

  /** Detects the topics of a folder and stores the result. */
  detect(folder: vscode.Uri, options: RunOptions = {}): Promise<RunOutcome> {
    return this.exclusive(`Detecting topics in ${folderLabel(folder)}`, true, (progress, token) => this.runDetect(folder, options, progress, token));
  }

  /** Merges topics of the current result into one and recomputes every topic's words. */
  merge(topicIds: readonly number[], options: RunOptions = {}): Promise<RunOutcome> {
    return this.exclusive('Merging topics', false, (progress, token) => this.runMerge(topicIds, options, progress, token));
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
      // The Topics view shows a busy bar too, so the run is visible when the notification is hidden.
      void vscode.window.withProgress({ location: { viewId: TREE_VIEW_ID } }, () => run);
      return await run;
    } finally {
      source.dispose();
      this.running = undefined;
      this.runningChanged.fire(false);
    }
  }

  private async runDetect(folder: vscode.Uri, options: RunOptions, progress: StageProgress, token: vscode.CancellationToken): Promise<RunOutcome> {
    const started = Date.now();
    const { settings, problems } = readSettings(folder);
    this.reportSettingProblems(problems);
    this.log.info(`Detecting topics in ${folder.toString(true)} (unit ${settings.parameters.unit}).`);
    this.fullRunStarting.fire();
    // This run has a worker of its own, kept after it; the old one would only hold memory meanwhile.
    this.keptWorker.clear();
    try {
      progress.update('find', 0, 1);
      const found = await discoverFiles(folder, settings, token);
      this.log.info(`${found.matched} files match topicLens.include (${found.ignored} more excluded by exclude settings or .gitignore).`);
      if (found.limitHit) this.reportFileLimit(settings.maxFiles);
      if (found.files.length === 0) return this.noFiles(folder);

      const read = await readFiles(folder, found.files, settings.maxFileBytes, token, (done, total) => progress.update('read', done, total));
      const choice = await this.models.choose(settings);
      if (choice.note) {
        this.log.warn(choice.note);
        void vscode.window.showWarningMessage(choice.note);
      }
      this.log.info(`Embedding with ${describeEmbedding(choice.embedding)}.`);
      const task = (model = choice.embedding): WorkerTask => ({
        type: 'detect',
        source: folder.toString(),
        files: read.files,
        skipped: read.skipped,
        maxFileBytes: settings.maxFileBytes,
        options: { parameters: settings.parameters, embedding: model },
      });
      let outcome = await this.inWorker(task(), options, progress, token);
      let usedBundledModel = isBundled(choice.embedding);
      if (outcome.kind === 'failed' && outcome.stage === 'model' && !usedBundledModel) {
        const message = `Topic Lens could not use ${describeEmbedding(choice.embedding)} (${outcome.message}). Using the bundled model instead.`;
        this.log.warn(message);
        void vscode.window.showWarningMessage(message, 'Show Log').then((answer) => answer && this.log.show());
        outcome = await this.inWorker(task((await this.models.choose(settings, BUNDLED_MODEL)).embedding), options, progress, token);
        usedBundledModel = true;
      }
      if (outcome.kind !== 'result') return this.unfinished(outcome, 'Topic detection');

      await this.store.setResult(outcome.result, { settings: resultFingerprint(settings), usedBundledModel });
      this.logResult(outcome.result, (Date.now() - started) / 1000, read.files);
      this.models.offerBetterModel(settings);
      return { status: 'completed', result: outcome.result };
    } catch (error) {
      if (error instanceof vscode.CancellationError || token.isCancellationRequested) return this.unfinished({ kind: 'cancelled' }, 'Topic detection');
      return this.unfinished({ kind: 'failed', stage: null, message: error instanceof Error ? error.message : String(error) }, 'Topic detection');
    }
  }

  /**
   * Brings the current result up to date with its folder's files without re-fitting (new and changed documents
   * join the nearest topic; topic ids, and so custom labels, stay). Quiet: no notification, no dialog; the
   * caller decides what to tell. A full run or merge starting meanwhile supersedes it.
   */
  async update(): Promise<UpdateOutcome> {
    const previous = this.store.current;
    const folder = this.store.sourceUri();
    if (!previous || !folder) return { status: 'needsFullRun', reason: 'There are no topics to update.' };
    if (this.running || this.updating) return { status: 'superseded' };
    const source = new vscode.CancellationTokenSource();
    this.updating = source;
    try {
      const work = this.runUpdate(previous, folder, source.token);
      // The Topics view's busy bar: visible, but never in the way.
      void vscode.window.withProgress({ location: { viewId: TREE_VIEW_ID } }, () => work);
      return await work;
    } finally {
      source.dispose();
      this.updating = undefined;
    }
  }

  private async runUpdate(previous: TopicLensResult, folder: vscode.Uri, token: vscode.CancellationToken): Promise<UpdateOutcome> {
    const started = Date.now();
    const { settings } = readSettings(folder);
    const fullRun = this.store.fullRun;
    if (fullRun && fullRun.settings !== resultFingerprint(settings)) {
      return { status: 'needsFullRun', reason: 'Settings (or the embedding model) changed since the last full run.' };
    }
    if (!(await folderExists(folder))) return { status: 'needsFullRun', reason: `The folder ${folderLabel(folder)} no longer exists.` };
    try {
      // The same files, excludes and unsaved editors as a full run; reading is fast, embedding hits the cache.
      const found = await discoverFiles(folder, settings, token);
      if (found.files.length === 0) return { status: 'needsFullRun', reason: `No file of ${folderLabel(folder)} matches topicLens.include anymore.` };
      const read = await readFiles(folder, found.files, settings.maxFileBytes, token, () => undefined);
      const { embedding } = await this.models.choose(settings, fullRun?.usedBundledModel ? BUNDLED_MODEL : undefined);
      const task: WorkerTask = { type: 'update', previous, files: read.files, skipped: read.skipped, maxFileBytes: settings.maxFileBytes, embedding };
      const outcome = await runInWorker(this.workerLaunch({}), task, token, { onLog: (message) => this.log.info(message) }, { keeper: this.keptWorker, take: true, keep: true });
      if (outcome.kind === 'cancelled' || token.isCancellationRequested) return { status: 'superseded' };
      if (outcome.kind === 'failed') {
        if (outcome.detail) this.log.error(outcome.detail);
        return { status: 'failed', message: outcome.message };
      }
      if (outcome.kind !== 'result' || !outcome.result.incremental) return { status: 'failed', message: `Unexpected answer from the worker: ${outcome.kind}` };
      // A full run or a merge that finished meanwhile wins: this update was computed from what it replaced.
      if (this.store.current !== previous) return { status: 'superseded' };
      const step = outcome.result.incremental;
      if (changeCount(step) === 0) return { status: 'unchanged' };
      const since = sinceFullRun(previous.incremental, step);
      const result: TopicLensResult = { ...outcome.result, incremental: since };
      await this.store.replace(result, this.store.customLabels);
      this.log.info(
        `Updated incrementally in ${((Date.now() - started) / 1000).toFixed(2)} s (in the worker ${step.seconds.toFixed(2)} s): ` +
          `${changeDetail(step)} documents, ${changeCount(since)} changes since the full run. Refresh (Detect Topics) re-fits the topics.`,
      );
      return { status: 'updated', result };
    } catch (error) {
      if (error instanceof vscode.CancellationError || token.isCancellationRequested) return { status: 'superseded' };
      return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async runMerge(topicIds: readonly number[], options: RunOptions, progress: StageProgress, token: vscode.CancellationToken): Promise<RunOutcome> {
    const result = this.store.current;
    const root = this.store.sourceUri();
    if (!result || !root) return { status: 'failed', message: 'There is no result to merge topics in.', stage: 'merge' };
    const ids = [...new Set(topicIds)].filter((id) => id >= 0);
    if (ids.length < 2) return { status: 'failed', message: 'Select at least two topics (not "Unassigned") to merge.', stage: 'merge' };
    try {
      const paths = [...new Set(result.documents.filter((d) => d.topic !== -2).map((d) => d.path))];
      const uris = paths.map((p) => vscode.Uri.joinPath(root, ...p.split('/')));
      const read = await readFiles(root, uris, Number.MAX_SAFE_INTEGER, token, (done, total) => progress.update('read', done, total));
      if (read.skipped.length > 0) this.log.warn(`${read.skipped.length} files could not be read again; their documents keep their snippets.`);
      progress.update('represent', 0, 1);
      // The full run's model embeds the merged topics' words, as it embedded theirs.
      const { embedding } = await this.models.choose(readSettings(root).settings, this.store.fullRun?.usedBundledModel ? BUNDLED_MODEL : undefined);
      const outcome = await this.inWorker({ type: 'merge', result, files: read.files, topics: ids, embedding }, options, progress, token);
      if (outcome.kind !== 'merged') return this.unfinished(outcome, 'Merging topics');
      // Labels follow their topics' new ids; the merged topic keeps the label of its largest labelled part.
      const labels = new Map<number, string>();
      for (const topic of [...result.topics].sort((a, b) => b.count - a.count)) {
        const label = this.store.customLabels.get(topic.id);
        const newId = outcome.newIds.get(topic.id);
        if (label !== undefined && newId !== undefined && !labels.has(newId)) labels.set(newId, label);
      }
      await this.store.replace(outcome.result, labels);
      this.log.info(`Merged topics ${ids.join(', ')} into topic ${outcome.newIds.get(Math.min(...ids))}.`);
      return { status: 'completed', result: outcome.result };
    } catch (error) {
      if (error instanceof vscode.CancellationError || token.isCancellationRequested) return this.unfinished({ kind: 'cancelled' }, 'Merging topics');
      return this.unfinished({ kind: 'failed', stage: 'merge', message: error instanceof Error ? error.message : String(error) }, 'Merging topics');
    }
  }

  private inWorker(task: WorkerTask, options: RunOptions, progress: StageProgress, token: vscode.CancellationToken): Promise<WorkerOutcome> {
    // A full run's worker stays for the updates after it (not one started through a test seam).
    const keep = task.type === 'detect' && !options.workerScript && !options.resourceLimits;
    return runInWorker(
      this.workerLaunch(options),
      task,
      token,
      {
        onProgress: (event: ProgressEvent) => progress.update(event.stage, event.done, event.total, event.message),
        onLog: (message) => this.log.info(message),
      },
      { keeper: this.keptWorker, keep },
    );
  }

  /** Cancelled or failed: log it, tell the user once (with the log one click away), keep the old result. */
  private unfinished(outcome: WorkerOutcome, what: string): RunOutcome {
    if (outcome.kind === 'cancelled') {
      this.log.info(`${what} was cancelled; the previous result is kept.`);
      return { status: 'cancelled' };
    }
    if (outcome.kind !== 'failed') return { status: 'failed', message: `Unexpected answer from the worker: ${outcome.kind}`, stage: null };
    this.log.error(`${what} failed${outcome.stage ? ` in stage "${outcome.stage}"` : ''}: ${outcome.message}`);
    if (outcome.detail) this.log.error(outcome.detail);
    void vscode.window.showErrorMessage(`Topic Lens: ${outcome.message}`, 'Show Log').then((answer) => answer && this.log.show());
    return { status: 'failed', message: outcome.message, stage: outcome.stage };
  }

  private noFiles(folder: vscode.Uri): RunOutcome {
    const message = `No files in ${folderLabel(folder)} match topicLens.include (after exclude settings and .gitignore).`;
    this.log.warn(message);
    void vscode.window.showInformationMessage(`Topic Lens: ${message}`, 'Open Settings').then((answer) => {
      if (answer) void vscode.commands.executeCommand('workbench.action.openSettings', 'topicLens.include');
    });
    return { status: 'failed', message, stage: 'read' };
  }

  private reportFileLimit(maxFiles: number): void {
    const message = `Topic Lens found more than ${maxFiles} matching files and analyses the first ${maxFiles} (in path order). Raise topicLens.maxFiles or narrow topicLens.include.`;
    this.log.warn(message);
    void vscode.window.showWarningMessage(message, 'Open Settings').then((answer) => {
      if (answer) void vscode.commands.executeCommand('workbench.action.openSettings', 'topicLens.maxFiles');
    });
  }

  private reportSettingProblems(problems: readonly string[]): void {
    if (problems.length === 0) return;
    for (const problem of problems) this.log.warn(problem);
    void vscode.window.showWarningMessage(`Topic Lens: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, 'Show Log').then((answer) => answer && this.log.show());
  }

  private logResult(result: TopicLensResult, seconds: number, files: readonly FileBytes[]): void {
    const topics = result.topics.filter((t) => t.id >= 0).length;
    const outliers = result.documents.filter((d) => d.topic === -1).length;
    this.log.info(
      `${topics} topics in ${result.documents.length} documents from ${files.length} files (${outliers} outliers), model ${result.model.id}, ${seconds.toFixed(1)} s.`,
    );
    this.log.info(`Stage timings: ${result.timings.map((t) => `${t.stage} ${t.seconds.toFixed(2)} s`).join(', ')}.`);
    if (result.skipped.length > 0) {
      this.log.info(`Skipped ${result.skipped.length} files:`);
      for (const skip of result.skipped.slice(0, LOGGED_SKIPS)) this.log.info(`  ${skip.path} — ${skip.reason}: ${skip.detail}`);
      if (result.skipped.length > LOGGED_SKIPS) this.log.info(`  … and ${result.skipped.length - LOGGED_SKIPS} more (see an exported report).`);
    }
    vscode.window.setStatusBarMessage(`Topic Lens: ${topics} topics in ${result.documents.length} documents`, 5000);
  }
}

async function folderExists(folder: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(folder)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
