/**
 * How coarse the topics are shown: the current result's topic hierarchy cut into a number of groups, shared by the
 * tree and the map. "Fewer topics" and "More topics" step through the levels without a re-fit (a cut costs
 * O(topics)); the choice is kept per result across window reloads, and a new full run starts from the default.
 */
import * as vscode from 'vscode';
import { defaultGroupCount, granularityLevels, nextGranularity } from '../core/hierarchy/granularity';
import { groupTopics, type ResultGrouping } from '../core/report/mapData';
import type { ResultStore } from './resultStore';
import type { StoredResult } from './storedResult';

const STATE_KEY = 'topicLens.groupCount';

interface StoredChoice {
  /** The full run the choice was made for (`TopicLensResult.createdAt`). */
  readonly createdAt: string;
  readonly groups: number;
}

export class TopicGranularity implements vscode.Disposable {
  private cached: { readonly result: StoredResult; readonly groups: number; readonly grouping: ResultGrouping } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the number of groups changed (not when the result did: listen to the store for that). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The setting, read once per result and per change of it: the tree asks for every row it draws. */
  private groupAboveSetting: number | undefined;

  constructor(
    private readonly store: ResultStore,
    private readonly state: vscode.Memento,
    /** `topicLens.tree.groupAbove`: more topics than this are grouped at first. */
    private readonly groupAbove: () => number,
  ) {
    this.subscriptions.push(
      store.onDidChange(() => {
        this.groupAboveSetting = undefined;
        this.updateContext();
      }),
    );
    this.updateContext();
  }

  /** Clustered topics of the current result. */
  get topicCount(): number {
    return this.store.current?.topics.filter((t) => t.id >= 0).length ?? 0;
  }

  /** Whether the current result can be grouped at all (results of older versions have no hierarchy). */
  get hasHierarchy(): boolean {
    return (this.store.current?.meta.hierarchy?.merges.length ?? 0) > 0;
  }

  get levels(): number[] {
    return this.hasHierarchy ? granularityLevels(this.topicCount, this.groupAboveNow()) : [this.topicCount];
  }

  /** Groups shown now (equal to the topic count when nothing is grouped). */
  get groupCount(): number {
    const topics = this.topicCount;
    if (!this.hasHierarchy) return topics;
    const stored = this.state.get<StoredChoice>(STATE_KEY);
    const chosen = stored && stored.createdAt === this.store.current?.meta.createdAt ? stored.groups : defaultGroupCount(topics, this.groupAboveNow());
    return Math.max(1, Math.min(topics, chosen));
  }

  /** The current result's topics in groups, coloured and placed (computed once per result and level). */
  grouping(result: StoredResult): ResultGrouping;
  grouping(): ResultGrouping | undefined;
  grouping(result = this.store.current): ResultGrouping | undefined {
    if (!result) return undefined;
    const groups = this.groupCount;
    if (this.cached?.result !== result || this.cached.groups !== groups)
      this.cached = { result, groups, grouping: groupTopics(result.meta, result.packed.documents, groups) };
    return this.cached.grouping;
  }

  /** "380 topics in 19 groups", or "12 topics". */
  describe(): string {
    const topics = this.topicCount;
    const groups = this.groupCount;
    const noun = `${topics} topic${topics === 1 ? '' : 's'}`;
    return groups < topics ? `${noun} in ${groups} group${groups === 1 ? '' : 's'}` : noun;
  }

  /** One level coarser (−1) or finer (+1); false at the end of the levels. */
  async step(direction: -1 | 1): Promise<boolean> {
    const next = nextGranularity(this.levels, this.groupCount, direction);
    if (next === undefined) return false;
    await this.set(next);
    return true;
  }

  async set(groups: number): Promise<void> {
    const result = this.store.current;
    if (!result) return;
    await this.state.update(STATE_KEY, { createdAt: result.meta.createdAt, groups } satisfies StoredChoice);
    this.updateContext();
    this.changed.fire();
  }

  /** The default level changed (`topicLens.tree.groupAbove`). */
  refresh(): void {
    this.groupAboveSetting = undefined;
    this.updateContext();
    this.changed.fire();
  }

  private groupAboveNow(): number {
    return (this.groupAboveSetting ??= this.groupAbove());
  }

  /** The title bar's Fewer/More buttons are enabled only where there is a level to go to. */
  private updateContext(): void {
    const levels = this.levels;
    const current = this.groupCount;
    void vscode.commands.executeCommand('setContext', 'topicLens.canShowFewerTopics', nextGranularity(levels, current, -1) !== undefined);
    void vscode.commands.executeCommand('setContext', 'topicLens.canShowMoreTopics', nextGranularity(levels, current, 1) !== undefined);
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
