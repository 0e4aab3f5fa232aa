import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureFiles, SUBJECTS } from '../../scripts/vscode-test/fixture-workspace';
import type { TopicTreeNode } from '../../src/extension/api';
import { activatedApi, fixtureResult, workspaceRoot } from './helpers';

/** The commands of the Topics view's context menus and the Explorer's, run with the arguments the menus pass. */
suite('Context-menu commands', () => {
  test('Copy Topic Words puts the topic’s words on the clipboard', async () => {
    const api = await activatedApi();
    await fixtureResult();
    const node = (await api.getTopicTree().getChildren()).find((n): n is Extract<TopicTreeNode, { kind: 'topic' }> => n.kind === 'topic' && n.topic.id >= 0);
    assert.ok(node, 'no topic in the tree');
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('topicLens.copyTopicWords', node, [node]);
    assert.equal(await vscode.env.clipboard.readText(), node.topic.words.map((w) => w.word).join(', '));
  });

  test('Detect Topics in Folder (Explorer) analyses that folder, every document of it and nothing else', async () => {
    const api = await activatedApi();
    const subject = SUBJECTS[0];
    const folder = vscode.Uri.joinPath(workspaceRoot(), subject);
    await vscode.commands.executeCommand('topicLens.detectTopicsInFolder', folder);
    const result = api.getResult()!;
    assert.equal(result.source, folder.toString());
    // Paths are relative to the folder; every section of every file in it is a document, once.
    const expected = fixtureFiles()
      .filter((f) => f.path.startsWith(`${subject}/`) && !f.excluded)
      .flatMap((f) => f.sections.map((section) => `${f.path.slice(subject.length + 1)} § ${section.heading}`));
    const documents = result.documents.map((d) => `${d.path} § ${d.heading}`);
    assert.deepEqual([...documents].sort(), [...expected].sort());
  });
});
