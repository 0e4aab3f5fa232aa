/**
 * The current result and its custom labels, persisted per workspace: the result as a JSON file in the
 * extension's workspace storage (it can be megabytes, too big for workspaceState), the labels in workspaceState.
 */
import * as vscode from 'vscode';
import { RESULT_VERSION, type DocumentResult, type TopicLensResult } from '../core/result';
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

  /** Loads the last saved result; a missing, unreadable or older-version file just means no result. */
  async restore(): Promise<void> {
    if (!this.storageFolder) return;
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.storageFolder, RESULT_FILE));
      const saved = upgraded(JSON.parse(new TextDecoder().decode(bytes)) as TopicLensResult);
      if (saved.version !== RESULT_VERSION || !Array.isArray(saved.documents) || !Array.isArray(saved.topics)) {
        this.log.info('The saved result has an older format; run Detect Topics again.');
        return;
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
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.storageFolder, RESULT_FILE), new TextEncoder().encode(JSON.stringify(result)));
    } catch (error) {
      this.log.warn(`Could not save the result for the next session: ${String(error)}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A result saved by the previous format: the editor always stored `source` as a URI, so only the version differs. */
function upgraded(saved: TopicLensResult): TopicLensResult {
  const version: number = saved.version;
  return version === 1 ? { ...saved, version: RESULT_VERSION } : saved;
}
