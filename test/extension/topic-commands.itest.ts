import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SUBJECTS } from '../../scripts/vscode-test/fixture-workspace';
import type { TopicTreeNode } from '../../src/extension/api';
import { activatedApi, workspaceRoot } from './helpers';

/** The commands of the Topics view's context menus and the Explorer's, run with the arguments the menus pass. */
suite('Context-menu commands', () => {
  test('Copy Topic Words puts the topic’s words on the clipboard', async () => {
    const api = await activatedApi();
    const node = (await api.getTopicTree().getChildren()).find((n): n is Extract<TopicTreeNode, { kind: 'topic' }> => n.kind === 'topic' && n.topic.id >= 0);
    assert.ok(node, 'no topic in the tree');
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('topicLens.copyTopicWords', node, [node]);
    assert.equal(await vscode.env.clipboard.readText(), node.topic.words.map((w) => w.word).join(', '));
  });

  test('Detect Topics in Folder (Explorer) analyses that folder only', async () => {
    const api = await activatedApi();
    const folder = vscode.Uri.joinPath(workspaceRoot(), SUBJECTS[0]);
    await vscode.commands.executeCommand('topicLens.detectTopicsInFolder', folder);
    const result = api.getResult()!;
    assert.equal(result.source, folder.toString());
    assert.ok(result.documents.length > 0);
    // Paths are relative to the folder: no document comes from another subject's folder.
    for (const subject of SUBJECTS) assert.ok(!result.documents.some((d) => d.path.startsWith(`${subject}/`)), `a path starts with ${subject}/`);

    // The whole workspace again, for the suites after this one.
    await vscode.commands.executeCommand('topicLens.detectTopics');
    assert.equal(api.getResult()!.source, workspaceRoot().toString());
  });
});
