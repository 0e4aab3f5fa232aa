/**
 * The current result and its custom labels, persisted per workspace: the result as a JSON file in the
 * extension's workspace storage (it can be megabytes, too big for workspaceState), the labels in workspaceState.
 */
import * as vscode from 'vscode';
import type { DocumentResult, TopicLensResult } from '../core/result';
import { checkSavedResult, upgradeSavedResult } from '../core/savedResult';
import { checkStoredLabels, matchLabels, storeLabels, type StoredLabel } from './labels';

const RESULT_FILE = 'last-result.json';
const DAMAGED_RESULT_FILE = 'last-result.damaged.json';
const LABELS_KEY = 'topicLens.labels';
const FULL_RUN_KEY = 'topicLens.fullRun';

/** How the full run behind the current result was made, so incremental updates can make it the same way. */
export interface FullRunInfo {
  /** `resultFingerprint` of the settings it ran with. */
  readonly settings: string;
  /** The bundled model stood in for the configured one (which failed to load). */
  readonly usedBundledModel: boolean;
}

function isFullRunInfo(value: unknown): value is FullRunInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FullRunInfo).settings === 'string' &&
    typeof (value as FullRunInfo).usedBundledModel === 'boolean'
  );
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export class ResultStore implements vscode.Disposable {
  private result: TopicLensResult | undefined;
  private labels = new Map<number, string>();
  private run: FullRunInfo | undefined;
  private readonly changed = new vscode.EventEmitter<TopicLensResult | undefined>();
  /** Fires after the result or a label changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly storageFolder: vscode.Uri | undefined,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): TopicLensResult | undefined {
    return this.result;
  }

  get customLabels(): ReadonlyMap<number, string> {
    return this.labels;
  }

  /** The full run the current result comes from (undefined for results saved by older versions). */
  get fullRun(): FullRunInfo | undefined {
    return this.run;
  }

  /**
   * Loads the last saved result, keeping what is intact of a damaged one (see checkSavedResult). Returns the one
   * message for the user when something was lost; a missing file or an older format just means no result.
   */
  async restore(): Promise<string | undefined> {
    if (!this.storageFolder) return undefined;
    const file = vscode.Uri.joinPath(this.storageFolder, RESULT_FILE);
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      if (error instanceof SyntaxError) return this.setAside(file, `it is not valid JSON, perhaps cut off (${error.message})`);
      this.log.warn(`Could not read the saved result ${file.fsPath}: ${String(error)}`);
      return 'Topic Lens could not read the last topics. Run Detect Topics to find them again.';
    }
    const saved = checkSavedResult(upgradeSavedResult(parsed));
    if (saved.kind === 'other-version') {
      this.log.info('The saved result has an older format; run Detect Topics again.');
      return undefined;
    }
    if (saved.kind === 'damaged') return this.setAside(file, saved.why);

    const labels = checkStoredLabels(this.state.get<unknown>(LABELS_KEY));
    const run = this.state.get<unknown>(FULL_RUN_KEY);
    const runOk = isFullRunInfo(run);
    this.result = saved.result;
    this.labels = matchLabels(labels.labels, saved.result);
    this.run = runOk ? run : undefined;
    this.log.info(`Restored the last result: ${saved.result.topics.filter((t) => t.id >= 0).length} topics from ${saved.result.createdAt}.`);
    this.changed.fire(saved.result);

    const { documents, topics, entries, parts } = saved.dropped;
    const lost = [
      ...(documents > 0 ? [count(documents, 'damaged document')] : []),
      ...(topics > 0 ? [count(topics, 'damaged topic')] : []),
      ...(labels.dropped > 0 ? [count(labels.dropped, 'custom label')] : []),
    ];
    const details = [
      ...(entries > 0 ? [count(entries, 'entry of the report', 'entries of the report')] : []),
      ...parts,
      ...(run !== undefined && !runOk ? ['how the last full run was made'] : []),
    ];
    if (lost.length + details.length === 0) return undefined;
    this.log.warn(`The saved result was damaged; restored it without ${[...lost, ...details].join(', ')}.`);
    const what = lost.length > 0 ? `${lost.join(', ')}${details.length > 0 ? ' and some details (see the log)' : ''}` : 'some details (see the log)';
    return `Topic Lens restored the last topics without ${what}. Run Detect Topics to compute them again.`;
  }

  /** A saved result that cannot be used is moved aside (so it is reported once, and kept for a look). */
  private async setAside(file: vscode.Uri, why: string): Promise<string> {
    const aside = vscode.Uri.joinPath(this.storageFolder!, DAMAGED_RESULT_FILE);
    await vscode.workspace.fs.rename(file, aside, { overwrite: true }).then(
      () => this.log.warn(`The saved result is damaged (${why}); moved it to ${aside.fsPath}.`),
      (error: unknown) => this.log.warn(`The saved result is damaged (${why}) and could not be moved aside: ${String(error)}`),
    );
    return 'Topic Lens could not restore the last topics: the saved result is damaged. Run Detect Topics to find them again.';
  }

  /** A full run's result: custom labels move to the topics that share most of their documents. */
  async setResult(result: TopicLensResult, run: FullRunInfo): Promise<void> {
    this.run = run;
    await this.state.update(FULL_RUN_KEY, run);
    await this.replace(result, matchLabels(this.state.get<StoredLabel[]>(LABELS_KEY, []), result));
  }

  /** A result derived from the current one (a merge, an incremental update), with its labels given explicitly. */
  async replace(result: TopicLensResult, labels: ReadonlyMap<number, string>): Promise<void> {
    this.result = result;
    this.labels = new Map(labels);
    // Listeners hear of the new result as soon as `current` returns it; saving it can take a moment.
    this.changed.fire(result);
    await this.state.update(LABELS_KEY, storeLabels(this.labels, result));
    await this.save(result);
  }

  /** Sets or (with an empty label) clears a topic's custom label. */
  async rename(topic: number, label: string): Promise<void> {
    if (!this.result) return;
    if (label.trim() === '') this.labels.delete(topic);
    else this.labels.set(topic, label.trim());
    await this.state.update(LABELS_KEY, storeLabels(this.labels, this.result));
    this.changed.fire(this.result);
  }

  /** The folder the result was computed for. */
  sourceUri(): vscode.Uri | undefined {
    return this.result ? vscode.Uri.parse(this.result.source, true) : undefined;
  }

  documentUri(doc: DocumentResult): vscode.Uri | undefined {
    const root = this.sourceUri();
    return root ? vscode.Uri.joinPath(root, ...doc.path.split('/')) : undefined;
  }

  private async save(result: TopicLensResult): Promise<void> {
    if (!this.storageFolder) return;
    try {
      await vscode.workspace.fs.createDirectory(this.storageFolder);
      // Written whole, then renamed over the last one: a crash mid-write leaves the previous result intact.
      const staging = vscode.Uri.joinPath(this.storageFolder, `${RESULT_FILE}.tmp`);
      await vscode.workspace.fs.writeFile(staging, new TextEncoder().encode(JSON.stringify(result)));
      await vscode.workspace.fs.rename(staging, vscode.Uri.joinPath(this.storageFolder, RESULT_FILE), { overwrite: true });
    } catch (error) {
      this.log.warn(`Could not save the result for the next session: ${String(error)}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
