/**
 * The grouped Topics tree on a workspace with many topics: real documentation (the READMEs of the packages this
 * extension is built with, copied into a folder of the workspace for this suite), "Fewer Topics" and "More Topics",
 * the commands on a group, and the map following the tree's selection to a group.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TopicLensResult } from '../../src/core/result';
import type { TopicLensApi, TopicTreeNode } from '../../src/extension/api';
import { activatedApi, eventually, EXTENSION_ID, waitFor, workspaceRoot } from './helpers';

const FOLDER = 'package-readmes';
/** The default of topicLens.tree.groupAbove. */
const GROUP_ABOVE = 30;

type GroupNode = Extract<TopicTreeNode, { kind: 'group' }>;
type TopicNode = Extract<TopicTreeNode, { kind: 'topic' }>;

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The README of every package in the extension's node_modules (scoped ones too), by a flat file name. */
function packageReadmes(): { name: string; text: string }[] {
  const modules = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath, 'node_modules');
  const packages = readdirSync(modules).flatMap((name) =>
    name.startsWith('@') ? readdirSync(path.join(modules, name)).map((inner) => `${name}/${inner}`) : [name],
  );
  return packages.flatMap((name) => {
    const file = path.join(modules, name, 'README.md');
    try {
      return statSync(file).isFile() ? [{ name: `${name.replace('/', '__')}.md`, text: readFileSync(file, 'utf8') }] : [];
    } catch {
      return [];
    }
  });
}

async function roots(api: TopicLensApi): Promise<TopicTreeNode[]> {
  return api.getTopicTree().getChildren();
}

/**
 * Selects `node` in the Topics view. The view fetches the tree anew after a change (here, the merge) only once it
 * shows; until it has, VS Code does not know the node ("Data tree node not found"), so the reveal is retried.
 */
async function selectInView(view: vscode.TreeView<TopicTreeNode>, node: TopicTreeNode, what: string): Promise<void> {
  await eventually(
    `the Topics view to show ${what}`,
    async () => {
      try {
        await view.reveal(node, { select: true, focus: true });
        return true;
      } catch {
        return undefined;
      }
    },
    60_000,
  );
}

suite('Topic groups: the grouped tree, Fewer/More Topics, and the map at group level', () => {
  const config = () => vscode.workspace.getConfiguration('topicLens');
  let result: TopicLensResult;

  suiteSetup(async () => {
    const api = await activatedApi();
    // The folder is written for this suite alone: no incremental update of another result should chase it.
    await config().update('incremental.enabled', false, vscode.ConfigurationTarget.Workspace);
    const readmes = packageReadmes();
    assert.ok(readmes.length >= 200, `only ${readmes.length} package READMEs to read`);
    for (const { name, text } of readmes) {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceRoot(), FOLDER, name), new TextEncoder().encode(text));
    }
    const outcome = await api.runDetect(vscode.Uri.joinPath(workspaceRoot(), FOLDER));
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome).slice(0, 300));
    // The audit that follows replaces the result with an audited one: the tests compare with that.
    await waitFor('the audit after Detect Topics', api.whenAudited());
    result = api.getResult()!;
    const topics = result.topics.filter((t) => t.id >= 0).length;
    assert.ok(topics > GROUP_ABOVE, `${topics} topics: not enough to be grouped`);
    assert.equal(result.hierarchy?.merges.length, topics - 1, 'the run kept the topic hierarchy');
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), FOLDER), { recursive: true, useTrash: false });
    await config().update('incremental.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('above groupAbove topics the top level holds groups, named, counted and shared, expanding to their topics', async () => {
    const api = await activatedApi();
    const tree = api.getTopicTree();
    const top = await roots(api);
    const groups = top.filter((n): n is GroupNode => n.kind === 'group');
    const granularity = api.getGranularity();
    assert.ok(groups.length >= 2, `${groups.length} groups at the top`);
    assert.ok(granularity.groups < granularity.topics && granularity.groups <= GROUP_ABOVE);
    assert.equal(top.filter((n) => n.kind === 'group' || (n.kind === 'topic' && n.topic.id >= 0)).length, granularity.groups);
    assert.match(api.getTopicsView().description ?? '', new RegExp(`${granularity.topics} topics in ${granularity.groups} groups$`));

    // Every topic is shown once: at the top, or under its group.
    const seen: number[] = [];
    for (const node of top) {
      if (node.kind === 'topic' && node.topic.id >= 0) seen.push(node.topic.id);
      if (node.kind !== 'group') continue;
      const item = tree.getTreeItem(node);
      const children = (await tree.getChildren(node)) as TopicNode[];
      const count = children.reduce((sum, child) => sum + child.topic.count, 0);
      assert.ok(labelOf(item).length > 0, 'a group has a name');
      assert.match(String(item.description), new RegExp(`^${count} · [\\d.]+ % · ${children.length} topics$`));
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      for (let i = 1; i < children.length; i++) assert.ok(children[i - 1].topic.count >= children[i].topic.count, 'topics by size');
      for (const child of children) {
        assert.equal(child.kind, 'topic');
        assert.equal(tree.getParent(child), node, 'a topic knows its group (reveal needs it)');
        seen.push(child.topic.id);
      }
      // …and a topic expands to its documents.
      const documents = await tree.getChildren(children[0]);
      assert.equal(documents.length, children[0].topic.count);
    }
    assert.deepEqual(
      seen.sort((a, b) => a - b),
      result.topics.filter((t) => t.id >= 0).map((t) => t.id),
    );
  });

  test('Fewer Topics and More Topics regroup the same result, down to two groups and up to every topic', async () => {
    const api = await activatedApi();
    const { groups: start, levels, topics } = api.getGranularity();
    const rootCount = async () => (await roots(api)).filter((n) => n.kind === 'group' || (n.kind === 'topic' && n.topic.id >= 0)).length;

    await vscode.commands.executeCommand('topicLens.fewerTopics');
    const fewer = api.getGranularity().groups;
    assert.ok(fewer < start, `${fewer} groups after Fewer Topics, ${start} before`);
    assert.equal(await rootCount(), fewer);
    assert.equal(api.getResult(), result, 'no new run: the same result, cut differently');
    assert.match(api.getTopicsView().description ?? '', new RegExp(`${topics} topics in ${fewer} groups$`));

    while (api.getGranularity().groups > levels.at(-1)!) await vscode.commands.executeCommand('topicLens.fewerTopics');
    assert.equal(api.getGranularity().groups, 2);
    assert.equal(await rootCount(), 2);
    await vscode.commands.executeCommand('topicLens.fewerTopics');
    assert.equal(api.getGranularity().groups, 2, 'no fewer than two groups');

    while (api.getGranularity().groups < topics) await vscode.commands.executeCommand('topicLens.moreTopics');
    const flat = await roots(api);
    assert.ok(!flat.some((n) => n.kind === 'group'), 'every topic shown: the tree is flat');
    assert.equal(await rootCount(), topics);
    assert.match(api.getTopicsView().description ?? '', new RegExp(`${topics} topics$`));

    // Back to where the suite started.
    while (api.getGranularity().groups > start) await vscode.commands.executeCommand('topicLens.fewerTopics');
    assert.equal(api.getGranularity().groups, start);
    assert.equal(api.getResult(), result);
  });

  test('a group can be renamed, its words copied, and its topics merged into one', async () => {
    const api = await activatedApi();
    const tree = api.getTopicTree();
    const [group] = (await roots(api)).filter((n): n is GroupNode => n.kind === 'group');
    await api.renameTopic(group.group.id, 'A group renamed in a test');
    assert.ok((await roots(api)).some((n) => n.kind === 'group' && labelOf(tree.getTreeItem(n)) === 'A group renamed in a test'));

    await vscode.commands.executeCommand('topicLens.copyTopicWords', group, [group]);
    assert.equal(await vscode.env.clipboard.readText(), group.group.words.map((w) => w.word).join(', '));

    const before = api.getResult()!;
    const topics = before.topics.filter((t) => t.id >= 0).length;
    const merged = group.group.topics.length;
    assert.equal((await api.mergeTopics(group.group.topics)).status, 'completed');
    const after = api.getResult()!;
    assert.equal(after.topics.filter((t) => t.id >= 0).length, topics - merged + 1);
    assert.equal(after.hierarchy?.merges.length, topics - merged, 'the merge describes the hierarchy of the new topics');
    assert.ok((await roots(api)).length > 0);
    result = after;
  });

  test('the map follows the tree to a group and to a topic in it, and Show in Map takes a group', async () => {
    const api = await activatedApi();
    const view = api.getTopicsView();
    await vscode.commands.executeCommand('workbench.view.extension.topicLens');
    await vscode.commands.executeCommand('topicLens.openMap');
    const [group] = (await roots(api)).filter((n): n is GroupNode => n.kind === 'group');
    assert.ok(group, 'a group at the top');
    await selectInView(view, group, `group ${group.group.id}`);
    await eventually('the map to select the group', () => {
      const selected = api.getMapSelection();
      return selected?.kind === 'group' && selected.id === group.group.id ? selected : undefined;
    });
    const [topic] = (await api.getTopicTree().getChildren(group)) as TopicNode[];
    await selectInView(view, topic, `topic ${topic.topic.id}`);
    await eventually('the map to select the topic', () => {
      const selected = api.getMapSelection();
      return selected?.kind === 'topic' && selected.id === topic.topic.id ? selected : undefined;
    });
    await vscode.commands.executeCommand('topicLens.showInMap', group, [group]);
    assert.deepEqual(api.getMapSelection(), { kind: 'group', id: group.group.id });
  });
});
