/**
 * The one object `activate()` builds: every long-lived part of the extension, wired together, and every
 * disposable registered in one place. Commands receive it instead of reaching for globals.
 */
import * as vscode from 'vscode';
import { affectsResult, readSettings } from './config';
import { Detection } from './detection';
import { folderLabel } from './folders';
import { IncrementalUpdates } from './updates/incrementalUpdates';
import { MAP_VIEW_TYPE, MapPanel } from './mapPanel';
import { ModelManager } from './models';
import { ResultStore } from './resultStore';
import { TopicTreeProvider, TREE_VIEW_ID, type TopicTreeNode } from './topicTree';
import type { RunOptions } from './runs/runDeps';
import { incrementalSummary } from './updates/updateScheduler';
import type { WorkerLaunch } from './workerHost';

/** Settings changes are batched: the settings editor fires one event per keystroke. */
const SETTINGS_DEBOUNCE_MS = 1000;

export class TopicLensContext implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly store: ResultStore;
  readonly models: ModelManager;
  readonly detection: Detection;
  readonly tree: TopicTreeProvider;
  readonly treeView: vscode.TreeView<TopicTreeNode>;
  readonly map: MapPanel;
  readonly updates: IncrementalUpdates;
  private readonly disposables: vscode.Disposable[] = [];
  /** Result-changing settings were edited since the full run of the result created at this time. */
  private staleSince: string | undefined;
  private settingsTimer: NodeJS.Timeout | undefined;
  private askingToRerun = false;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.own(vscode.window.createOutputChannel('Topic Lens', { log: true }));
    this.store = this.own(new ResultStore(extension.storageUri, extension.workspaceState, this.log));
    this.models = new ModelManager(extension, this.log, () => this.workerLaunch({}));
    this.detection = this.own(new Detection(this.store, this.models, this.log, (options) => this.workerLaunch(options)));
    this.tree = this.own(new TopicTreeProvider(this.store, () => this.topTopics()));
    this.treeView = this.own(vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: this.tree, canSelectMany: true, showCollapseAll: true }));
    this.map = this.own(
      new MapPanel(extension.extensionUri, this.store, () => this.topTopics(), () => this.notice(), {
        openDocument: (index) => void vscode.commands.executeCommand('topicLens.openDocument', index),
        selectTopic: (topic) => this.revealTopic(topic),
      }),
    );
    this.updates = this.own(new IncrementalUpdates(this.store, this.detection, this.log, () => this.stale));
    this.own(this.updates.onDidChangeState(() => this.noticeChanged()));
    this.own(vscode.window.registerWebviewPanelSerializer(MAP_VIEW_TYPE, this.map));
    this.own(this.store.onDidChange(() => this.onResultChanged()));
    this.own(this.detection.onDidChangeRunning((running) => void vscode.commands.executeCommand('setContext', 'topicLens.running', running)));
    this.own(this.treeView.onDidChangeSelection((event) => this.onTreeSelection(event.selection)));
    this.own(vscode.workspace.onDidChangeConfiguration((event) => this.onSettingsChanged(event)));
    this.onResultChanged();
  }

  /** How many of the largest topics get a colour (map and tree). */
  topTopics(): number {
    return readSettings(this.store.sourceUri()).settings.mapTopTopics;
  }

  workerLaunch(options: RunOptions): WorkerLaunch {
    const script = options.workerScript ?? vscode.Uri.joinPath(this.extension.extensionUri, 'dist', 'worker.js');
    return { script: script.fsPath, resourceLimits: options.resourceLimits };
  }

  /** Opens a document of the current result at its section, selecting the section's lines. */
  async openDocument(index: number): Promise<void> {
    const doc = this.store.current?.documents[index];
    const uri = doc && this.store.documentUri(doc);
    if (!doc || !uri) return;
    let textDocument: vscode.TextDocument;
    try {
      textDocument = await vscode.workspace.openTextDocument(uri);
    } catch {
      void vscode.window.showWarningMessage(`Topic Lens: ${doc.path} no longer exists. Refresh to update the topics.`);
      this.tree.refresh();
      return;
    }
    // Whole-file documents open at the top; sections are selected (lines may have moved since the run: clamp).
    const isSection = doc.heading !== null || doc.startLine > 1;
    const range = isSection
      ? textDocument.validateRange(new vscode.Range(doc.startLine - 1, 0, doc.endLine - 1, Number.MAX_SAFE_INTEGER))
      : new vscode.Range(0, 0, 0, 0);
    const editor = await vscode.window.showTextDocument(textDocument, { selection: range, preview: true });
    editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
  }

  /** The map asked for a topic: select it in the tree when the tree is on screen. */
  private revealTopic(topic: number | null): void {
    if (topic === null || !this.treeView.visible) return;
    const node = this.tree.topicNode(topic);
    if (node) void this.treeView.reveal(node, { select: true, focus: false, expand: false });
  }

  private onTreeSelection(selection: readonly TopicTreeNode[]): void {
    const first = selection[0];
    if (!first || !this.map.isOpen) return;
    if (first.kind === 'topic') this.map.select(first.topic.id);
    else if (first.kind === 'document') this.map.select(this.store.current?.documents[first.index]?.topic ?? null, first.index);
    else this.map.select(null);
  }

  private onResultChanged(): void {
    const result = this.store.current;
    void vscode.commands.executeCommand('setContext', 'topicLens.hasResult', result !== undefined);
    if (result) {
      const topics = result.topics.filter((t) => t.id >= 0).length;
      const folder = this.store.sourceUri();
      this.treeView.description = `${folder ? `${folderLabel(folder)} · ` : ''}${topics} topic${topics === 1 ? '' : 's'}`;
    } else {
      this.treeView.description = undefined;
    }
    // The map refreshes itself (notice included) on result changes.
    this.treeView.message = this.notice();
  }

  /** Renames, merges and incremental updates keep the result's full run; only a new full run is fresh. */
  private get stale(): boolean {
    return this.staleSince !== undefined && this.staleSince === this.store.current?.createdAt;
  }

  private noticeChanged(): void {
    this.treeView.message = this.notice();
    this.map.updateNotice();
  }

  /** What the Topics view and the map say about how current the topics are (undefined: fresh from a full run). */
  private notice(): string | undefined {
    if (this.stale) return 'Settings changed since these topics were detected. Refresh to update them.';
    const paused = this.updates.pausedReason;
    if (paused) return `Incremental updates paused: ${paused} Refresh runs a full re-fit.`;
    const incremental = this.store.current?.incremental;
    return incremental ? `${incrementalSummary(incremental)}. Refresh re-fits the topics.` : undefined;
  }

  private onSettingsChanged(event: vscode.ConfigurationChangeEvent): void {
    if (event.affectsConfiguration('topicLens.map.topTopics')) {
      this.tree.refresh();
      this.map.update();
    }
    if (!affectsResult(event) || !this.store.current) return;
    this.staleSince = this.store.current.createdAt;
    this.noticeChanged();
    clearTimeout(this.settingsTimer);
    this.settingsTimer = setTimeout(() => void this.askToRerun(), SETTINGS_DEBOUNCE_MS);
  }

  /** Results computed with other settings are not mixed with new ones silently: ask, once per batch of edits. */
  private async askToRerun(): Promise<void> {
    if (this.askingToRerun || this.detection.isRunning || !this.stale) return;
    this.askingToRerun = true;
    try {
      const answer = await vscode.window.showInformationMessage(
        'Topic Lens settings changed. Detect topics again so the results match them?',
        'Detect Again',
        'Later',
      );
      if (answer === 'Detect Again') await vscode.commands.executeCommand('topicLens.refresh');
    } finally {
      this.askingToRerun = false;
    }
  }

  private own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    clearTimeout(this.settingsTimer);
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
