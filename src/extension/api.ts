/**
 * What `activate()` returns: a small API for the extension-host tests (and other extensions), so they can check
 * results and the tree's contents without scraping the UI. Get it with
 * `await vscode.extensions.getExtension<TopicLensApi>('topic-lens.topic-lens')!.activate()`.
 */
import type * as vscode from 'vscode';
import type { TopicLensResult } from '../core/result';
import type { AuditTreeNode, AuditTreeProvider } from './audit/auditTree';
import type { TopicLensContext } from './context';
import type { MapTarget } from './mapPanel';
import type { RunOptions, RunOutcome } from './runs/runDeps';
import type { TopicTreeNode, TopicTreeProvider } from './topicTree';
import type { UpdateDecision, UpdateState } from './updates/incrementalUpdates';

export type { MapTarget } from './mapPanel';
export type { RunOptions, RunOutcome } from './runs/runDeps';
export type { UpdateDecision, UpdateState } from './updates/incrementalUpdates';
export type { TopicTreeNode, TopicTreeProvider } from './topicTree';
export type { AuditTreeNode, AuditTreeProvider } from './audit/auditTree';

export interface TopicLensApi {
  /** The current result (restored from workspace storage after a reload), or undefined before the first run. */
  getResult(): TopicLensResult | undefined;
  /** The "Topics" tree's provider: `getChildren()` / `getTreeItem()` show exactly what the view shows. */
  getTopicTree(): TopicTreeProvider;
  /** The "Topics" view itself (its selection, description, `reveal`). */
  getTopicsView(): vscode.TreeView<TopicTreeNode>;
  /** The "Audit" tree's provider: findings grouped by kind, as the view shows them. */
  getAuditTree(): AuditTreeProvider;
  /** The "Audit" view itself (its message, selection). */
  getAuditView(): vscode.TreeView<AuditTreeNode>;
  /** How the topics are grouped now: clustered topics, groups shown, and the group counts Fewer/More step through. */
  getGranularity(): { readonly topics: number; readonly groups: number; readonly levels: readonly number[] };
  /** What the Topic Map highlights (what the tree's selection or a click in the map chose); null when nothing. */
  getMapSelection(): MapTarget | null;
  /** Custom topic labels by topic id. */
  getCustomLabels(): ReadonlyMap<number, string>;
  /**
   * Detects topics in a folder (default: the first workspace folder; no prompt) and resolves when the run ends.
   * `options` are test seams: another worker script, or tighter worker memory limits.
   */
  runDetect(folderUri?: vscode.Uri, options?: RunOptions): Promise<RunOutcome>;
  /** Cancels the running detection or merge, as the notification's Cancel button does. */
  cancel(): void;
  /** Renames a topic ('' restores its words), as "Rename Topic" does without the input box. */
  renameTopic(topicId: number, label: string): Promise<void>;
  /** Merges topics, as "Merge Topics" does without the selection. */
  mergeTopics(topicIds: readonly number[], options?: RunOptions): Promise<RunOutcome>;
  /** Fires after every change of the result or its labels (a run, a merge, a rename, an incremental update, the restore at start-up). */
  readonly onDidChangeResult: vscode.Event<TopicLensResult | undefined>;
  /** Whether an embedding server API key is in SecretStorage (the key itself is never handed out). */
  hasEmbeddingServerKey(): Promise<boolean>;
  /** Why incremental updates are paused until the next full run, while they are. */
  incrementalUpdatesPaused(): string | undefined;
  /** Whether file changes are watched, and whether changes wait, an update runs, or changes are held back. */
  getUpdateState(): UpdateState;
  /** Fires each time quiet file changes were acted on: an update ran (with its outcome) or they were held back. */
  readonly onDidDecideUpdate: vscode.Event<UpdateDecision>;
  /** The line the Topics view shows above the tree (settings changed, updated incrementally…), if any. */
  getTopicsViewMessage(): string | undefined;
  /** Resolves once the result as it is now is saved for the next session (saving follows a result's arrival). */
  whenSaved(): Promise<void>;
  /**
   * Resolves once no audit runs: the audit follows a full run's or an update's topics (it starts before `runDetect`
   * resolves, and before an update's decision fires), and its findings then replace the result's `audit`.
   */
  whenAudited(): Promise<void>;
}

export function createApi(ctx: TopicLensContext, workspaceFolders: () => readonly vscode.WorkspaceFolder[] | undefined): TopicLensApi {
  return {
    // The editor keeps results packed; callers of the API get them as objects, built once per result.
    getResult: () => ctx.store.current?.toResult(),
    getTopicTree: () => ctx.tree,
    getTopicsView: () => ctx.treeView,
    getAuditTree: () => ctx.auditTree,
    getAuditView: () => ctx.auditView,
    getGranularity: () => ({ topics: ctx.granularity.topicCount, groups: ctx.granularity.groupCount, levels: ctx.granularity.levels }),
    getMapSelection: () => ctx.map.selected,
    getCustomLabels: () => ctx.store.customLabels,
    runDetect: async (folderUri, options) => {
      const folder = folderUri ?? workspaceFolders()?.[0]?.uri;
      if (!folder) return { status: 'failed', message: 'No folder is open.', stage: null };
      return ctx.detection.detect(folder, options);
    },
    cancel: () => ctx.detection.cancel(),
    renameTopic: (topicId, label) => ctx.store.rename(topicId, label),
    mergeTopics: (topicIds, options) => ctx.detection.merge(topicIds, options),
    onDidChangeResult: (listener, thisArgs, disposables) =>
      ctx.store.onDidChange((change) => listener.call(thisArgs, change.result?.toResult()), undefined, disposables),
    hasEmbeddingServerKey: async () => (await ctx.models.serverKey()) !== undefined,
    incrementalUpdatesPaused: () => ctx.updates.pausedReason,
    getUpdateState: () => ctx.updates.state,
    onDidDecideUpdate: ctx.updates.onDidDecide,
    getTopicsViewMessage: () => ctx.treeView.message,
    whenSaved: () => ctx.store.saved(),
    whenAudited: () => ctx.detection.audits.settled(),
  };
}
