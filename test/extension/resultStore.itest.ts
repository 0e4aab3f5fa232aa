/**
 * Saving and restoring results: a snapshot and the deltas of incremental updates after it come back whole; from a
 * damaged saved result the store keeps what is intact, says in one message what it dropped, and never throws. A
 * store of its own on a temp folder (real workspace.fs and log channel) with the fixture's result; workspace state
 * is a Map, as the store only gets and updates keys in it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { decodePacked, encodePacked, packResult, resultDelta } from '../../src/core/packedResult';
import type { IncrementalUpdate, TopicLensResult } from '../../src/core/result';
import { ResultStore } from '../../src/extension/resultStore';
import { fixtureResult } from './helpers';

class MapMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

const RUN = { settings: 'fingerprint', usedBundledModel: false };

/**
 * `result` after an update that removed the file `gone`, as an update leaves it: topic counts and representative
 * documents follow the documents that remain (the saved form keeps no count its documents contradict).
 */
function withoutFile(result: TopicLensResult, gone: string, incremental: IncrementalUpdate): TopicLensResult {
  const newIndex = new Map<number, number>();
  result.documents.forEach((d, i) => {
    if (d.path !== gone) newIndex.set(i, newIndex.size);
  });
  const documents = result.documents.filter((d) => d.path !== gone);
  const topics = result.topics.map((topic) => ({
    ...topic,
    count: documents.filter((d) => d.topic === topic.id).length,
    representativeDocs: topic.representativeDocs.flatMap((i) => (newIndex.has(i) ? [newIndex.get(i)!] : [])),
  }));
  return { ...result, documents, topics, incremental };
}

suite('Saving and restoring results', () => {
  let folder: string;
  let state: MapMemento;
  let log: vscode.LogOutputChannel;
  let result: TopicLensResult;
  const snapshotFile = () => path.join(folder, 'result.bin');
  const store = () => new ResultStore(vscode.Uri.file(folder), state, log);

  suiteSetup(async () => {
    result = await fixtureResult();
    log = vscode.window.createOutputChannel('Topic Lens restore test', { log: true });
  });
  suiteTeardown(() => log.dispose());

  /** A store that saved `result` with a label on topic 0, as a session ends. */
  setup(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-store-'));
    state = new MapMemento();
    const saving = store();
    await saving.setResult(packResult(result), RUN);
    await saving.rename(0, 'Kept label');
    await saving.saved();
    saving.dispose();
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  /** The saved snapshot rewritten: `edit` gets its header and documents and may change them. */
  function editSnapshot(edit: (header: { meta: TopicLensResult }, documents: ReturnType<typeof decodePacked>['documents']) => void): void {
    const { header, documents } = decodePacked(readFileSync(snapshotFile()));
    edit(header as { meta: TopicLensResult }, documents);
    writeFileSync(snapshotFile(), encodePacked(header, documents));
  }

  test('an intact result comes back whole, saved without a staging file left behind', async () => {
    assert.deepEqual(readdirSync(folder), ['result.bin']);
    const restoring = store();
    assert.equal(await restoring.restore(), undefined);
    assert.deepEqual(restoring.current?.toResult(), result);
    assert.deepEqual([...restoring.customLabels], [[0, 'Kept label']]);
    assert.deepEqual(restoring.fullRun, RUN);
  });

  test('incremental updates after the snapshot are saved as deltas and come back in order', async () => {
    const documents = result.documents;
    const moved = documents.findIndex((d) => d.topic >= 0);
    const steps: TopicLensResult[] = [
      // One file's document changes its place; then one file is gone.
      {
        ...result,
        documents: documents.map((d, i) => (i === moved ? { ...d, x: d.x + 1, y: d.y - 1 } : d)),
        incremental: { updatedAt: 'a', added: 0, changed: 1, removed: 0, seconds: 0.1 },
      },
    ];
    const gone = documents[documents.length - 1].path;
    steps.push(withoutFile(steps[0], gone, { updatedAt: 'b', added: 0, changed: 1, removed: 1, seconds: 0.1 }));
    const saving = store();
    assert.equal(await saving.restore(), undefined);
    let previous = result;
    for (const step of steps) {
      await saving.applyDelta(resultDelta(previous, step));
      previous = step;
    }
    await saving.saved();
    assert.deepEqual(readdirSync(folder).filter((f) => f.startsWith('result-delta-')).length, 2, 'one delta file per update');
    const restoring = store();
    assert.equal(await restoring.restore(), undefined);
    assert.deepEqual(restoring.current?.toResult(), steps[1]);
    assert.deepEqual([...restoring.customLabels], [[0, 'Kept label']]);

    // A damaged last delta costs that update only.
    const last = readdirSync(folder)
      .filter((f) => f.startsWith('result-delta-'))
      .sort()
      .pop()!;
    writeFileSync(path.join(folder, last), 'damaged');
    const again = store();
    assert.equal(await again.restore(), undefined);
    assert.deepEqual(again.current?.toResult(), steps[0]);
  });

  test('the audit that follows a result replaces only its findings, is saved as an update of no file, and comes back', async () => {
    assert.ok(result.audit, 'the fixture run was audited');
    const saving = store();
    assert.equal(await saving.restore(), undefined);
    const before = saving.current!;
    const kinds: string[] = [];
    const listener = saving.onDidChange((change) => kinds.push(change.kind));
    saving.setAudit(null);
    assert.equal(saving.current?.toResult().audit, undefined, 'a failed audit leaves no findings');
    saving.setAudit(result.audit);
    listener.dispose();
    assert.deepEqual(kinds, ['audit', 'audit']);
    assert.equal(saving.current?.packed.documents, before.packed.documents, 'the documents are the same columns');
    assert.equal(saving.current?.id, before.id);
    await saving.saved();
    const deltas = readdirSync(folder)
      .filter((f) => f.startsWith('result-delta-'))
      .sort((a, b) => Number(/-(\d+)\.bin$/.exec(a)![1]) - Number(/-(\d+)\.bin$/.exec(b)![1]));
    assert.equal(deltas.length, 2, 'one small file per audit, not a new snapshot');
    // The second audit changed only the findings of what the first delta saved: only they are written again.
    const second = decodePacked(readFileSync(path.join(folder, deltas[1]))).header as { meta?: unknown; metaChanges?: object };
    assert.equal(second.meta, undefined);
    assert.deepEqual(Object.keys(second.metaChanges ?? {}), ['audit']);
    const restoring = store();
    assert.equal(await restoring.restore(), undefined);
    assert.deepEqual(restoring.current?.toResult(), result);
    assert.deepEqual([...restoring.customLabels], [[0, 'Kept label']]);
  });

  test('a cut-off file: no result, one message, and the file moved aside so it is reported once', async () => {
    const bytes = readFileSync(snapshotFile());
    writeFileSync(snapshotFile(), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const restoring = store();
    const notice = await restoring.restore();
    assert.equal(notice, 'Topic Lens could not restore the last topics: the saved result is damaged. Run Detect Topics to find them again.');
    assert.equal(restoring.current, undefined);
    assert.ok(!existsSync(snapshotFile()));
    assert.ok(existsSync(path.join(folder, 'result.damaged.bin')));
    assert.equal(await store().restore(), undefined, 'reported once');
  });

  test('garbage, and JSON that is no result, are damaged results too', async () => {
    for (const text of ['\u0000\u0001binary', '[]', '{"version": 1}']) {
      writeFileSync(snapshotFile(), text);
      const restoring = store();
      assert.match((await restoring.restore()) ?? '', /could not restore the last topics: the saved result is damaged/, text);
      assert.equal(restoring.current, undefined);
    }
  });

  test('a result saved as JSON by the version before comes back, and is saved again in the current form', async () => {
    rmSync(snapshotFile());
    writeFileSync(path.join(folder, 'last-result.json'), JSON.stringify(result));
    const restoring = store();
    assert.equal(await restoring.restore(), undefined);
    assert.deepEqual(restoring.current?.toResult(), result);
    await restoring.saved();
    assert.deepEqual(readdirSync(folder), ['result.bin']);
  });

  test('damaged documents, a damaged topic and a damaged label are dropped, the rest restored, and the message says which', async () => {
    let inTopic1 = 0;
    editSnapshot((header, documents) => {
      // Without topic 1 the topic hierarchy no longer fits the topics: it goes too, one of the details in the log.
      assert.ok(header.meta.hierarchy, 'the fixture result has a topic hierarchy');
      const topic1 = header.meta.topics.find((t) => t.id === 1)!;
      (topic1 as unknown as { words: unknown }).words = 'not a list';
      inTopic1 = documents.topic.filter((t) => t === 1).length;
      const outlier = documents.topic.findIndex((t) => t === -1 || t === 0);
      documents.x[outlier] = Number.NaN;
    });
    const labels = state.get<unknown[]>('topicLens.labels')!;
    await state.update('topicLens.labels', [...labels, { label: 42 }]);

    const restoring = store();
    const notice = await restoring.restore();
    assert.equal(
      notice,
      `Topic Lens restored the last topics without ${inTopic1 + 1} damaged documents, 1 damaged topic, 1 custom label and some details (see the log). Run Detect Topics to compute them again.`,
    );
    const restored = restoring.current?.toResult();
    assert.ok(restored);
    assert.equal(restored.documents.length, result.documents.length - inTopic1 - 1);
    assert.deepEqual(
      restored.topics.map((t) => t.id).sort((a, b) => a - b),
      result.topics
        .map((t) => t.id)
        .filter((id) => id !== 1)
        .sort((a, b) => a - b),
    );
    assert.deepEqual([...restoring.customLabels], [[0, 'Kept label']]);
  });

  test('damaged run details are left out and mentioned, without losing the topics', async () => {
    await state.update('topicLens.fullRun', { settings: 7 });
    const restoring = store();
    assert.equal(await restoring.restore(), 'Topic Lens restored the last topics without some details (see the log). Run Detect Topics to compute them again.');
    assert.deepEqual(restoring.current?.toResult(), result);
    assert.equal(restoring.fullRun, undefined);
  });
});
