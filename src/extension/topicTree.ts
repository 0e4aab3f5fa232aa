/**
 * The "Topics" tree: topics by size (outliers last), each expanding to its documents by probability. Above
 * `topicLens.tree.groupAbove` topics (or after "Fewer topics") the top level holds groups of topics from the topic
 * hierarchy, each expanding to its topics. Every user string (words, paths, headings, snippets) reaches tooltips
 * escaped, in untrusted Markdown.
 */
import * as vscode from 'vscode';
import type { TopicGroup } from '../core/hierarchy/granularity';
import { groupLabel, OUTLIER_TOPIC, SET_ASIDE_TOPIC, topicLabel, type DocumentResult, type TopicInfo, type TopicWord } from '../core/result';
import { documentTitle, escapeMarkdown } from '../core/report/markdown';
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

export type TopicTreeNode = GroupNode | TopicNode | SetAsideNode | DocumentNode;

export const TREE_VIEW_ID = 'topicLens.topics';
const TOOLTIP_WORDS = 10;
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
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: ResultStore,
    private readonly granularity: TopicGranularity,
  ) {
    this.rebuild();
    this.disposables.push(
      store.onDidChange(() => this.rebuild()),
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
    const setAside = result?.documents.filter((d) => d.topic === SET_ASIDE_TOPIC).length ?? 0;
    this.setAside = setAside > 0 ? { kind: 'setAside', count: setAside } : undefined;
    this.regroup();
    this.exists.clear();
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
    const doc = this.store.current?.documents[index];
    if (!doc) return undefined;
    const parent = doc.topic === SET_ASIDE_TOPIC ? this.setAside : this.topicNodes.get(doc.topic);
    return parent ? { kind: 'document', index, parent } : undefined;
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
    if (node.kind === 'document') return [];
    if (node.kind === 'group') return node.group.topics.flatMap((t) => this.topicNodes.get(t) ?? []).sort(bySize);
    const topicId = node.kind === 'topic' ? node.topic.id : SET_ASIDE_TOPIC;
    const members: number[] = [];
    result.documents.forEach((doc, index) => {
      if (doc.topic === topicId) members.push(index);
    });
    const docs = result.documents;
    members.sort((a, b) => docs[b].probability - docs[a].probability || compare(docs[a].path, docs[b].path) || docs[a].startLine - docs[b].startLine);
    await this.checkExistence(members.map((i) => docs[i]));
    return members.map((index) => ({ kind: 'document', index, parent: node }));
  }

  getParent(node: TopicTreeNode): TopicTreeNode | undefined {
    if (node.kind === 'document') return node.parent;
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
    }
  }

  private topicItem(topic: TopicInfo): vscode.TreeItem {
    const labels = this.store.customLabels;
    const item = new vscode.TreeItem(topicLabel(topic.id, topic.words, labels), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `topic:${topic.id}`;
    // The readable title beside the count: the label stays "N: w1_w2_w3" (or the user's own).
    item.description = topic.id >= 0 && topic.title ? `${topic.count} · ${topic.title}` : String(topic.count);
    item.contextValue = topic.id === OUTLIER_TOPIC ? 'topic-outliers' : 'topic';
    const color = this.granularity.grouping()?.colors.ofTopic.get(topic.id);
    item.iconPath =
      topic.id === OUTLIER_TOPIC
        ? new vscode.ThemeIcon('question')
        : color
          ? new vscode.ThemeIcon('circle-filled', familyColor(color.family))
          : new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('descriptionForeground'));
    item.tooltip = this.topicTooltip(topic);
    return item;
  }

  /** A group: its name, documents and share of all documents, expanding to its topics. */
  private groupItem(node: GroupNode): vscode.TreeItem {
    const { group } = node;
    const name = groupLabel(group, new Map([...this.topicNodes].map(([id, n]) => [id, n.topic])), this.store.customLabels);
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${group.id}`;
    const total = this.store.current?.documents.length ?? 0;
    item.description = `${node.count} · ${share(node.count, total)} · ${group.topics.length} topics`;
    item.contextValue = 'group';
    const family = this.granularity.grouping()?.colors.ofGroup.get(group.id);
    item.iconPath = new vscode.ThemeIcon('layers', family === undefined ? undefined : familyColor(family));
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
    item.tooltip = md;
    return item;
  }

  private topicTooltip(topic: TopicInfo): vscode.MarkdownString {
    const name = topicLabel(topic.id, topic.words, this.store.customLabels);
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(name)}** · ${topic.count} document${topic.count === 1 ? '' : 's'}\n\n`);
    if (topic.id >= 0 && topic.title) md.appendMarkdown(`*${escapeMarkdown(topic.title)}*\n\n`);
    appendWords(md, topic.words);
    const docs = this.store.current?.documents ?? [];
    const representative = topic.representativeDocs.map((i) => docs[i]).filter((d): d is DocumentResult => d !== undefined);
    if (representative.length > 0) {
      md.appendMarkdown('**Representative documents**\n\n');
      for (const doc of representative) md.appendMarkdown(`- ${escapeMarkdown(documentTitle(doc))}\n`);
    }
    return md;
  }

  private documentItem(index: number): vscode.TreeItem {
    const doc = this.store.current!.documents[index];
    const uri = this.store.documentUri(doc);
    const missing = uri !== undefined && this.exists.get(uri.toString()) === false;
    const fileName = doc.path.slice(doc.path.lastIndexOf('/') + 1);
    const item = new vscode.TreeItem(doc.heading ?? fileName, vscode.TreeItemCollapsibleState.None);
    item.id = `document:${index}`;
    const location = doc.heading === null && doc.startLine <= 1 ? doc.path : `${doc.path}:${doc.startLine}`;
    item.description = missing ? `${location} — missing` : doc.weak ? `${location} · weakly placed` : location;
    item.contextValue = missing ? 'document-missing' : 'document';
    item.resourceUri = uri;
    item.iconPath = missing
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : doc.heading === null
        ? vscode.ThemeIcon.File
        : new vscode.ThemeIcon('symbol-text');
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
    item.tooltip = md;
    item.command = { command: 'topicLens.openDocument', title: 'Open Document', arguments: [index] };
    return item;
  }

  private async checkExistence(docs: readonly DocumentResult[]): Promise<void> {
    const unknown = new Map<string, vscode.Uri>();
    for (const doc of docs) {
      const uri = this.store.documentUri(doc);
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
