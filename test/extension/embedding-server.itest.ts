import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { createEmbedder } from '../../src/core/embedding/createEmbedder';
import type { Embedder } from '../../src/core/embedding/embedder';
import { startEmbeddingServer, type EmbeddingServer } from '../support/embeddingServer';
import { activatedApi } from './helpers';
import { BUNDLED_MODEL } from '../../src/core/embedding/bundledModel';

const SERVED_MODEL = 'fixture-embeddings';
const SETTINGS = ['embeddingBackend', 'embeddingServer.url', 'embeddingServer.model'] as const;

/**
 * A real OpenAI-compatible server on 127.0.0.1 (the bundled model behind it) that demands an API key: a run with
 * `topicLens.embeddingBackend: "server"` must reach it with the key from secret storage.
 */
suite('Embedding server backend', () => {
  const key = `sk-test-${randomBytes(12).toString('hex')}`;
  let embedder: Embedder;
  let server: EmbeddingServer;

  suiteSetup(async () => {
    embedder = await createEmbedder({ backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false }, { threads: 1 });
    server = await startEmbeddingServer(SERVED_MODEL, embedder, { apiKey: key });
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('topicLens');
    for (const setting of SETTINGS) await config.update(setting, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('topicLens.clearEmbeddingServerKey');
    await server?.close();
    await embedder?.dispose();
  });

  test('a run embeds through the server, with the API key from secret storage', async () => {
    const api = await activatedApi();
    await vscode.commands.executeCommand('topicLens.setEmbeddingServerKey', key);
    const config = vscode.workspace.getConfiguration('topicLens');
    await config.update('embeddingBackend', 'server', vscode.ConfigurationTarget.Workspace);
    await config.update('embeddingServer.url', server.baseUrl, vscode.ConfigurationTarget.Workspace);
    await config.update('embeddingServer.model', SERVED_MODEL, vscode.ConfigurationTarget.Workspace);
    const outcome = await api.runDetect();
    assert.equal(outcome.status, 'completed');
    assert.ok(server.stats.requests > 0, 'the run never asked the server');
    assert.match(api.getResult()!.model.id, /^openai:/);
    assert.deepEqual([...new Set(server.stats.authorizations)], [`Bearer ${key}`], 'a request without the key');
  });
});
