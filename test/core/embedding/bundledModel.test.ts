import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BUNDLED_MODEL_NAME, resolveBundledModelDir } from '../../../src/core/embedding/bundledModel';

let root: string;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'bundled-model-'));
});
after(() => rm(root, { recursive: true, force: true }));

test('finds models/glove-sif-100d from src, from dist and from an installed extension folder', async () => {
  for (const layout of ['repo', 'extension']) {
    const base = path.join(root, layout);
    const model = path.join(base, 'models', BUNDLED_MODEL_NAME);
    await mkdir(model, { recursive: true });
    await writeFile(path.join(model, 'config.json'), '{}');
    for (const start of ['src/core/embedding', 'dist', '.']) {
      await mkdir(path.join(base, start), { recursive: true });
      assert.equal(resolveBundledModelDir(path.join(base, start)), model, `${layout}/${start}`);
    }
  }
});

test('says how to build the model when there is none', async () => {
  const empty = path.join(root, 'empty', 'dist');
  await mkdir(empty, { recursive: true });
  // A folder without config.json is not a model.
  await mkdir(path.join(root, 'empty', 'models', BUNDLED_MODEL_NAME), { recursive: true });
  assert.throws(() => resolveBundledModelDir(empty), /npm run build/);
});
