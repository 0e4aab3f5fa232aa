/**
 * The Audit view on a folder of real documentation (the READMEs of packages this extension is built with) with
 * one planted near-duplicate: Detect Topics audits, the view groups the findings by kind, a place opens at its
 * lines, Compare opens a diff of just the two sections, Dismiss hides the finding and Undo Dismiss brings it back,
 * and the optional diagnostics come and go with their setting.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../src/core/audit/finding';
import type { TopicLensResult } from '../../src/core/result';
import { escapeMarkdown } from '../../src/core/report/markdown';
import type { AuditTreeNode, TopicLensApi } from '../../src/extension/api';
import { activatedApi, eventually, EXTENSION_ID, waitFor, workspaceRoot } from './helpers';

const FOLDER = 'audit-docs';
const READMES = 40;
const ORIGINAL = 'guides/install.md';
const COPY = 'notes/relay-setup.md';

const PARAGRAPHS = [
  'Before you install the relay, check that the host has a static address and that port 7443 is open in both directions. ' +
    'The relay keeps a small journal on disk, so give it a volume of its own with at least two gigabytes free; a full journal ' +
    'stops the relay from accepting new sessions until an operator rotates it by hand.',
  'Download the signed archive for your platform, verify its checksum against the release notes, and unpack it into ' +
    '/opt/relay. Create a service account without a login shell, make it the owner of the journal volume, and register the ' +
    'unit file that ships in the archive so the relay starts after the network is up.',
  'The first start writes a configuration file with conservative defaults. Set the upstream address, the list of trusted ' +
    'peers and the retention period for journal segments, then restart the service and watch the log until it reports that ' +
    'every peer answered the handshake within the timeout.',
];
/** The copy: the last paragraph dropped and three words changed. */
const COPY_PARAGRAPHS = [
  PARAGRAPHS[0].replace('static address', 'fixed address').replace('two gigabytes', 'three gigabytes'),
  PARAGRAPHS[1].replace('signed archive', 'signed tarball'),
];

const ORIGINAL_TEXT = [
  '# Guides',
  '',
  '## Installing the relay',
  '',
  ...PARAGRAPHS.flatMap((p) => [p, '']),
  '## Upgrading',
  '',
  'Upgrades keep the journal; read the release notes first.',
  '',
].join('\n');
const COPY_TEXT = ['# Relay setup notes', '', ...COPY_PARAGRAPHS.flatMap((p) => [p, ''])].join('\n');

/** READMEs of packages in the extension's node_modules: real documentation around the planted pair. */
function readmes(): { name: string; text: string }[] {
  const modules = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.fsPath, 'node_modules');
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.') && !name.startsWith('@'))
    .sort()
    .flatMap((name) => {
      const file = path.join(modules, name, 'README.md');
      try {
        return statSync(file).isFile() ? [{ name: `packages/${name}.md`, text: readFileSync(file, 'utf8').slice(0, 8000) }] : [];
      } catch {
        return [];
      }
    })
    .slice(0, READMES);
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

const isPlanted = (f: Finding) => f.kind === 'near-duplicate' && f.locations.some((l) => l.path === ORIGINAL) && f.locations.some((l) => l.path === COPY);

async function kindNode(api: TopicLensApi, kind: string): Promise<Extract<AuditTreeNode, { kind: 'kind' }> | undefined> {
  const roots = await api.getAuditTree().getChildren();
  return roots.find((n): n is Extract<AuditTreeNode, { kind: 'kind' }> => n.kind === 'kind' && n.group.kind === kind);
}

async function plantedNode(api: TopicLensApi): Promise<Extract<AuditTreeNode, { kind: 'finding' }> | undefined> {
  const group = await kindNode(api, 'near-duplicate');
  if (!group) return undefined;
  const children = await api.getAuditTree().getChildren(group);
  return children.find((n): n is Extract<AuditTreeNode, { kind: 'finding' }> => n.kind === 'finding' && isPlanted(n.finding));
}

/** The lines `start`–`end` (1-based) of a file of the folder, as the diff should show them. */
function linesOf(text: string, start: number, end: number): string {
  return text
    .split('\n')
    .slice(start - 1, end)
    .join('\n');
}

suite('Audit view: findings by kind, open, Compare, Dismiss, diagnostics', () => {
  const config = () => vscode.workspace.getConfiguration('topicLens');
  const folder = () => vscode.Uri.joinPath(workspaceRoot(), FOLDER);
  let result: TopicLensResult;
  let planted: Finding;

  suiteSetup(async () => {
    const api = await activatedApi();
    // The folder is written for this suite alone: no incremental update should chase it.
    await config().update('incremental.enabled', false, vscode.ConfigurationTarget.Workspace);
    const files = [...readmes(), { name: ORIGINAL, text: ORIGINAL_TEXT }, { name: COPY, text: COPY_TEXT }];
    assert.ok(files.length >= 20, `only ${files.length} files to audit`);
    for (const { name, text } of files) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), ...name.split('/')), new TextEncoder().encode(text));
    const outcome = await api.runDetect(folder());
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome).slice(0, 300));
    // The topics come first; the audit follows on the run's worker.
    await waitFor('the audit after Detect Topics', api.whenAudited());
    result = api.getResult()!;
    assert.ok(result.audit, 'the audit after Detect Topics left findings');
    const found = result.audit.findings.find(isPlanted);
    assert.ok(
      found,
      `the planted near-duplicate is reported; near-duplicates: ${JSON.stringify(result.audit.findings.filter((f) => f.kind === 'near-duplicate').map((f) => f.locations))}`,
    );
    planted = found;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('audit.diagnostics', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
    await config().update('incremental.enabled', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('the view groups the findings by kind, counts them on the group rows, and lists the planted pair with its two places', async () => {
    const api = await activatedApi();
    const tree = api.getAuditTree();
    const roots = await tree.getChildren();
    const findings = result.audit!.findings;
    const kinds = [...new Set(findings.map((f) => f.kind))];
    assert.deepEqual(
      roots.map((n) => (n.kind === 'kind' ? n.group.kind : n.kind)),
      kinds,
      'one group per kind with findings, in the order of the kinds',
    );
    for (const node of roots) {
      assert.equal(node.kind, 'kind');
      if (node.kind !== 'kind') continue;
      const count = findings.filter((f) => f.kind === node.group.kind).length;
      const item = tree.getTreeItem(node);
      assert.equal(item.description, String(count), `the ${node.group.kind} row counts its findings`);
      assert.equal((await tree.getChildren(node)).length, count);
    }
    assert.match(api.getAuditView().message ?? '', new RegExp(`^${findings.length} findings?\\.$`));

    const node = await plantedNode(api);
    assert.ok(node, 'the planted pair is listed under Near-duplicates');
    const item = tree.getTreeItem(node);
    assert.equal(item.contextValue, 'finding.compare', 'a near-duplicate with two places offers Compare and Dismiss');
    // The tooltip is made when the row is hovered, and names both places.
    assert.equal(item.tooltip, undefined);
    const { tooltip } = tree.resolveTreeItem(item, node);
    assert.ok(tooltip instanceof vscode.MarkdownString && tooltip.value.includes(escapeMarkdown(ORIGINAL)) && tooltip.value.includes(escapeMarkdown(COPY)));
    const places = await tree.getChildren(node);
    assert.deepEqual(places.map((p) => (p.kind === 'location' ? p.location.path : '')).sort(), [ORIGINAL, COPY]);
  });

  test('clicking a place opens the file with those lines selected', async () => {
    const api = await activatedApi();
    const tree = api.getAuditTree();
    const places = await tree.getChildren((await plantedNode(api))!);
    const place = places.find((p) => p.kind === 'location' && p.location.path === ORIGINAL);
    assert.ok(place && place.kind === 'location');
    const command = tree.getTreeItem(place).command;
    assert.ok(command, 'a place row has a click command');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await eventually('the file to open', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.path.endsWith(`/${FOLDER}/${ORIGINAL}`) ? active : undefined;
    });
    assert.equal(editor.selection.start.line, place.location.startLine - 1);
    assert.equal(editor.selection.end.line, place.location.endLine - 1);
    assert.equal(
      editor.document.getText(editor.selection).trimEnd(),
      linesOf(ORIGINAL_TEXT, place.location.startLine, place.location.endLine).trimEnd(),
      'the selection is the place',
    );
    assert.match(editor.document.getText(editor.selection), /Before you install the relay/);
  });

  test('Compare opens a read-only diff of just the two sections', async () => {
    const api = await activatedApi();
    await vscode.commands.executeCommand('topicLens.compareFinding', await plantedNode(api));
    const diff = await eventually('a diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.equal(diff.original.scheme, 'topic-lens-section');
    assert.equal(diff.modified.scheme, 'topic-lens-section');
    const texts = new Map([
      [ORIGINAL, ORIGINAL_TEXT],
      [COPY, COPY_TEXT],
    ]);
    const shown = [diff.original, diff.modified].map((uri) => uri.path.slice(1));
    assert.deepEqual([...shown].sort(), [ORIGINAL, COPY]);
    for (const uri of [diff.original, diff.modified]) {
      const location = planted.locations.find((l) => l.path === uri.path.slice(1))!;
      const document = await vscode.workspace.openTextDocument(uri);
      assert.equal(document.getText().trimEnd(), linesOf(texts.get(location.path)!, location.startLine, location.endLine).trimEnd());
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Dismiss hides the finding and updates the count; Show Dismissed lists it; Undo Dismiss brings it back', async () => {
    const api = await activatedApi();
    const tree = api.getAuditTree();
    const before = result.audit!.findings.filter((f) => f.kind === 'near-duplicate').length;
    await vscode.commands.executeCommand('topicLens.dismissFinding', await plantedNode(api));
    assert.equal(await plantedNode(api), undefined, 'a dismissed finding is hidden');
    const group = await kindNode(api, 'near-duplicate');
    if (before === 1) assert.equal(group, undefined, 'a kind with nothing left to show is not listed');
    else assert.equal(tree.getTreeItem(group!).description, `${before - 1} · 1 dismissed`);
    assert.match(api.getAuditView().message ?? '', /, 1 dismissed\.$/);

    await vscode.commands.executeCommand('topicLens.showDismissedFindings');
    const shown = await plantedNode(api);
    assert.ok(shown, 'Show Dismissed lists it again');
    assert.equal(tree.getTreeItem(shown).contextValue, 'finding.compare.dismissed', 'marked dismissed, offering Undo Dismiss');
    await vscode.commands.executeCommand('topicLens.undoDismissFinding', shown);
    await vscode.commands.executeCommand('topicLens.hideDismissedFindings');
    const back = await plantedNode(api);
    assert.ok(back, 'Undo Dismiss shows it again');
    assert.equal(tree.getTreeItem(back).contextValue, 'finding.compare');
    assert.equal(tree.getTreeItem((await kindNode(api, 'near-duplicate'))!).description, String(before));
  });

  test('topic rows carry a badge with the number of findings about the topic', async () => {
    const api = await activatedApi();
    const counts = new Map<number, number>();
    for (const f of result.audit!.findings) for (const t of new Set(f.topics ?? [])) counts.set(t, (counts.get(t) ?? 0) + 1);
    assert.ok(counts.size > 0, 'some findings name topics');
    const tree = api.getTopicTree();
    const rows = await tree.getChildren();
    const topicRows = [...rows, ...(await Promise.all(rows.filter((n) => n.kind === 'group').map((g) => tree.getChildren(g)))).flat()].filter(
      (n) => n.kind === 'topic',
    );
    assert.ok(topicRows.length > 0);
    for (const row of topicRows) {
      if (row.kind !== 'topic') continue;
      const description = String(tree.getTreeItem(row).description);
      const count = counts.get(row.topic.id);
      if (count) assert.match(description, new RegExp(`· ⚑ ${count}\\b`), `topic ${row.topic.id} (${labelOf(tree.getTreeItem(row))})`);
      else assert.doesNotMatch(description, /⚑/);
    }
  });

  test('with topicLens.audit.diagnostics on, near-duplicates are information in the Problems panel; off, they go', async () => {
    const original = vscode.Uri.joinPath(folder(), ...ORIGINAL.split('/'));
    const ours = () => vscode.languages.getDiagnostics(original).filter((d) => d.source === 'Topic Lens');
    assert.equal(ours().length, 0, 'off by default');
    await config().update('audit.diagnostics', true, vscode.ConfigurationTarget.Workspace);
    const diagnostics = await eventually('the diagnostics to appear', () => (ours().length > 0 ? ours() : undefined));
    const duplicate = diagnostics.find((d) => d.code === 'near-duplicate');
    assert.ok(duplicate, 'the planted pair is a diagnostic');
    assert.equal(duplicate.severity, vscode.DiagnosticSeverity.Information);
    const location = planted.locations.find((l) => l.path === ORIGINAL)!;
    assert.equal(duplicate.range.start.line, location.startLine - 1);
    assert.ok(
      duplicate.relatedInformation?.some((r) => r.location.uri.path.endsWith(`/${COPY}`)),
      'it names the other place',
    );

    // A dismissed finding leaves the Problems panel too.
    const api = await activatedApi();
    await vscode.commands.executeCommand('topicLens.dismissFinding', await plantedNode(api));
    await eventually('the dismissed finding to leave the Problems panel', () => (ours().some((d) => d.code === 'near-duplicate') ? undefined : true));
    await vscode.commands.executeCommand('topicLens.showDismissedFindings');
    await vscode.commands.executeCommand('topicLens.undoDismissFinding', await plantedNode(api));
    await vscode.commands.executeCommand('topicLens.hideDismissedFindings');

    await config().update('audit.diagnostics', false, vscode.ConfigurationTarget.Workspace);
    await eventually('the diagnostics to go', () => (ours().length === 0 ? true : undefined));
  });
});
