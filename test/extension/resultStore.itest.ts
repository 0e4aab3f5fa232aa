/**
 * Restoring a damaged saved result: the store keeps what is intact, says in one message what it dropped, and
 * never throws. A store of its own on a temp folder (real workspace.fs and log channel) with the fixture's
 * result; workspace state is a Map, as the store only gets and updates keys in it.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TopicLensResult } from '../../src/core/result';
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

suite('Restoring a damaged saved result', () => {
  let folder: string;
  let state: MapMemento;
  let log: vscode.LogOutputChannel;
  let result: TopicLensResult;
  const resultFile = () => path.join(folder, 'last-result.json');
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
    await saving.setResult(result, RUN);
    await saving.rename(0, 'Kept label');
    saving.dispose();
  });
  teardown(() => rmSync(folder, { recursive: true, force: true }));

  test('an intact result comes back whole, saved without a staging file left behind', async () => {
    assert.deepEqual(readdirSync(folder), ['last-result.json']);
    const restoring = store();
    assert.equal(await restoring.restore(), undefined);
    assert.deepEqual(restoring.current, result);
    assert.deepEqual([...restoring.customLabels], [[0, 'Kept label']]);
    assert.deepEqual(restoring.fullRun, RUN);
  });

  test('a cut-off file: no result, one message, and the file moved aside so it is reported once', async () => {
    const bytes = readFileSync(resultFile());
    writeFileSync(resultFile(), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const restoring = store();
    const notice = await restoring.restore();
    assert.equal(notice, 'Topic Lens could not restore the last topics: the saved result is damaged. Run Detect Topics to find them again.');
    assert.equal(restoring.current, undefined);
    assert.ok(!existsSync(resultFile()));
    assert.ok(existsSync(path.join(folder, 'last-result.damaged.json')));
    assert.equal(await store().restore(), undefined, 'reported once');
  });

  test('garbage instead of JSON, and JSON that is no result, are damaged results too', async () => {
    for (const text of ['\u0000\u0001binary', '[]', '{"version": 1}']) {
      writeFileSync(resultFile(), text);
      const restoring = store();
      assert.match((await restoring.restore()) ?? '', /could not restore the last topics: the saved result is damaged/, text);
      assert.equal(restoring.current, undefined);
    }
  });

  test('damaged documents, a damaged topic and a damaged label are dropped, the rest restored, and the message says which', async () => {
    const saved = JSON.parse(readFileSync(resultFile(), 'utf8')) as {
      documents: Record<string, unknown>[];
      topics: Record<string, unknown>[];
      hierarchy?: unknown;
    };
    // Without topic 1 the topic hierarchy no longer fits the topics: it goes too, one of the details in the log.
    assert.ok(saved.hierarchy, 'the fixture result has a topic hierarchy');
    const topic1 = saved.topics.find((t) => t.id === 1)!;
    topic1.words = 'not a list';
    const inTopic1 = saved.documents.filter((d) => d.topic === 1).length;
    const outlier = saved.documents.findIndex((d) => d.topic === -1 || d.topic === 0);
    saved.documents[outlier].x = null;
    writeFileSync(resultFile(), JSON.stringify(saved));
    const labels = state.get<unknown[]>('topicLens.labels')!;
    await state.update('topicLens.labels', [...labels, { label: 42 }]);

    const restoring = store();
    const notice = await restoring.restore();
    assert.equal(
      notice,
      `Topic Lens restored the last topics without ${inTopic1 + 1} damaged documents, 1 damaged topic, 1 custom label and some details (see the log). Run Detect Topics to compute them again.`,
    );
    const restored = restoring.current;
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
    assert.deepEqual(restoring.current, result);
    assert.equal(restoring.fullRun, undefined);
  });
});
