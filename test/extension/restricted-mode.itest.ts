/**
 * Restricted Mode: the fixture folder opened with workspace trust on and never trusted. Topic Lens still analyses
 * it, with models it ships or fits itself only: it loads no model folder (the workspace's settings name one, and so do the
 * user's, which VS Code does not filter), downloads nothing and sends nothing to an embedding server.
 */
import * as assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { BUNDLED_MODEL } from '../../src/core/embedding/bundledModel';
import { isCorpusModelId } from '../../src/core/embedding/corpusEmbedder';
import { createEmbedder } from '../../src/core/embedding/createEmbedder';
import type { Embedder } from '../../src/core/embedding/embedder';
import type { TopicLensResult } from '../../src/core/result';
import { startEmbeddingServer, type EmbeddingServer } from '../support/embeddingServer';
import { readSuiteControl, WORKSPACE_MODEL_FOLDER } from './control';
import { activatedApi, EXTENSION_ID, waitFor } from './helpers';
import { fetchRecordingWorker, recordFetches } from './testWorkers';

/** User-level settings the tests set; VS Code applies them in Restricted Mode, so only the extension can refuse them. */
const USER_SETTINGS = ['model', 'allowRemoteModels', 'embeddingBackend', 'embeddingServer.url', 'embeddingServer.model'] as const;

function bundledModelFolder(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return path.join(extension.extensionPath, 'models', 'glove-sif-100d');
}

/** The model folder the workspace's settings name (see scripts/vscode-test/extension-host.ts): a working copy. */
const workspaceModel = () => path.join(path.dirname(readSuiteControl().resultsFile), WORKSPACE_MODEL_FOLDER);

async function setUserSettings(values: Partial<Record<(typeof USER_SETTINGS)[number], unknown>>): Promise<void> {
  const config = vscode.workspace.getConfiguration('topicLens');
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
}

async function completedRun(): Promise<TopicLensResult> {
  const api = await activatedApi();
  const outcome = await api.runDetect(undefined, { workerScript: fetchRecordingWorker() });
  assert.equal(outcome.status, 'completed', JSON.stringify(outcome));
  return api.getResult() ?? assert.fail('no result after a completed run');
}

suite('Restricted Mode (untrusted workspace)', () => {
  let bundledModelId: string;
  let fetches: ReturnType<typeof recordFetches>;

  suiteSetup(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace is trusted: these tests need Restricted Mode');
    cpSync(bundledModelFolder(), workspaceModel(), { recursive: true });
    // The id of the bundled model, from a run in a trusted-equivalent way: no setting names another model.
    const embedder = await createEmbedder({ backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false }, { threads: 1 });
    bundledModelId = embedder.modelId;
    await embedder.dispose();
  });

  setup(() => {
    fetches = recordFetches();
  });

  teardown(async () => {
    fetches.close();
    const config = vscode.workspace.getConfiguration('topicLens');
    for (const key of USER_SETTINGS) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(() => rmSync(workspaceModel(), { recursive: true, force: true }));

  test('the model folder set in the workspace settings is not loaded: the default model embeds', async () => {
    // VS Code drops the workspace's topicLens.model in Restricted Mode; the default, fitted on the documents, is used.
    const result = await completedRun();
    assert.ok(isCorpusModelId(result.model.id), result.model.id);
    assert.deepEqual(await waitFor('the workers to answer', fetches.settled()), []);
  });

  test('a model folder set in the user settings is not loaded either', async () => {
    await setUserSettings({ model: workspaceModel() });
    const result = await completedRun();
    assert.equal(result.model.id, bundledModelId, 'a model folder was loaded in Restricted Mode');
  });

  test('a hub model with downloads allowed is not downloaded: nothing is fetched', async () => {
    await setUserSettings({ model: 'Xenova/all-MiniLM-L6-v2', allowRemoteModels: true });
    const result = await completedRun();
    assert.deepEqual(await waitFor('the workers to answer', fetches.settled()), [], 'the worker fetched something');
    assert.equal(result.model.id, bundledModelId);
  });

  test('the embedding server is not used: it gets no request', async () => {
    const embedder: Embedder = await createEmbedder({ backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false }, { threads: 1 });
    const server: EmbeddingServer = await startEmbeddingServer('served', embedder);
    try {
      await setUserSettings({ embeddingBackend: 'server', 'embeddingServer.url': server.baseUrl, 'embeddingServer.model': 'served' });
      const result = await completedRun();
      assert.equal(server.stats.requests, 0, 'the embedding server was asked in Restricted Mode');
      assert.ok(isCorpusModelId(result.model.id), `the local default model embeds, not ${result.model.id}`);
    } finally {
      await server.close();
      await embedder.dispose();
    }
  });
});
