import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureFiles, OFF_TOPIC_FOLDER, SUBJECTS, subjectWords, type Subject } from '../../scripts/vscode-test/fixture-workspace';
import { escapeMarkdown } from '../../src/core/report/markdown';
import type { TopicTreeNode } from '../../src/extension/api';
import { findingsPerTopic } from '../../src/extension/audit/findingGroups';
import { activatedApi, waitFor, workspaceRoot } from './helpers';

function subjectOf(path: string): Subject | undefined {
  return SUBJECTS.find((subject) => path.startsWith(`${subject}/`));
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

suite('Detect Topics: command → worker → tree', () => {
  suiteSetup(async () => {
    const api = await activatedApi();
    let changes = 0;
    const listener = api.onDidChangeResult(() => changes++);
    try {
      // The palette command, as a user runs it (one folder: no prompt); it resolves when the run ends.
      await vscode.commands.executeCommand('topicLens.detectTopics');
    } finally {
      listener.dispose();
    }
    assert.ok(changes >= 1, 'onDidChangeResult did not fire');
    // The topics come first; the audit follows (the tree's badges are checked against its findings).
    await waitFor('the audit after Detect Topics', api.whenAudited());
  });

  test('the result covers the fixture and finds one topic per subject', async () => {
    const result = (await activatedApi()).getResult();
    assert.ok(result, 'no result after Detect Topics');
    assert.equal(result.source, workspaceRoot().toString());
    for (const subject of SUBJECTS) {
      const docs = result.documents.filter((d) => subjectOf(d.path) === subject && d.topic >= 0);
      assert.ok(docs.length >= 30, `${subject}: only ${docs.length} clustered documents`);
      const counts = new Map<number, number>();
      for (const doc of docs) counts.set(doc.topic, (counts.get(doc.topic) ?? 0) + 1);
      const [mainTopic, inMain] = [...counts].sort((a, b) => b[1] - a[1])[0];
      assert.ok(inMain / docs.length >= 0.9, `${subject} is spread over topics ${JSON.stringify([...counts])}`);
      const topic = result.topics.find((t) => t.id === mainTopic);
      assert.ok(topic);
      const vocabulary = subjectWords(subject);
      const fromSubject = topic.words.slice(0, 3).filter((w) => vocabulary.has(w.word));
      assert.ok(fromSubject.length >= 2, `${subject}'s topic words: ${topic.name}`);
    }
  });

  test('the tree lists topics by size with "N: w1_w2_w3" labels, counts and readable titles', async () => {
    const api = await activatedApi();
    const result = api.getResult()!;
    const tree = api.getTopicTree();
    const roots = await tree.getChildren();
    // The audit's findings per topic show as a badge beside the count.
    const findings = findingsPerTopic(result.audit?.findings ?? [], () => false);
    const badge = (id: number) => (findings.get(id) ? ` · ⚑ ${findings.get(id)}` : '');
    const topicRoots = roots.filter((n): n is Extract<TopicTreeNode, { kind: 'topic' }> => n.kind === 'topic' && n.topic.id >= 0);
    assert.equal(topicRoots.length, result.topics.filter((t) => t.id >= 0).length);
    const sizes = topicRoots.map((n) => n.topic.count);
    assert.deepEqual(
      sizes,
      [...sizes].sort((a, b) => b - a),
      'topics are not sorted by size',
    );
    for (const node of topicRoots) {
      const item = tree.getTreeItem(node);
      const words = node.topic.words
        .slice(0, 3)
        .map((w) => w.word)
        .join('_');
      assert.equal(label(item), `${node.topic.id}: ${words}`);
      // Beside the count, the readable title every fresh result gives a topic.
      assert.ok(node.topic.title, `topic ${node.topic.id} has no title`);
      assert.equal(item.description, `${node.topic.count}${badge(node.topic.id)} · ${node.topic.title}`);
      // The tooltip is made when the row is hovered.
      const { tooltip } = tree.resolveTreeItem(item, node);
      assert.ok(
        tooltip instanceof vscode.MarkdownString && tooltip.value.includes(`*${escapeMarkdown(node.topic.title)}*`),
        'the tooltip does not show the title',
      );
    }
    // The fixture's off-topic files make outliers (see fixture-workspace.ts).
    const outlierIndex = roots.findIndex((n) => n.kind === 'topic' && n.topic.id === -1);
    assert.equal(outlierIndex, topicRoots.length, 'the outliers are not right after the topics');
    const outliers = roots[outlierIndex];
    assert.ok(outliers.kind === 'topic');
    assert.equal(label(tree.getTreeItem(outliers)), 'Unassigned (-1)');
    assert.equal(tree.getTreeItem(outliers).description, `${result.documents.filter((d) => d.topic === -1).length}${badge(-1)}`);
  });

  test('the outliers are documents of the off-topic files, never of the three subjects', async () => {
    const result = (await activatedApi()).getResult()!;
    const outliers = result.documents.filter((d) => d.topic === -1).map((d) => d.path);
    assert.ok(outliers.length > 0, 'no outliers: the fixture no longer makes any');
    assert.deepEqual(
      outliers.filter((path) => !path.startsWith(`${OFF_TOPIC_FOLDER}/`)),
      [],
      'documents of a subject with a topic are outliers',
    );
  });

  test('a topic expands to its documents by probability; clicking one opens it at its section', async () => {
    const api = await activatedApi();
    const result = api.getResult()!;
    const tree = api.getTopicTree();
    const topicNode = (await tree.getChildren())[0];
    const children = await tree.getChildren(topicNode);
    assert.equal(children.length, topicNode.kind === 'topic' ? topicNode.topic.count : -1);
    const docs = children.map((n) => (n.kind === 'document' ? result.documents[n.index] : assert.fail('not a document')));
    for (let i = 1; i < docs.length; i++) assert.ok(docs[i - 1].probability >= docs[i].probability, 'not sorted by probability');

    // A second section (it starts below line 1), to check the line, not just the file.
    const sectionNode = children.find((n) => n.kind === 'document' && result.documents[n.index].startLine > 1);
    assert.ok(sectionNode && sectionNode.kind === 'document', 'no section below line 1 in the largest topic');
    const doc = result.documents[sectionNode.index];
    const fixture = fixtureFiles().find((f) => f.path === doc.path);
    const expected = fixture?.sections.find((s) => s.heading === doc.heading);
    assert.ok(expected, `${doc.path} "${doc.heading}" is not a section of the fixture`);
    assert.equal(doc.startLine, expected.startLine);

    const item = tree.getTreeItem(sectionNode);
    assert.ok(item.command, 'document rows have no click command');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor opened');
    assert.equal(editor.document.uri.toString(), vscode.Uri.joinPath(workspaceRoot(), ...doc.path.split('/')).toString());
    assert.equal(editor.selection.start.line, expected.startLine - 1);
    assert.equal(editor.document.lineAt(editor.selection.start.line).text, `## ${expected.heading}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
