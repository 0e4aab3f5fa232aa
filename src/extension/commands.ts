/**
 * Every command of the extension in one table. Tree context-menu commands get (clicked node, selected nodes);
 * from the command palette they fall back to the tree's selection, then to a quick pick.
 */
import * as vscode from 'vscode';
import { topicLabel, type TopicInfo } from '../core/result';
import type { TopicLensContext } from './context';
import { exportReport } from './exportReport';
import { pickWorkspaceFolder } from './folders';
import type { TopicTreeNode } from './topicTree';

type CommandHandler = (ctx: TopicLensContext, ...args: never[]) => unknown;

const MAX_LABEL_LENGTH = 80;

/** The topics a command applies to: the selection when the clicked node is part of it, else the clicked node. */
function topicsOf(ctx: TopicLensContext, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]): TopicInfo[] {
  const nodes = node ? (selected?.includes(node) ? selected : [node]) : ctx.treeView.selection;
  const topics = nodes.flatMap((n) => (n.kind === 'topic' ? [n.topic] : []));
  return [...new Map(topics.map((t) => [t.id, t])).values()];
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

  'topicLens.exportReport': (ctx) => exportReport(ctx.store),

  'topicLens.openMap': (ctx) => ctx.map.show(),

  'topicLens.openSettings': () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:topic-lens.topic-lens'),

  'topicLens.showLog': (ctx) => ctx.log.show(),

  'topicLens.openDocument': (ctx, index: number) => ctx.openDocument(index),

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

  'topicLens.showInMap': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const topic = await oneTopic(ctx, 'Show which topic in the map?', node, selected);
    if (topic) ctx.map.show(topic.id);
  },

  'topicLens.renameTopic': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const topic = await oneTopic(ctx, 'Rename which topic?', node, selected);
    if (!topic || topic.id < 0) return;
    const current = ctx.store.customLabels.get(topic.id);
    const label = await vscode.window.showInputBox({
      title: `Rename topic ${topic.id}`,
      prompt: 'A name for this topic; it stays with the topic when you detect topics again. Leave empty to show its words again.',
      value: current ?? topic.words.slice(0, 3).map((w) => w.word).join(' '),
      validateInput: (value) => (value.trim().length > MAX_LABEL_LENGTH ? `At most ${MAX_LABEL_LENGTH} characters.` : undefined),
    });
    if (label !== undefined) await ctx.store.rename(topic.id, label);
  },

  'topicLens.mergeTopics': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    let topics = topicsOf(ctx, node, selected).filter((t) => t.id >= 0);
    if (topics.length < 2) {
      topics = await pickTopics(ctx, 'Merge which topics? Pick at least two.', true, topics.map((t) => t.id));
      if (topics.length === 0) return;
    }
    if (topics.length < 2) {
      void vscode.window.showInformationMessage('Topic Lens: pick at least two topics to merge.');
      return;
    }
    await ctx.detection.merge(topics.map((t) => t.id));
  },

  'topicLens.copyTopicWords': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const topic = await oneTopic(ctx, 'Copy the words of which topic?', node, selected);
    if (!topic) return;
    await vscode.env.clipboard.writeText(topic.words.map((w) => w.word).join(', '));
    vscode.window.setStatusBarMessage(`Topic Lens: copied the words of topic ${topic.id}`, 3000);
  },

  'topicLens.revealDocuments': async (ctx, node?: TopicTreeNode, selected?: readonly TopicTreeNode[]) => {
    const result = ctx.store.current;
    if (!result) return;
    let docs;
    if (node?.kind === 'document') {
      docs = [result.documents[node.index]];
    } else {
      const topic = await oneTopic(ctx, 'Reveal the documents of which topic?', node, selected);
      if (!topic) return;
      docs = result.documents.filter((d) => d.topic === topic.id);
    }
    // The explorer selects one file at a time: a topic spread over several files asks which.
    const counts = new Map<string, number>();
    for (const doc of docs) counts.set(doc.path, (counts.get(doc.path) ?? 0) + 1);
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
};

export function registerCommands(ctx: TopicLensContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: never[]) => handler(ctx, ...args)),
  );
}
