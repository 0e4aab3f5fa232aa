import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureFiles, type Subject } from '../../scripts/vscode-test/fixture-workspace';
import type { TopicLensResult } from '../../src/core/result';
import { UPDATE_DEBOUNCE_MS } from '../../src/extension/updates/incrementalUpdates';
import { activatedApi, eventually, workspaceRoot } from './helpers';
import { midRunWorker, nextMidRunSignal } from './testWorkers';

/** Debounce, reading, embedding from the cache and the worker's start: a few seconds; this is the margin. */
const UPDATE_TIMEOUT_MS = 30_000;
const LABEL = 'Sky watching';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The topic holding most of a subject's fixture documents. */
function topicOf(result: TopicLensResult, subject: Subject): number {
  const counts = new Map<number, number>();
  for (const doc of result.documents) if (doc.path.startsWith(`${subject}/`) && doc.topic >= 0) counts.set(doc.topic, (counts.get(doc.topic) ?? 0) + 1);
  const [topic] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  assert.ok(topic !== undefined, `no topic holds ${subject} documents`);
  return topic;
}

/**
 * A new Markdown file on one subject, made of prose from two of its fixture files (a copy of neither): a title
 * section and a `##` section, so two documents, each as long as two fixture sections.
 */
function newFileOn(subject: Subject, first: number, second: number, title: string): string {
  const paragraph = (n: number, section: 1 | 2) => {
    const file = fixtureFiles().find((f) => f.path === `${subject}/${subject}-${n}.md`);
    assert.ok(file, `${subject}-${n}.md is not in the fixture`);
    // A fixture file is "# title", "", paragraph, "", "## heading", "", paragraph.
    return file.text.split('\n\n')[section === 1 ? 1 : 3].trim();
  };
  return [
    `# ${title}`,
    `${paragraph(first, 1)}\n${paragraph(second, 1)}`,
    `## More ${title.toLowerCase()}`,
    `${paragraph(first, 2)}\n${paragraph(second, 2)}\n`,
  ].join('\n\n');
}

function fileUri(path: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...path.split('/'));
}

async function writeFile(path: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(fileUri(path), new TextEncoder().encode(text));
}

async function resultWhere(what: string, test: (result: TopicLensResult) => boolean): Promise<TopicLensResult> {
  const api = await activatedApi();
  return eventually(what, () => {
    const result = api.getResult();
    return result && test(result) ? result : undefined;
  }, UPDATE_TIMEOUT_MS);
}

const holds = (result: TopicLensResult, path: string) => result.documents.some((d) => d.path === path);

function counts(result: TopicLensResult): Map<number, number> {
  return new Map(result.topics.map((t) => [t.id, t.count]));
}

/** Runs after rename-merge.itest.ts; leaves a fresh full result of the fixture for the persistence tests. */
suite('Incremental updates (file watcher)', () => {
  const created = new Set<string>();
  let full: TopicLensResult;
  let astronomy: number;

  suiteSetup(async function () {
    this.timeout(120_000);
    const api = await activatedApi();
    assert.equal((await api.runDetect()).status, 'completed');
    full = api.getResult()!;
    astronomy = topicOf(full, 'astronomy');
    await api.renameTopic(astronomy, LABEL);
  });

  suiteTeardown(async function () {
    this.timeout(120_000);
    await vscode.workspace.getConfiguration('topicLens').update('incremental.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    for (const path of created) await vscode.workspace.fs.delete(fileUri(path), { recursive: true }).then(undefined, () => undefined);
    const api = await activatedApi();
    for (const [id, label] of api.getCustomLabels()) if (label === LABEL) await api.renameTopic(id, '');
    assert.equal((await api.runDetect()).status, 'completed');
  });

  test('a new file on one subject joins its topic within seconds; counts follow, labels stay', async () => {
    const api = await activatedApi();
    const path = 'astronomy/observatory-night.md';
    created.add(path);
    const started = Date.now();
    await writeFile(path, newFileOn('astronomy', 2, 7, 'Observatory nights'));
    const updated = await resultWhere(`${path} in the result`, (r) => holds(r, path));
    const seconds = (Date.now() - started) / 1000;
    console.log(`    (the new file was in the result ${seconds.toFixed(1)} s after it was written, update ${updated.incremental?.seconds.toFixed(2)} s)`);

    assert.ok(updated.incremental, 'the result is not marked as updated incrementally');
    assert.equal(updated.createdAt, full.createdAt, 'a full run replaced the result');
    assert.deepEqual([updated.incremental.added, updated.incremental.changed, updated.incremental.removed], [2, 0, 0]);
    const added = updated.documents.filter((d) => d.path === path);
    assert.equal(added.length, 2);
    for (const doc of added) assert.equal(doc.topic, astronomy, `"${doc.heading}" went to topic ${doc.topic}, not astronomy's ${astronomy}`);
    assert.equal(updated.documents.length, full.documents.length + 2);
    const before = counts(full);
    for (const [id, count] of counts(updated)) assert.equal(count, (before.get(id) ?? 0) + (id === astronomy ? 2 : 0), `topic ${id}'s count`);

    assert.equal(api.getCustomLabels().get(astronomy), LABEL, 'the custom label was lost');
    const tree = api.getTopicTree();
    const node = (await tree.getChildren()).find((n) => n.kind === 'topic' && n.topic.id === astronomy);
    assert.ok(node, 'the astronomy topic is not in the tree');
    const item = tree.getTreeItem(node);
    assert.equal(item.label, `${astronomy}: ${LABEL}`);
    assert.equal(item.description, String(before.get(astronomy)! + 2));
    assert.match(api.getTopicsViewMessage() ?? '', /^Updated incrementally · 2 changes since the full run\. Refresh re-fits/);
  });

  test('deleting a file removes its documents', async () => {
    const api = await activatedApi();
    const path = 'astronomy/observatory-night.md';
    await vscode.workspace.fs.delete(fileUri(path));
    created.delete(path);
    const updated = await resultWhere(`${path} gone from the result`, (r) => !holds(r, path));
    assert.equal(updated.createdAt, full.createdAt, 'a full run replaced the result');
    assert.equal(updated.documents.length, full.documents.length);
    assert.deepEqual(counts(updated), counts(full));
    assert.deepEqual([updated.incremental?.added, updated.incremental?.removed], [2, 1], 'counts since the full run');
    assert.equal(api.getCustomLabels().get(astronomy), LABEL);
    assert.match(api.getTopicsViewMessage() ?? '', /3 changes since the full run/);
  });

  test('with topicLens.incremental.enabled off nothing is updated; switching it on catches up', async function () {
    this.timeout(90_000);
    const api = await activatedApi();
    const config = () => vscode.workspace.getConfiguration('topicLens');
    await config().update('incremental.enabled', false, vscode.ConfigurationTarget.Workspace);
    const before = api.getResult();
    const path = 'networking/router-evening.md';
    created.add(path);
    await writeFile(path, newFileOn('networking', 3, 8, 'Router evenings'));
    await sleep(UPDATE_DEBOUNCE_MS + 3000);
    assert.equal(api.getResult(), before, 'the result changed with incremental updates off');

    await config().update('incremental.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    const updated = await resultWhere(`${path} in the result`, (r) => holds(r, path));
    const networking = topicOf(full, 'networking');
    for (const doc of updated.documents.filter((d) => d.path === path)) assert.equal(doc.topic, networking);
  });

  test('a file written during a full run is added after the run', async function () {
    this.timeout(90_000);
    const api = await activatedApi();
    const path = 'cooking/late-supper.md';
    created.add(path);
    const signal = nextMidRunSignal();
    try {
      const run = api.runDetect(undefined, { workerScript: midRunWorker('signal') });
      await signal.reached; // the files are read; UMAP is running
      await writeFile(path, newFileOn('cooking', 4, 9, 'Late suppers'));
      assert.equal((await run).status, 'completed');
    } finally {
      signal.close();
    }
    const fresh = api.getResult()!;
    assert.equal(fresh.incremental, undefined, 'a full run result is marked incremental');
    assert.equal(holds(fresh, path), false, 'the file was in the full run after all');
    const updated = await resultWhere(`${path} in the result`, (r) => holds(r, path));
    assert.equal(updated.createdAt, fresh.createdAt);
    const cooking = topicOf(fresh, 'cooking');
    for (const doc of updated.documents.filter((d) => d.path === path)) assert.equal(doc.topic, cooking);
  });

  test('Refresh runs a full re-fit: the result is no longer marked incremental', async () => {
    const api = await activatedApi();
    assert.ok(api.getResult()?.incremental, 'the previous test left no incremental result');
    await vscode.commands.executeCommand('topicLens.refresh');
    const result = api.getResult()!;
    assert.equal(result.incremental, undefined);
    assert.equal(api.getTopicsViewMessage(), undefined);
  });

  test('after the model setting changes, file changes wait for a full run', async function () {
    this.timeout(90_000);
    const api = await activatedApi();
    const config = () => vscode.workspace.getConfiguration('topicLens');
    const before = api.getResult()!;
    // Never loaded: the setting is put back before the full run.
    await config().update('model', 'Xenova/all-MiniLM-L6-v2', vscode.ConfigurationTarget.Workspace);
    try {
      const path = 'astronomy/comet-mornings.md';
      created.add(path);
      await writeFile(path, newFileOn('astronomy', 6, 9, 'Comet mornings'));
      await sleep(UPDATE_DEBOUNCE_MS + 3000);
      assert.equal(api.getResult(), before, 'a result of the old model was updated after the model changed');
      assert.match(api.getTopicsViewMessage() ?? '', /^Settings changed since these topics were detected\. Refresh/);
      await config().update('model', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('topicLens.refresh');
      const fresh = api.getResult()!;
      assert.ok(holds(fresh, path) && fresh.incremental === undefined, 'the full run did not take the new file in');
      assert.equal(api.getTopicsViewMessage(), undefined);
    } finally {
      await config().update('model', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('when the folder of the result is deleted, updates pause and ask for a full run', async function () {
    this.timeout(90_000);
    const api = await activatedApi();
    // A folder of its own (copies of fixture files), so deleting it leaves the fixture alone.
    const folder = 'scratch-topics';
    created.add(folder);
    for (const file of fixtureFiles().filter((f) => f.subject !== null && !f.excluded).slice(0, 30)) {
      await writeFile(`${folder}/${file.path}`, file.text);
    }
    assert.equal((await api.runDetect(fileUri(folder))).status, 'completed');
    assert.equal(api.incrementalUpdatesPaused(), undefined);
    await vscode.workspace.fs.delete(fileUri(folder), { recursive: true });
    created.delete(folder);
    const reason = await eventually('updates to pause', () => api.incrementalUpdatesPaused(), UPDATE_TIMEOUT_MS);
    assert.match(reason, /no longer exists/);
    assert.match(api.getTopicsViewMessage() ?? '', /^Incremental updates paused: .*no longer exists.* Refresh runs a full re-fit\.$/);
    assert.ok(api.getResult()?.documents.length, 'the last result was dropped');
  });
});
