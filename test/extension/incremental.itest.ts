import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureFiles, type Subject } from '../../scripts/vscode-test/fixture-workspace';
import type { TopicLensResult } from '../../src/core/result';
import type { TopicLensApi, UpdateDecision } from '../../src/extension/api';
import { activatedApi, eventually, fixtureResult, waitFor, workspaceRoot } from './helpers';
import { midRunWorker, nextMidRunSignal } from './testWorkers';

const LABEL = 'Sky watching';

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

/**
 * Runs `change` (writes or deletes under the workspace) and resolves once a file watcher of this test has seen
 * every path in `paths` change. The extension's watchers get the same batch of events from the workbench, earlier
 * (they were created first), so by then the extension has seen the change too: what it did about it can be read.
 */
async function seenByWatchers(paths: readonly string[], change: () => Thenable<void>): Promise<void> {
  const waiting = new Set(paths.map((path) => fileUri(path).toString()));
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspaceRoot(), '**/*'));
  let allSeen: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => (allSeen = resolve));
  const onEvent = (uri: vscode.Uri) => {
    waiting.delete(uri.toString());
    if (waiting.size === 0) allSeen();
  };
  const listeners = [watcher.onDidCreate(onEvent), watcher.onDidChange(onEvent), watcher.onDidDelete(onEvent)];
  try {
    await change();
    await waitFor(`file watcher events for ${paths.join(', ')}`, seen);
    // Listeners of the same event batch that run after this one (none of the extension's) get their turn too.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    for (const listener of listeners) listener.dispose();
    watcher.dispose();
  }
}

async function writeFile(path: string, text: string): Promise<void> {
  await seenByWatchers([path], () => vscode.workspace.fs.writeFile(fileUri(path), new TextEncoder().encode(text)));
}

async function deletePath(path: string): Promise<void> {
  await seenByWatchers([path], () => vscode.workspace.fs.delete(fileUri(path), { recursive: true }));
}

/**
 * Waits until the update scheduler has acted on every change it saw (nothing waits out its quiet period or runs),
 * and the audit that follows an update has ended (it replaces the result).
 */
async function updatesSettled(api: TopicLensApi): Promise<void> {
  await eventually('incremental updates to settle (no change waiting, no update running)', () => {
    const { scheduler } = api.getUpdateState();
    return scheduler === 'idle' || scheduler === 'held' ? true : undefined;
  });
  await waitFor('the audit after the last update', api.whenAudited());
}

/** The next decision of the update scheduler, once `change` (which the watchers see) has been made. */
async function nextDecision(api: TopicLensApi, change: () => Thenable<void>): Promise<UpdateDecision> {
  let decide: (decision: UpdateDecision) => void = () => undefined;
  const decided = new Promise<UpdateDecision>((resolve) => (decide = resolve));
  const listener = api.onDidDecideUpdate((decision) => decide(decision));
  try {
    await change();
    return await waitFor('the update scheduler to decide on the change', decided);
  } finally {
    listener.dispose();
  }
}

async function resultWhere(what: string, test: (result: TopicLensResult) => boolean): Promise<TopicLensResult> {
  const api = await activatedApi();
  return eventually(what, () => {
    const result = api.getResult();
    return result && test(result) ? result : undefined;
  });
}

const holds = (result: TopicLensResult, path: string) => result.documents.some((d) => d.path === path);

function counts(result: TopicLensResult): Map<number, number> {
  return new Map(result.topics.map((t) => [t.id, t.count]));
}

/** Each test starts from a full run of the fixture (astronomy's topic labelled) and removes what it wrote. */
suite('Incremental updates (file watcher)', () => {
  const created = new Set<string>();
  let full: TopicLensResult;
  let astronomy: number;

  setup(async () => {
    const api = await activatedApi();
    full = await fixtureResult();
    astronomy = topicOf(full, 'astronomy');
    await api.renameTopic(astronomy, LABEL);
    await updatesSettled(api);
  });

  teardown(async () => {
    const api = await activatedApi();
    await vscode.workspace.getConfiguration('topicLens').update('incremental.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('topicLens').update('model', undefined, vscode.ConfigurationTarget.Workspace);
    for (const path of created) await deletePath(path).catch(() => undefined);
    created.clear();
    for (const [id, label] of api.getCustomLabels()) if (label === LABEL) await api.renameTopic(id, '');
    await updatesSettled(api);
  });

  /** Writes a new file on a subject and waits until an update has put it in the result. */
  async function addedIncrementally(path: string, subject: Subject, title: string): Promise<TopicLensResult> {
    created.add(path);
    await writeFile(path, newFileOn(subject, 2, 7, title));
    return resultWhere(`${path} in the result`, (r) => holds(r, path));
  }

  test('a new file on one subject joins its topic; counts follow, labels stay', async () => {
    const api = await activatedApi();
    const path = 'astronomy/observatory-night.md';
    const updated = await addedIncrementally(path, 'astronomy', 'Observatory nights');
    console.log(`    (the update took ${updated.incremental?.seconds.toFixed(2)} s in the worker)`);

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
    assert.match(String(item.description), new RegExp(`^${before.get(astronomy)! + 2}( · |$)`));
    assert.match(api.getTopicsViewMessage() ?? '', /^Updated incrementally · 2 changes since the full run\. Refresh re-fits/);
  });

  test('deleting a file removes its documents', async () => {
    const api = await activatedApi();
    const path = 'astronomy/observatory-night.md';
    await addedIncrementally(path, 'astronomy', 'Observatory nights');
    await deletePath(path);
    created.delete(path);
    const updated = await resultWhere(`${path} gone from the result`, (r) => !holds(r, path));
    assert.equal(updated.createdAt, full.createdAt, 'a full run replaced the result');
    assert.equal(updated.documents.length, full.documents.length);
    assert.deepEqual(counts(updated), counts(full));
    assert.deepEqual([updated.incremental?.added, updated.incremental?.removed], [2, 2], 'documents added and removed since the full run');
    assert.equal(api.getCustomLabels().get(astronomy), LABEL);
    assert.match(api.getTopicsViewMessage() ?? '', /4 changes since the full run/);
  });

  test('with topicLens.incremental.enabled off a new file is not even queued; switching it on catches up', async () => {
    const api = await activatedApi();
    const config = () => vscode.workspace.getConfiguration('topicLens');
    await config().update('incremental.enabled', false, vscode.ConfigurationTarget.Workspace);
    await eventually('the file watchers to stop', () => (api.getUpdateState().watching ? undefined : true));
    const before = api.getResult();
    const path = 'networking/router-evening.md';
    created.add(path);
    await writeFile(path, newFileOn('networking', 3, 8, 'Router evenings'));
    // The extension has seen the write by now (see seenByWatchers): with updates off, nothing may wait for an update.
    assert.equal(api.getUpdateState().scheduler, 'idle', 'a change was queued for an update with updates off');
    assert.equal(api.getResult(), before, 'the result changed with incremental updates off');

    await config().update('incremental.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    const updated = await resultWhere(`${path} in the result`, (r) => holds(r, path));
    const networking = topicOf(full, 'networking');
    for (const doc of updated.documents.filter((d) => d.path === path)) assert.equal(doc.topic, networking);
  });

  test('a file written during a full run is added after the run', async () => {
    const api = await activatedApi();
    const path = 'cooking/late-supper.md';
    created.add(path);
    const signal = nextMidRunSignal();
    try {
      const run = api.runDetect(undefined, { workerScript: midRunWorker('signal') });
      await waitFor('the run to reach UMAP', signal.reached); // the files are read; UMAP is running
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
    const path = 'astronomy/observatory-night.md';
    assert.ok((await addedIncrementally(path, 'astronomy', 'Observatory nights')).incremental);
    const refreshing = vscode.commands.executeCommand('topicLens.refresh');
    // While it runs the view says so in its message (no busy bar: an endless animation costs a GPU-less browser a core).
    await eventually('the Topics view saying that topics are being detected', () =>
      /^Detecting topics… The notification shows how far it is/.test(api.getTopicsViewMessage() ?? '') ? true : undefined,
    );
    await refreshing;
    const result = api.getResult()!;
    assert.equal(result.incremental, undefined);
    assert.ok(holds(result, path), 'the full run left out the new file');
    assert.equal(api.getTopicsViewMessage(), undefined);
  });

  test('after the model setting changes, file changes wait for a full run', async () => {
    const api = await activatedApi();
    const config = () => vscode.workspace.getConfiguration('topicLens');
    const before = api.getResult()!;
    // Never loaded: the setting is put back before the full run.
    await config().update('model', 'Xenova/all-MiniLM-L6-v2', vscode.ConfigurationTarget.Workspace);
    const path = 'astronomy/comet-mornings.md';
    created.add(path);
    const decision = await nextDecision(api, () => writeFile(path, newFileOn('astronomy', 6, 9, 'Comet mornings')));
    assert.deepEqual(decision, { kind: 'held' }, 'the change was not held back for a full run');
    assert.equal(api.getResult(), before, 'a result of the old model was updated after the model changed');
    assert.match(api.getTopicsViewMessage() ?? '', /^Settings changed since these topics were detected\. Refresh/);
    await config().update('model', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('topicLens.refresh');
    const fresh = api.getResult()!;
    assert.ok(holds(fresh, path) && fresh.incremental === undefined, 'the full run did not take the new file in');
    assert.equal(api.getTopicsViewMessage(), undefined);
  });

  test('when the folder of the result is deleted, updates pause and ask for a full run', async () => {
    const api = await activatedApi();
    // A folder of its own (copies of fixture files), so deleting it leaves the fixture alone.
    const folder = 'scratch-topics';
    created.add(folder);
    for (const file of fixtureFiles()
      .filter((f) => f.subject !== null && !f.excluded)
      .slice(0, 30)) {
      await vscode.workspace.fs.writeFile(fileUri(`${folder}/${file.path}`), new TextEncoder().encode(file.text));
    }
    assert.equal((await api.runDetect(fileUri(folder))).status, 'completed');
    assert.equal(api.incrementalUpdatesPaused(), undefined);
    await deletePath(folder);
    created.delete(folder);
    const reason = await eventually('updates to pause', () => api.incrementalUpdatesPaused());
    assert.match(reason, /no longer exists/);
    assert.match(api.getTopicsViewMessage() ?? '', /^Incremental updates paused: .*no longer exists.* Refresh runs a full re-fit\.$/);
    assert.ok(api.getResult()?.documents.length, 'the last result was dropped');
  });
});
