import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEmbedder } from '../../../src/core/embedding/createEmbedder';
import type { Embedder } from '../../../src/core/embedding/embedder';
import { bundledModelForTests } from '../../support/bundledModel';
import { startEmbeddingServer, type EmbeddingServer } from '../../support/embeddingServer';

let local: Embedder;
let server: EmbeddingServer;

before(async () => {
  const { folder } = await bundledModelForTests();
  local = await createEmbedder({ backend: 'local', model: folder, allowRemoteModels: false }, { threads: 1 });
  server = await startEmbeddingServer('served-model', local);
});
after(async () => {
  await server?.close();
  await local?.dispose();
});

test('picks the local model or the embedding server, which then give the same rows', async () => {
  assert.match(local.modelId, /^glove-sif-100d@[0-9a-f]{12}:q8:max256$/);
  const remote = await createEmbedder({ backend: 'server', baseUrl: server.baseUrl, model: 'served-model' });
  assert.equal(remote.modelId, `openai:${server.baseUrl}#served-model`);
  assert.equal(remote.dimension, local.dimension);
  const texts = ['a telescope on a hill', 'the router dropped packets'];
  const [a, b] = [await local.embed(texts), await remote.embed(texts)];
  a.data.forEach((value, i) => assert.ok(Math.abs(value - b.data[i]) < 1e-6, `value ${i}`));
  assert.equal(server.stats.requests, 2, 'one probe, one batch');
});
