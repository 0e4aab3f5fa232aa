/**
 * Every command of the extension in one table. Tree context-menu commands get (clicked node, selected nodes);
 * from the command palette they fall back to the tree's selection, then to a quick pick.
 */
import * as vscode from 'vscode';
import { groupLabel, topicLabel, type TopicInfo, type TopicWord } from '../core/result';
import { AUDIT_COMMANDS } from './audit/auditCommands';
import type { TopicLensContext } from './context';
import { exportReport } from './exportReport';
import { pickWorkspaceFolder } from './folders';
import { SHOW_MORE_COMMAND, type GroupNode, type MoreNode, type TopicTreeNode } from './topicTree';

type CommandHandler = (ctx: TopicLensContext, ...args: never[]) => unknown;

const MAX_LABEL_LENGTH = 80;

/** The nodes a command applies to: the selection when the clicked node is part of it, else the clicked node. */
function nodesOf(ctx: TopicLensContext, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]): readonly TopicTreeNode[] {
  return node ? (selected?.includes(node) ? selected : [node]) : ctx.treeView.selection;
}

/** The topics a command applies to; a group stands for all of its topics. */
function topicsOf(ctx: TopicLensContext, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]): TopicInfo[] {
  const byId = new Map((ctx.store.current?.topics ?? []).map((t) => [t.id, t]));
  const topics = nodesOf(ctx, node, selected).flatMap((n) =>
    n.kind === 'topic' ? [n.topic] : n.kind === 'group' ? n.group.topics.flatMap((t) => byId.get(t) ?? []) : [],
  );
  return [...new Map(topics.map((t) => [t.id, t])).values()];
}

/** The group a command was given (clicked, or first in the selection), if it is one. */
function groupOf(ctx: TopicLensContext, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]): GroupNode | undefined {
  const first = nodesOf(ctx, node, selected)[0];
  return first?.kind === 'group' ? first : undefined;
}

function groupName(ctx: TopicLensContext, group: GroupNode): string {
  return groupLabel(group.group, new Map((ctx.store.current?.topics ?? []).map((t) => [t.id, t])), ctx.store.customLabels);
}

async function copyWords(words: readonly TopicWord[], what: string): Promise<void> {
  await vscode.env.clipboard.writeText(words.map((w) => w.word).join(', '));
  vscode.window.setStatusBarMessage(`Topic Lens: copied the words of ${what}`, 3000);
}

async function pickTopics(ctx: TopicLensContext, placeHolder: string, canPickMany: boolean, preselected: readonly number[] = []): Promise<TopicInfo[]> {
  const result = ctx.store.current;
  if (!result) return [];
  const items = result.topics
    .filter((t) => t.id >= 0)
    .map((topic) => ({
      label: topicLabel(topic.id, topic.words, ctx.store.customLabels),
      description: `${topic.count} documents`,
      picked: preselected.includes(topic.id),
      topic,
    }));
  if (canPickMany) {
    const picked = await vscode.window.showQuickPick(items, { placeHolder, canPickMany: true });
    return picked?.map((p) => p.topic) ?? [];
  }
  const picked = await vscode.window.showQuickPick(items, { placeHolder });
  return picked ? [picked.topic] : [];
}

async function oneTopic(ctx: TopicLensContext, placeHolder: string, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]): Promise<TopicInfo | undefined> {
  return topicsOf(ctx, node, selected)[0] ?? (await pickTopics(ctx, placeHolder, false))[0];
}

export const COMMANDS: Record<string, CommandHandler> = {
  'topicLens.detectTopics': async (ctx) => {
    const folder = await pickWorkspaceFolder();
    if (folder) await ctx.detection.detect(folder);
  },

  'topicLens.detectTopicsInFolder': async (ctx, folder?: vscode.Uri) => {
    const target = folder ?? (await pickWorkspaceFolder());
    if (target) await ctx.detection.detect(target);
  },

  'topicLens.refresh': async (ctx) => {
    const folder = ctx.store.sourceUri();
    if (folder) await ctx.detection.detect(folder);
    else await vscode.commands.executeCommand('topicLens.detectTopics');
  },

  'topicLens.cancel': (ctx) => ctx.detection.cancel(),

  'topicLens.exportReport': (ctx) => exportReport(ctx.store, ctx.granularity.grouping()?.groups),

  'topicLens.openMap': (ctx) => ctx.map.show(),

  'topicLens.openSettings': () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:topic-lens.topic-lens'),

  'topicLens.showLog': (ctx) => ctx.log.show(),

  'topicLens.openDocument': (ctx, index: number) => ctx.openDocument(index),

  [SHOW_MORE_COMMAND]: (ctx, node: MoreNode) => ctx.tree.showMore(node),

  /** `key` is for scripts and tests; people type it into a password box. It goes to SecretStorage only. */
  'topicLens.setEmbeddingServerKey': async (ctx, key?: string) => {
    const entered =
      typeof key === 'string'
        ? key
        : await vscode.window.showInputBox({
            title: 'Embedding Server API Key',
            prompt: 'The key is sent as "Authorization: Bearer …" to topicLens.embeddingServer.url. It is kept in VS Code\'s secret storage, not in settings.',
            password: true,
            ignoreFocusOut: true,
            validateInput: (value) => (value.trim() === '' ? 'Enter a key (or run "Clear Embedding Server API Key").' : undefined),
          });
    if (entered === undefined || entered.trim() === '') return;
    await ctx.models.setServerKey(entered.trim());
    ctx.log.info('The embedding server API key was saved in secret storage.');
    vscode.window.setStatusBarMessage('Topic Lens: embedding server API key saved', 3000);
  },

  'topicLens.clearEmbeddingServerKey': async (ctx) => {
    await ctx.models.clearServerKey();
    ctx.log.info('The embedding server API key was removed from secret storage.');
    vscode.window.setStatusBarMessage('Topic Lens: embedding server API key removed', 3000);
  },

  'topicLens.fewerTopics': async (ctx) => {
    if (!(await ctx.granularity.step(-1))) vscode.window.setStatusBarMessage('Topic Lens: these are the fewest groups', 3000);
  },

  'topicLens.moreTopics': async (ctx) => {
    if (!(await ctx.granularity.step(1))) vscode.window.setStatusBarMessage('Topic Lens: every topic is shown', 3000);
  },

  'topicLens.showInMap': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const group = groupOf(ctx, node, selected);
    if (group) return ctx.map.show({ kind: 'group', id: group.group.id });
    const topic = await oneTopic(ctx, 'Show which topic in the map?', node, selected);
    if (topic) ctx.map.show({ kind: 'topic', id: topic.id });
  },

  'topicLens.renameTopic': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const group = groupOf(ctx, node, selected);
    if (group) {
      const label = await vscode.window.showInputBox({
        title: `Rename the group of ${group.group.topics.length} topics`,
        prompt: 'A name for this group of topics; it stays with its documents when you detect topics again. Leave empty to show its words again.',
        value: ctx.store.customLabels.get(group.group.id) ?? groupName(ctx, group),
        validateInput: (value) => (value.trim().length > MAX_LABEL_LENGTH ? `At most ${MAX_LABEL_LENGTH} characters.` : undefined),
      });
      if (label !== undefined) await ctx.store.rename(group.group.id, label);
      return;
    }
    const topic = await oneTopic(ctx, 'Rename which topic?', node, selected);
    if (!topic || topic.id < 0) return;
    const current = ctx.store.customLabels.get(topic.id);
    const label = await vscode.window.showInputBox({
      title: `Rename topic ${topic.id}`,
      prompt: 'A name for this topic; it stays with the topic when you detect topics again. Leave empty to show its words again.',
      value:
        current ??
        topic.words
          .slice(0, 3)
          .map((w) => w.word)
          .join(' '),
      validateInput: (value) => (value.trim().length > MAX_LABEL_LENGTH ? `At most ${MAX_LABEL_LENGTH} characters.` : undefined),
    });
    if (label !== undefined) await ctx.store.rename(topic.id, label);
  },

  'topicLens.mergeTopics': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    let topics = topicsOf(ctx, node, selected).filter((t) => t.id >= 0);
    if (topics.length < 2) {
      topics = await pickTopics(
        ctx,
        'Merge which topics? Pick at least two.',
        true,
        topics.map((t) => t.id),
      );
      if (topics.length === 0) return;
    }
    if (topics.length < 2) {
      void vscode.window.showInformationMessage('Topic Lens: pick at least two topics to merge.');
      return;
    }
    // A group stands for many topics: say how many before they become one.
    if (nodesOf(ctx, node, selected).some((n) => n.kind === 'group')) {
      const answer = await vscode.window.showWarningMessage(
        `Merge ${topics.length} topics into one topic?`,
        { modal: true, detail: 'Their words are computed again. Detect Topics undoes it.' },
        'Merge',
      );
      if (answer !== 'Merge') return;
    }
    await ctx.detection.merge(topics.map((t) => t.id));
  },

  'topicLens.copyTopicWords': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const group = groupOf(ctx, node, selected);
    if (group) return copyWords(group.group.words, `the group "${groupName(ctx, group)}"`);
    const topic = await oneTopic(ctx, 'Copy the words of which topic?', node, selected);
    if (topic) await copyWords(topic.words, `topic ${topic.id}`);
  },

  'topicLens.revealDocuments': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const result = ctx.store.current;
    if (!result) return;
    let docs: ArrayLike<number>;
    if (node?.kind === 'document') {
      docs = [node.index];
    } else {
      const group = groupOf(ctx, node, selected);
      const topic = group ? undefined : await oneTopic(ctx, 'Reveal the documents of which topic?', node, selected);
      const topics = group ? group.group.topics : topic ? [topic.id] : [];
      if (topics.length === 0) return;
      docs = topics.flatMap((t) => Array.from(result.membersOf(t)));
    }
    // The explorer selects one file at a time: a topic spread over several files asks which.
    const counts = new Map<string, number>();
    for (const path of Array.from(docs, (i) => result.pathOf(i))) counts.set(path, (counts.get(path) ?? 0) + 1);
    const paths = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([path]) => path);
    let path: string | undefined = paths[0];
    if (paths.length > 1) {
      const picked = await vscode.window.showQuickPick(
        paths.map((p) => ({ label: p, description: `${counts.get(p)} section${counts.get(p) === 1 ? '' : 's'}` })),
        { placeHolder: 'Reveal which file in the Explorer?' },
      );
      path = picked?.label;
    }
    const root = ctx.store.sourceUri();
    if (path && root) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.joinPath(root, ...path.split('/')));
  },

  ...AUDIT_COMMANDS,
};

export function registerCommands(ctx: TopicLensContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) => vscode.commands.registerCommand(id, (...args: never[]) => handler(ctx, ...args)));
}
