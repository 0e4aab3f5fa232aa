/**
 * The one object `activate()` builds: every long-lived part of the extension, wired together, and every
 * disposable registered in one place. Commands receive it instead of reaching for globals.
 */
import * as vscode from 'vscode';
import { AuditDiagnostics } from './audit/auditDiagnostics';
import { AuditFindings } from './audit/auditFindings';
import { AUDIT_VIEW_ID, AuditTreeProvider, type AuditTreeNode } from './audit/auditTree';
import { auditSummary } from './audit/findingGroups';
import { SECTION_SCHEME, SectionContentProvider } from './audit/sectionContent';
import { affectsResult, readSettings } from './config';
import { Detection } from './detection';
import { folderLabel } from './folders';
import { TopicGranularity } from './granularity';
import { IncrementalUpdates } from './updates/incrementalUpdates';
import { MAP_VIEW_TYPE, MapPanel, type MapTarget } from './mapPanel';
import { ModelManager } from './models';
import { showLines } from './openLines';
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
  readonly granularity: TopicGranularity;
  readonly tree: TopicTreeProvider;
  readonly treeView: vscode.TreeView<TopicTreeNode>;
  readonly map: MapPanel;
  readonly updates: IncrementalUpdates;
  readonly audit: AuditFindings;
  readonly auditTree: AuditTreeProvider;
  readonly auditView: vscode.TreeView<AuditTreeNode>;
  readonly auditDiagnostics: AuditDiagnostics;
  private readonly disposables: vscode.Disposable[] = [];
  /** Result-changing settings were edited since the full run of the result created at this time. */
  private staleSince: string | undefined;
  private settingsTimer: NodeJS.Timeout | undefined;
  private askingToRerun = false;
  private busy: 'detecting' | 'updating' | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = this.own(vscode.window.createOutputChannel('Topic Lens', { log: true }));
    this.store = this.own(new ResultStore(extension.storageUri, extension.workspaceState, this.log));
    this.models = new ModelManager(extension, this.log, () => this.workerLaunch({}));
    this.detection = this.own(new Detection(this.store, this.models, this.log, (options) => this.workerLaunch(options)));
    this.granularity = this.own(new TopicGranularity(this.store, extension.workspaceState, () => readSettings(this.store.sourceUri()).settings.treeGroupAbove));
    this.audit = this.own(new AuditFindings(this.store, extension.workspaceState));
    this.tree = this.own(new TopicTreeProvider(this.store, this.granularity, this.audit));
    this.treeView = this.own(vscode.window.createTreeView(TREE_VIEW_ID, { treeDataProvider: this.tree, canSelectMany: true, showCollapseAll: true }));
    this.map = this.own(
      new MapPanel(extension.extensionUri, this.store, this.granularity, () => this.notice(), {
        openDocument: (index, keepOpen) => void (keepOpen ? this.openDocument(index, false) : vscode.commands.executeCommand('topicLens.openDocument', index)),
        select: (target) => this.revealInTree(target),
      }),
    );
    this.auditTree = this.own(new AuditTreeProvider(this.audit, this.store));
    this.auditView = this.own(vscode.window.createTreeView(AUDIT_VIEW_ID, { treeDataProvider: this.auditTree, canSelectMany: true, showCollapseAll: true }));
    this.auditDiagnostics = this.own(new AuditDiagnostics(this.audit, this.store));
    this.own(vscode.workspace.registerTextDocumentContentProvider(SECTION_SCHEME, new SectionContentProvider()));
    this.own(this.audit.onDidChange(() => this.describeAudit()));
    this.describeAudit();
    this.updates = this.own(new IncrementalUpdates(this.store, this.detection, this.log, () => this.stale));
    this.own(this.updates.onDidChangeState(() => this.noticeChanged()));
    this.own(vscode.window.registerWebviewPanelSerializer(MAP_VIEW_TYPE, this.map));
    this.own(this.store.onDidChange(() => this.onResultChanged()));
    this.own(
      this.detection.onDidChangeRunning((running) => {
        void vscode.commands.executeCommand('setContext', 'topicLens.running', running);
        this.showBusy(running ? 'detecting' : undefined);
      }),
    );
    this.own(this.detection.onDidChangeUpdating((updating) => this.showBusy(updating ? 'updating' : undefined)));
    this.own(this.treeView.onDidChangeSelection((event) => this.onTreeSelection(event.selection)));
    this.own(this.granularity.onDidChange(() => this.describeView()));
    this.own(vscode.workspace.onDidChangeConfiguration((event) => this.onSettingsChanged(event)));
    this.onResultChanged();
  }

  workerLaunch(options: RunOptions): WorkerLaunch {
    const script = options.workerScript ?? vscode.Uri.joinPath(this.extension.extensionUri, 'dist', 'worker.js');
    return { script: script.fsPath, resourceLimits: options.resourceLimits };
  }

  /** Opens a document of the current result at its section, selecting the section's lines (`preview`: in the preview editor). */
  async openDocument(index: number, preview = true): Promise<void> {
    const doc = this.store.current?.document(index);
    const uri = doc && this.store.documentUri(doc.path);
    if (!doc || !uri) return;
    // Whole-file documents open at the top; sections are selected.
    const wholeFile = doc.heading === null && doc.startLine <= 1;
    if (!(await showLines(uri, doc.startLine, doc.endLine, { wholeFile, preview }))) this.tree.refresh();
  }

  /** The map asked for a topic or a group: select it in the tree when the tree is on screen. */
  private revealInTree(target: MapTarget | null): void {
    if (target === null || !this.treeView.visible) return;
    const node = target.kind === 'group' ? this.tree.groupNode(target.id) : this.tree.topicNode(target.id);
    if (node) void this.treeView.reveal(node, { select: true, focus: false, expand: false });
  }

  private onTreeSelection(selection: readonly TopicTreeNode[]): void {
    const first = selection[0];
    if (!first || !this.map.isOpen) return;
    if (first.kind === 'group') this.map.select({ kind: 'group', id: first.group.id });
    else if (first.kind === 'topic') this.map.select({ kind: 'topic', id: first.topic.id });
    else if (first.kind === 'document') {
      const result = this.store.current;
      const topic = result && first.index < result.documentCount ? result.topicOf(first.index) : undefined;
      this.map.select(topic === undefined ? null : { kind: 'topic', id: topic }, first.index);
    } else this.map.select(null);
  }

  /** A full run or an update is under way and its result has not arrived (the views say so, without a busy bar). */
  private showBusy(busy: 'detecting' | 'updating' | undefined): void {
    this.busy = busy;
    this.noticeChanged();
  }

  private onResultChanged(): void {
    this.busy = undefined;
    const result = this.store.current;
    void vscode.commands.executeCommand('setContext', 'topicLens.hasResult', result !== undefined);
    this.describeView();
    // The map refreshes itself (notice included) on result changes.
    this.treeView.message = this.notice();
  }

  /** The view's description: the folder and the granularity ("docs · 380 topics in 19 groups"). */
  private describeView(): void {
    const folder = this.store.current && this.store.sourceUri();
    this.treeView.description = this.store.current ? `${folder ? `${folderLabel(folder)} · ` : ''}${this.granularity.describe()}` : undefined;
  }

  /** The Audit view's line above the tree (none before the first audit: the welcome text speaks then). */
  private describeAudit(): void {
    const report = this.audit.report;
    if (!report) {
      this.auditView.message = undefined;
      return;
    }
    const current = readSettings(this.store.sourceUri()).settings.audit.options;
    const optionsChanged = (Object.keys(current) as (keyof typeof current)[]).some((key) => report.options[key] !== current[key]);
    this.auditView.message = auditSummary(this.audit.findings, this.audit.isDismissed, optionsChanged);
  }

  /** Renames, merges and incremental updates keep the result's full run; only a new full run is fresh. */
  private get stale(): boolean {
    return this.staleSince !== undefined && this.staleSince === this.store.current?.meta.createdAt;
  }

  private noticeChanged(): void {
    this.treeView.message = this.notice();
    this.map.updateNotice();
  }

  /**
   * What the Topics view and the map say about how current the topics are (undefined: fresh from a full run), or
   * that they are being detected or updated.
   */
  private notice(): string | undefined {
    if (this.busy === 'detecting') return 'Detecting topics… The notification shows how far it is and can cancel it.';
    if (this.busy === 'updating') return 'Updating the topics with the files that changed…';
    if (this.stale) return 'Settings changed since these topics were detected. Refresh to update them.';
    const paused = this.updates.pausedReason;
    if (paused) return `Incremental updates paused: ${paused} Refresh runs a full re-fit.`;
    const incremental = this.store.current?.meta.incremental;
    if (incremental) return `${incrementalSummary(incremental)}. Refresh re-fits the topics.`;
    const result = this.store.current;
    if (result && !result.meta.hierarchy && this.granularity.topicCount > readSettings(this.store.sourceUri()).settings.treeGroupAbove) {
      return 'These topics come from an older version of Topic Lens: Refresh to group them.';
    }
    return undefined;
  }

  private onSettingsChanged(event: vscode.ConfigurationChangeEvent): void {
    if (event.affectsConfiguration('topicLens.tree.groupAbove')) this.granularity.refresh();
    if (event.affectsConfiguration('topicLens.audit')) this.describeAudit();
    // Switched on: the result the kept worker holds is audited now rather than at the next update.
    if (event.affectsConfiguration('topicLens.audit.enabled')) this.detection.audits.start();
    if (!affectsResult(event) || !this.store.current) return;
    this.staleSince = this.store.current.meta.createdAt;
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
