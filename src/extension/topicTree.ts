/**
 * The "Topics" tree: topics by size (outliers last), each expanding to its documents by probability, a page at a
 * time (the outliers of a large tree are thousands). Built lazily: rows read the stored result's columns when
 * shown, tooltips are made when hovered (`resolveTreeItem`).
 * Every user string (words, paths, headings, snippets) reaches tooltips escaped, in untrusted Markdown.
 */
import * as vscode from 'vscode';
import { OUTLIER_TOPIC, SET_ASIDE_TOPIC, topicLabel, type TopicInfo } from '../core/result';
import { documentTitle, escapeMarkdown } from '../core/report/markdown';
import type { ResultStore } from './resultStore';

export interface TopicNode {
  readonly kind: 'topic';
  readonly topic: TopicInfo;
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

export type TopicTreeNode = TopicNode | SetAsideNode | DocumentNode | MoreNode;

export const TREE_VIEW_ID = 'topicLens.topics';
export const SHOW_MORE_COMMAND = 'topicLens.showMoreDocuments';
const TOOLTIP_WORDS = 10;
/** Documents listed per page under a topic. */
export const DOCUMENTS_PER_PAGE = 500;

/** The colour a topic has in the map (contributed theme colours `topicLens.topic1…20`), or none. */
export function topicColor(topicId: number, topTopics: number): vscode.ThemeColor | undefined {
  return topicId >= 0 && topicId < topTopics ? new vscode.ThemeColor(`topicLens.topic${topicId + 1}`) : undefined;
}

export class TopicTreeProvider implements vscode.TreeDataProvider<TopicTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TopicTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private topicNodes = new Map<number, TopicNode>();
  private setAside: SetAsideNode | undefined;
  /** Whether each document's file exists, by URI string; filled when a topic is expanded. */
  private readonly exists = new Map<string, boolean>();
  /** How many documents each expanded topic lists (by topic id), beyond the first page. */
  private readonly shown = new Map<number, number>();
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly store: ResultStore,
    private readonly topTopics: () => number,
  ) {
    this.rebuild();
    this.disposables.push(store.onDidChange((change) => (change.kind === 'labels' ? this.refresh() : this.rebuild())));
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
    this.exists.clear();
    this.shown.clear();
    this.watchSource();
    this.refresh();
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

  /** Topics by size, ties by id; outliers, then set-aside documents, last. */
  private roots(): TopicTreeNode[] {
    const topics = [...this.topicNodes.values()].filter((n) => n.topic.id >= 0).sort((a, b) => b.topic.count - a.topic.count || a.topic.id - b.topic.id);
    const outliers = this.topicNodes.get(OUTLIER_TOPIC);
    return [...topics, ...(outliers && outliers.topic.count > 0 ? [outliers] : []), ...(this.setAside ? [this.setAside] : [])];
  }

  async getChildren(node?: TopicTreeNode): Promise<TopicTreeNode[]> {
    const result = this.store.current;
    if (!result) return [];
    if (!node) return this.roots();
    if (node.kind === 'document' || node.kind === 'more') return [];
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
    return node.kind === 'document' || node.kind === 'more' ? node.parent : undefined;
  }

  getTreeItem(node: TopicTreeNode): vscode.TreeItem {
    switch (node.kind) {
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
    if (node.kind === 'topic') item.tooltip = this.topicTooltip(node.topic);
    else if (node.kind === 'document') item.tooltip = this.documentTooltip(node.index);
    return item;
  }

  private topicItem(topic: TopicInfo): vscode.TreeItem {
    const labels = this.store.customLabels;
    const item = new vscode.TreeItem(topicLabel(topic.id, topic.words, labels), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `topic:${topic.id}`;
    // The readable title beside the count: the label stays "N: w1_w2_w3" (or the user's own).
    item.description = topic.id >= 0 && topic.title ? `${topic.count} · ${topic.title}` : String(topic.count);
    item.contextValue = topic.id === OUTLIER_TOPIC ? 'topic-outliers' : 'topic';
    const color = topicColor(topic.id, this.topTopics());
    item.iconPath =
      topic.id === OUTLIER_TOPIC
        ? new vscode.ThemeIcon('question')
        : color
          ? new vscode.ThemeIcon('circle-filled', color)
          : new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('descriptionForeground'));
    return item;
  }

  private topicTooltip(topic: TopicInfo): vscode.MarkdownString {
    const name = topicLabel(topic.id, topic.words, this.store.customLabels);
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMarkdown(name)}** · ${topic.count} document${topic.count === 1 ? '' : 's'}\n\n`);
    if (topic.id >= 0 && topic.title) md.appendMarkdown(`*${escapeMarkdown(topic.title)}*\n\n`);
    const words = topic.words.slice(0, TOOLTIP_WORDS);
    if (words.length > 0) {
      md.appendMarkdown('| Word | Score |\n|:--|--:|\n');
      for (const w of words) md.appendMarkdown(`| ${escapeMarkdown(w.word)} | ${w.score.toFixed(3)} |\n`);
      md.appendMarkdown('\n');
    }
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
    if (doc.weak) md.appendMarkdown(`*Weakly placed*: outside the topic's dense core, joined by similarity ${doc.probability.toFixed(2)} · lines ${doc.startLine}–${doc.endLine}\n\n`);
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
