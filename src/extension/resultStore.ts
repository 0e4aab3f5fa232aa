/**
 * The current result and its custom labels, persisted per workspace: the result as a JSON file in the
 * extension's workspace storage (it can be megabytes, too big for workspaceState), the labels in workspaceState.
 */
import * as vscode from 'vscode';
import type { DocumentResult, TopicLensResult } from '../core/result';
import { upgradeResult } from '../core/resultUpgrade';
import { matchLabels, storeLabels, type StoredLabel } from './labels';

const RESULT_FILE = 'last-result.json';
const LABELS_KEY = 'topicLens.labels';
const FULL_RUN_KEY = 'topicLens.fullRun';

/** How the full run behind the current result was made, so incremental updates can make it the same way. */
export interface FullRunInfo {
  /** `resultFingerprint` of the settings it ran with. */
  readonly settings: string;
  /** The bundled model stood in for the configured one (which failed to load). */
  readonly usedBundledModel: boolean;
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
   * Loads the last saved result. A result of an older version is read as far as it goes (one of version 1 has no
   * topic groups until the next run); a missing or unreadable file, or an unknown version, just means no result.
   */
  async restore(): Promise<void> {
    if (!this.storageFolder) return;
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.storageFolder, RESULT_FILE));
      const upgraded = upgradeResult(JSON.parse(new TextDecoder().decode(bytes)));
      if (!upgraded) {
        this.log.info('The saved result has a format this version cannot read; run Detect Topics again.');
        return;
      }
      const saved = upgraded.result;
      if (upgraded.upgradedFrom !== undefined) {
        this.log.info(`The saved result comes from an older version of Topic Lens (format ${upgraded.upgradedFrom}): Refresh to group its topics.`);
      }
      this.result = saved;
      this.labels = matchLabels(this.state.get<StoredLabel[]>(LABELS_KEY, []), saved);
      this.run = this.state.get<FullRunInfo>(FULL_RUN_KEY);
      this.log.info(`Restored the last result: ${saved.topics.filter((t) => t.id >= 0).length} topics from ${saved.createdAt}.`);
      this.changed.fire(saved);
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) this.log.warn(`Could not restore the last result: ${String(error)}`);
    }
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
    return this.result ? sourceUri(this.result.source) : undefined;
  }

  documentUri(doc: DocumentResult): vscode.Uri | undefined {
    const root = this.sourceUri();
    return root ? vscode.Uri.joinPath(root, ...doc.path.split('/')) : undefined;
  }

  private async save(result: TopicLensResult): Promise<void> {
    if (!this.storageFolder) return;
    try {
      await vscode.workspace.fs.createDirectory(this.storageFolder);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.storageFolder, RESULT_FILE), new TextEncoder().encode(JSON.stringify(result)));
    } catch (error) {
      this.log.warn(`Could not save the result for the next session: ${String(error)}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Results from the extension hold a URI string; results from the CLI an absolute path. */
export function sourceUri(source: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:/i.test(source) && !/^[a-z]:[\\/]/i.test(source) ? vscode.Uri.parse(source) : vscode.Uri.file(source);
}
