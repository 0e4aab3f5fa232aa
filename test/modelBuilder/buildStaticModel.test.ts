import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { AutoTokenizer, env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { POOLED_OUTPUT } from '../../src/core/embedding/embedder';
import { BUILD_INFO_FILE, buildStaticModel, type StaticModelBuildInput } from '../../src/modelBuilder/buildStaticModel';
import { DEFAULT_STATIC_MODEL_OPTIONS, selectVocabulary } from '../../src/modelBuilder/staticModel';
import { writeWinkFixture, type WinkFixture } from '../support/winkFile';

let dir: string;
let fixture: WinkFixture;
const options = { ...DEFAULT_STATIC_MODEL_OPTIONS, vocabularySize: 12 };

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'static-model-'));
  fixture = await writeWinkFixture(path.join(dir, 'source'));
});
after(() => rm(dir, { recursive: true, force: true }));

function inputFor(outDir: string, fingerprint: readonly string[] = []): StaticModelBuildInput {
  return { sourcePath: fixture.sourcePath, licensePath: fixture.licensePath, outDir, options, fingerprint };
}

async function fileHashes(folder: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes.set(
      path.relative(folder, file),
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return hashes;
}

test('two builds are byte-identical, and a build with the same inputs is skipped', async () => {
  const first = await buildStaticModel(inputFor(path.join(dir, 'a', 'model')));
  const second = await buildStaticModel(inputFor(path.join(dir, 'b', 'model')));
  assert.ok(first.built && second.built);
  const hashesA = await fileHashes(first.outDir);
  assert.deepEqual(
    [...hashesA.keys()].sort(),
    ['NOTICE', BUILD_INFO_FILE, 'config.json', path.join('onnx', 'model_quantized.onnx'), 'tokenizer.json', 'tokenizer_config.json'].sort(),
  );
  assert.deepEqual(await fileHashes(second.outDir), hashesA);

  const again = await buildStaticModel(inputFor(first.outDir));
  assert.equal(again.built, false);
  assert.equal(again.inputHash, first.inputHash);
  const changed = await buildStaticModel(inputFor(first.outDir, ['builder source changed']));
  assert.equal(changed.built, true);
  assert.notEqual(changed.inputHash, first.inputHash);
});

test('the model folder carries the licences and a graph of the expected shape', async () => {
  const { outDir } = await buildStaticModel(inputFor(path.join(dir, 'c', 'model')));
  const notice = await readFile(path.join(outDir, 'NOTICE'), 'utf8');
  assert.match(notice, /PDDL/);
  assert.match(notice, /Pennington, Richard Socher, and Christopher D\. Manning\. 2014/);
  assert.match(notice, /Copyright \(c\) test fixture/);

  const vocabulary = selectVocabulary(fixture.words, options.vocabularySize);
  const session = await ort.InferenceSession.create(path.join(outDir, 'onnx', 'model_quantized.onnx'));
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask']);
  // One token per text: each output row is that token's (weighted) vector.
  const ids = BigInt64Array.from([0, 1, ...vocabulary.keys()].map((i, k) => BigInt(k < 2 ? i : i + 2)));
  const output = await session.run({
    input_ids: new ort.Tensor('int64', ids, [ids.length, 1]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [ids.length, 1]),
  });
  const rows = output[POOLED_OUTPUT];
  assert.deepEqual(rows.dims, [ids.length, 6]);
  const data = rows.data as Float32Array;
  assert.ok(
    data.subarray(0, 12).every((v) => v === 0),
    '[PAD] and [UNK] rows are zero',
  );
  // Each word row is its GloVe vector times a positive SIF weight below one that grows with rank.
  let previousWeight = 0;
  vocabulary.forEach((word, i) => {
    const row = data.subarray((i + 2) * 6, (i + 3) * 6);
    const vector = fixture.vectors.get(word) ?? [];
    const weight = row.reduce((s, v, c) => s + v * vector[c], 0) / vector.reduce((s, v) => s + v * v, 0);
    assert.ok(weight > previousWeight && weight < 1, `weight of ${word}`);
    row.forEach((v, c) => assert.ok(Math.abs(v - weight * vector[c]) < 0.01 * weight, `${word}[${c}]`));
    previousWeight = weight;
  });
  await session.release();
});

test('the tokenizer maps every vocabulary word to its row and everything else to [UNK]', async () => {
  const { outDir } = await buildStaticModel(inputFor(path.join(dir, 'd', 'model')));
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(outDir);
  const vocabulary = selectVocabulary(fixture.words, options.vocabularySize);
  vocabulary.forEach((word, i) => assert.deepEqual(tokenizer.encode(word), [i + 2], word));
  const unk = 1;
  const idOf = (word: string): number => vocabulary.indexOf(word) + 2;
  // Punctuation splits words, case and compatibility forms are normalised, unknown words become [UNK].
  assert.deepEqual(tokenizer.encode('The CAT, well-known: Naïve zzz!'), [idOf('the'), idOf('cat'), unk, unk, unk, unk, unk, idOf('naïve'), unk, unk]);
  assert.deepEqual(tokenizer.encode(''), []);
});
