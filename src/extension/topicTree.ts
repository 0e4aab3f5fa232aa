/**
 * The "Topics" tree: topics by size (outliers last), each expanding to its documents by probability, a page at a
 * time (the outliers of a large tree are thousands). Above `topicLens.tree.groupAbove` topics (or after "Fewer
 * topics") the top level holds groups of topics from the topic hierarchy, each expanding to its topics. Built
 * lazily: rows read the stored result's columns when shown, tooltips are made when hovered (`resolveTreeItem`).
 * Every user string (words, paths, headings, snippets) reaches tooltips escaped, in untrusted Markdown.
 */
import * as vscode from 'vscode';
import type { TopicGroup } from '../core/hierarchy/granularity';
import { groupLabel, OUTLIER_TOPIC, SET_ASIDE_TOPIC, topicLabel, type TopicInfo, type TopicWord } from '../core/result';
import { documentTitle, escapeMarkdown } from '../core/report/markdown';
import type { AuditFindings } from './audit/auditFindings';
import type { TopicGranularity } from './granularity';
import type { ResultStore } from './resultStore';

export interface TopicNode {
  readonly kind: 'topic';
  readonly topic: TopicInfo;
}

/** Several topics shown as one entry (a cluster of the topic hierarchy at the current granularity). */
export interface GroupNode {
  readonly kind: 'group';
  readonly group: TopicGroup;
  /** Its documents. */
  readonly count: number;
}

/** Documents no word of which the model knows: set aside before clustering (SET_ASIDE_TOPIC). */
export interface SetAsideNode {
  readonly kind: 'setAside';
  readonly count: number;
}

export interface DocumentNode {
  readonly kind: 'document';
  /** Index into `result.documents`. */
  readonly index: number;
  readonly parent: TopicNode | SetAsideNode;
}

/** The row after a page of documents: clicking it shows the next page. */
export interface MoreNode {
  readonly kind: 'more';
  readonly parent: TopicNode | SetAsideNode;
  readonly shown: number;
  readonly total: number;
}

export type TopicTreeNode = GroupNode | TopicNode | SetAsideNode | DocumentNode | MoreNode;

export const TREE_VIEW_ID = 'topicLens.topics';
export const SHOW_MORE_COMMAND = 'topicLens.showMoreDocuments';
const TOOLTIP_WORDS = 10;
/** Documents listed per page under a topic. */
export const DOCUMENTS_PER_PAGE = 500;
const TOOLTIP_TOPICS = 12;

/** The theme colour of a colour family (contributed colours `topicLens.topic1…8`, the map's families). */
export function familyColor(family: number): vscode.ThemeColor {
  return new vscode.ThemeColor(`topicLens.topic${family + 1}`);
}

/** "12 %" with one decimal below 10 %. */
function share(part: number, whole: number): string {
  const percent = whole > 0 ? (100 * part) / whole : 0;
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

export class TopicTreeProvider implements vscode.TreeDataProvider<TopicTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TopicTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private topicNodes = new Map<number, TopicNode>();
  /** Groups of several topics at the current granularity, by group id; and the group of each grouped topic. */
  private groupNodes = new Map<number, GroupNode>();
  private groupOfTopic = new Map<number, GroupNode>();
  private setAside: SetAsideNode | undefined;
  /** Whether each document's file exists, by URI string; filled when a topic is expanded. */
  private readonly exists = new Map<string, boolean>();
  /** How many documents each expanded topic lists (by topic id), beyond the first page. */
  private readonly shown = new Map<number, number>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: ResultStore,
    private readonly granularity: TopicGranularity,
    /** The audit's findings per topic, shown as a badge on topic rows. */
    private readonly audit?: AuditFindings,
  ) {
    this.rebuild();
    if (audit) this.disposables.push(audit.onDidChange(() => this.refresh()));
    this.disposables.push(
      // Labels and findings (badges) change rows, not the tree's shape.
      store.onDidChange((change) => (change.kind === 'labels' || change.kind === 'audit' ? this.refresh() : this.rebuild())),
      granularity.onDidChange(() => {
        this.regroup();
        this.refresh();
      }),
    );
  }

  /** Redraws every row (labels, colours) without touching the result. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  private rebuild(): void {
    const result = this.store.current;
    this.topicNodes = new Map((result?.topics ?? []).map((topic) => [topic.id, { kind: 'topic', topic }]));
    const setAside = result?.membersOf(SET_ASIDE_TOPIC).length ?? 0;
    this.setAside = setAside > 0 ? { kind: 'setAside', count: setAside } : undefined;
    this.regroup();
    this.exists.clear();
    this.shown.clear();
    this.watchSource();
    this.refresh();
  }

  private regroup(): void {
    const groups = (this.granularity.grouping()?.groups ?? []).filter((g) => g.topics.length > 1);
    this.groupNodes = new Map(
      groups.map((group) => [group.id, { kind: 'group', group, count: group.topics.reduce((sum, t) => sum + (this.topicNodes.get(t)?.topic.count ?? 0), 0) }]),
    );
    this.groupOfTopic = new Map([...this.groupNodes.values()].flatMap((node) => node.group.topics.map((t) => [t, node] as const)));
  }

  /** Files deleted or re-created after the run are (un)marked as missing without a new run. */
  private watchSource(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    const root = this.store.sourceUri();
    if (!root) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'), false, true, false);
    const forget = (uri: vscode.Uri) => {
      if (this.exists.delete(uri.toString())) this.refresh();
    };
    this.watcher.onDidCreate(forget);
    this.watcher.onDidDelete(forget);
  }

  topicNode(topicId: number): TopicNode | undefined {
    return this.topicNodes.get(topicId);
  }

  /** The group shown for a group id at the current granularity (undefined when it is not a group now). */
  groupNode(groupId: number): GroupNode | undefined {
    return this.groupNodes.get(groupId);
  }

  /** The entries of the top level that are groups, largest first. */
  groups(): GroupNode[] {
    return [...this.groupNodes.values()].sort(bySize);
  }

  documentNode(index: number): DocumentNode | undefined {
    const result = this.store.current;
    if (!result || index < 0 || index >= result.documentCount) return undefined;
    const topic = result.topicOf(index);
    const parent = topic === SET_ASIDE_TOPIC ? this.setAside : this.topicNodes.get(topic);
    return parent ? { kind: 'document', index, parent } : undefined;
  }

  /** Lists the next page of a topic's documents (the "more" row's command). */
  showMore(node: MoreNode): void {
    this.shown.set(this.topicIdOf(node.parent), node.shown + DOCUMENTS_PER_PAGE);
    this.changed.fire(node.parent);
  }

  private topicIdOf(node: TopicNode | SetAsideNode): number {
    return node.kind === 'topic' ? node.topic.id : SET_ASIDE_TOPIC;
  }

  /** Groups and ungrouped topics by size, ties by id; outliers, then set-aside documents, last. */
  private roots(): TopicTreeNode[] {
    const topics = [...this.topicNodes.values()].filter((n) => n.topic.id >= 0 && !this.groupOfTopic.has(n.topic.id));
    const entries: (GroupNode | TopicNode)[] = [...this.groupNodes.values(), ...topics].sort(bySize);
    const outliers = this.topicNodes.get(OUTLIER_TOPIC);
    return [...entries, ...(outliers && outliers.topic.count > 0 ? [outliers] : []), ...(this.setAside ? [this.setAside] : [])];
  }

  async getChildren(node?: TopicTreeNode): Promise<TopicTreeNode[]> {
    const result = this.store.current;
    if (!result) return [];
    if (!node) return this.roots();
    if (node.kind === 'document' || node.kind === 'more') return [];
    if (node.kind === 'group') return node.group.topics.flatMap((t) => this.topicNodes.get(t) ?? []).sort(bySize);
    const topicId = this.topicIdOf(node);
    const { probability, startLine } = result.packed.documents;
    const members = Array.from(result.membersOf(topicId));
    members.sort((a, b) => probability[b] - probability[a] || compare(result.pathOf(a), result.pathOf(b)) || startLine[a] - startLine[b]);
    const page = members.slice(0, this.shown.get(topicId) ?? DOCUMENTS_PER_PAGE);
    await this.checkExistence(page.map((i) => result.pathOf(i)));
    const rows: TopicTreeNode[] = page.map((index) => ({ kind: 'document', index, parent: node }));
    return page.length < members.length ? [...rows, { kind: 'more', parent: node, shown: page.length, total: members.length }] : rows;
  }

  getParent(node: TopicTreeNode): TopicTreeNode | undefined {
    if (node.kind === 'document' || node.kind === 'more') return node.parent;
    return node.kind === 'topic' ? this.groupOfTopic.get(node.topic.id) : undefined;
  }

  getTreeItem(node: TopicTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return this.groupItem(node);
      case 'topic':
        return this.topicItem(node.topic);
      case 'setAside': {
        const item = new vscode.TreeItem('Not embeddable', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'setAside';
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        item.tooltip = 'Documents with no word the model knows: they were set aside before clustering.';
        item.contextValue = 'setAside';
        return item;
      }
      case 'document':
        return this.documentItem(node.index);
      case 'more': {
        const item = new vscode.TreeItem(`Show ${Math.min(DOCUMENTS_PER_PAGE, node.total - node.shown)} more…`, vscode.TreeItemCollapsibleState.None);
        item.description = `${node.shown} of ${node.total} shown`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: SHOW_MORE_COMMAND, title: 'Show More Documents', arguments: [node] };
        return item;
      }
    }
  }

  /** Tooltips are made when a row is hovered, not for every row shown. */
  resolveTreeItem(item: vscode.TreeItem, node: TopicTreeNode): vscode.TreeItem {
    if (node.kind === 'group') item.tooltip = this.groupTooltip(node);
    else if (node.kind === 'topic') item.tooltip = this.topicTooltip(node.topic);
    else if (node.kind === 'document') item.tooltip = this.documentTooltip(node.index);
    return item;
  }

  private topicItem(topic: TopicInfo): vscode.TreeItem {
    const labels = this.store.customLabels;
    const item = new vscode.TreeItem(topicLabel(topic.id, topic.words, labels), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `topic:${topic.id}`;
    // The readable title beside the count: the label stays "N: w1_w2_w3" (or the user's own).
    const findings = this.audit?.countOfTopic(topic.id) ?? 0;
    const badge = findings > 0 ? ` · ⚑ ${findings}` : '';
    item.description = topic.id >= 0 && topic.title ? `${topic.count}${badge} · ${topic.title}` : `${topic.count}${badge}`;
    item.contextValue = topic.id === OUTLIER_TOPIC ? 'topic-outliers' : 'topic';
    const color = this.granularity.grouping()?.colors.ofTopic.get(topic.id);
    item.iconPath =
      topic.id === OUTLIER_TOPIC
        ? new vscode.ThemeIcon('question')
        : color
          ? new vscode.ThemeIcon('circle-filled', familyColor(color.family))
          : new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('descriptionForeground'));
    return item;
  }

  /** A group: its name, documents and share of all documents, expanding to its topics. */
  private groupItem(node: GroupNode): vscode.TreeItem {
    const { group } = node;
    const item = new vscode.TreeItem(this.groupName(group), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${group.id}`;
    const total = this.store.current?.documentCount ?? 0;
    item.description = `${node.count} · ${share(node.count, total)} · ${group.topics.length} topics`;
    item.contextValue = 'group';
    const family = this.granularity.grouping()?.colors.ofGroup.get(group.id);
    item.iconPath = new vscode.ThemeIcon('layers', family === undefined ? undefined : familyColor(family));
    return item;
  }

  private groupTooltip(node: GroupNode): vscode.MarkdownString {
    const { group } = node;
    const name = this.groupName(group);
    const total = this.store.current?.documentCount ?? 0;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(name)}** · ${node.count} documents (${share(node.count, total)}) in ${group.topics.length} topics\n\n`);
    appendWords(md, group.words);
    const topics = group.topics.flatMap((t) => this.topicNodes.get(t)?.topic ?? []).sort((a, b) => b.count - a.count);
    md.appendMarkdown('**Topics**\n\n');
    for (const topic of topics.slice(0, TOOLTIP_TOPICS))
      md.appendMarkdown(`- ${escapeMarkdown(topicLabel(topic.id, topic.words, this.store.customLabels))} (${topic.count})\n`);
    if (topics.length > TOOLTIP_TOPICS) md.appendMarkdown(`- … and ${topics.length - TOOLTIP_TOPICS} more\n`);
    return md;
  }

  private groupName(group: TopicGroup): string {
    return groupLabel(group, new Map([...this.topicNodes].map(([id, n]) => [id, n.topic])), this.store.customLabels);
  }

  private topicTooltip(topic: TopicInfo): vscode.MarkdownString {
    const name = topicLabel(topic.id, topic.words, this.store.customLabels);
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(name)}** · ${topic.count} document${topic.count === 1 ? '' : 's'}\n\n`);
    if (topic.id >= 0 && topic.title) md.appendMarkdown(`*${escapeMarkdown(topic.title)}*\n\n`);
    const findings = this.audit?.countOfTopic(topic.id) ?? 0;
    if (findings > 0) md.appendMarkdown(`⚑ ${findings} audit finding${findings === 1 ? '' : 's'} concern this topic (see the Audit view)\n\n`);
    appendWords(md, topic.words);
    const result = this.store.current;
    const representative = topic.representativeDocs.flatMap((i) => result?.document(i) ?? []);
    if (representative.length > 0) {
      md.appendMarkdown('**Representative documents**\n\n');
      for (const doc of representative) md.appendMarkdown(`- ${escapeMarkdown(documentTitle(doc))}\n`);
    }
    return md;
  }

  private isMissing(path: string): boolean {
    const uri = this.store.documentUri(path);
    return uri !== undefined && this.exists.get(uri.toString()) === false;
  }

  private documentItem(index: number): vscode.TreeItem {
    const result = this.store.current!;
    const path = result.pathOf(index);
    const heading = result.headingOf(index);
    const startLine = result.packed.documents.startLine[index];
    const missing = this.isMissing(path);
    const fileName = path.slice(path.lastIndexOf('/') + 1);
    const item = new vscode.TreeItem(heading ?? fileName, vscode.TreeItemCollapsibleState.None);
    item.id = `document:${index}`;
    const location = heading === null && startLine <= 1 ? path : `${path}:${startLine}`;
    item.description = missing ? `${location} — missing` : result.packed.documents.weak[index] ? `${location} · weakly placed` : location;
    item.contextValue = missing ? 'document-missing' : 'document';
    item.resourceUri = this.store.documentUri(path);
    item.iconPath = missing
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : heading === null
        ? vscode.ThemeIcon.File
        : new vscode.ThemeIcon('symbol-text');
    item.command = { command: 'topicLens.openDocument', title: 'Open Document', arguments: [index] };
    return item;
  }

  private documentTooltip(index: number): vscode.MarkdownString | undefined {
    const doc = this.store.current?.document(index);
    if (!doc) return undefined;
    const missing = this.isMissing(doc.path);
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.appendMarkdown(`**${escapeMarkdown(documentTitle(doc))}**\n\n`);
    if (missing) md.appendMarkdown('*The file no longer exists.*\n\n');
    if (doc.weak)
      md.appendMarkdown(
        `*Weakly placed*: outside the topic's dense core, joined by similarity ${doc.probability.toFixed(2)} · lines ${doc.startLine}–${doc.endLine}\n\n`,
      );
    else if (doc.topic >= 0) md.appendMarkdown(`Probability ${doc.probability.toFixed(2)} · lines ${doc.startLine}–${doc.endLine}\n\n`);
    else if (doc.unembeddableReason) md.appendMarkdown(`${escapeMarkdown(doc.unembeddableReason)}\n\n`);
    if (doc.snippet) md.appendMarkdown(`> ${escapeMarkdown(doc.snippet)}`);
    return md;
  }

  private async checkExistence(paths: readonly string[]): Promise<void> {
    const unknown = new Map<string, vscode.Uri>();
    for (const path of new Set(paths)) {
      const uri = this.store.documentUri(path);
      if (uri && !this.exists.has(uri.toString())) unknown.set(uri.toString(), uri);
    }
    await Promise.all(
      [...unknown].map(async ([key, uri]) => {
        try {
          await vscode.workspace.fs.stat(uri);
          this.exists.set(key, true);
        } catch {
          this.exists.set(key, false);
        }
      }),
    );
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The words' table of a tooltip. */
function appendWords(md: vscode.MarkdownString, topicWords: readonly TopicWord[]): void {
  const words = topicWords.slice(0, TOOLTIP_WORDS);
  if (words.length === 0) return;
  md.appendMarkdown('| Word | Score |\n|:--|--:|\n');
  for (const w of words) md.appendMarkdown(`| ${escapeMarkdown(w.word)} | ${w.score.toFixed(3)} |\n`);
  md.appendMarkdown('\n');
}

/** Larger first, then by id. */
function bySize(a: GroupNode | TopicNode, b: GroupNode | TopicNode): number {
  const size = (n: GroupNode | TopicNode) => (n.kind === 'group' ? n.count : n.topic.count);
  const id = (n: GroupNode | TopicNode) => (n.kind === 'group' ? n.group.id : n.topic.id);
  return size(b) - size(a) || id(a) - id(b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
