import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { zeroRows, type Embedder } from '../../../src/core/embedding/embedder';
import { clipForTokenizer, createTransformersEmbedder, ModelNotAvailableOfflineError } from '../../../src/core/embedding/transformersEmbedder';
import { row, type Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import { BUNDLED_MODEL } from '../../../src/core/embedding/bundledModel';
import { bundledModelForTests } from '../../support/bundledModel';
import { writeTinyBert } from '../../support/tinyBert';

/** Every network request transformers.js tries is recorded and refused. */
const requests: string[] = [];
const realFetch = env.fetch;
let scratch: string;

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'embedder-'));
  env.fetch = (async (input: unknown) => {
    requests.push(String(input));
    throw new Error('no network in tests');
  }) as typeof env.fetch;
});
after(async () => {
  env.fetch = realFetch;
  await rm(scratch, { recursive: true, force: true });
});

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, v, i) => sum + v * b[i], 0);
}

function assertRowsClose(actual: Matrix, expected: Matrix, tolerance: number, label: string): void {
  assert.equal(actual.rows, expected.rows);
  for (let i = 0; i < actual.rows; i++) {
    const difference = Math.max(...row(actual, i).map((v, c) => Math.abs(v - row(expected, i)[c])));
    assert.ok(difference <= tolerance, `${label}: row ${i} differs by ${difference}`);
  }
}

/** Texts of varied lengths, some sharing words, in a seeded shuffled order. */
function shuffledTexts(count: number): string[] {
  const random = seededRandom(5);
  const words = 'the cat sat on a mat while stock prices fell sharply and the kitten slept on the warm rug'.split(' ');
  const texts = Array.from({ length: count }, (_, i) => Array.from({ length: 1 + ((i * 7) % 23) }, () => words[Math.floor(random() * words.length)]).join(' '));
  for (let i = texts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [texts[i], texts[j]] = [texts[j], texts[i]];
  }
  return texts;
}

async function oneAtATime(embedder: Embedder, texts: readonly string[]): Promise<Matrix> {
  const data = new Float32Array(texts.length * embedder.dimension);
  for (let i = 0; i < texts.length; i++) data.set((await embedder.embed([texts[i]])).data, i * embedder.dimension);
  return { rows: texts.length, cols: embedder.dimension, data };
}

test('clipForTokenizer cuts after the n-th whitespace-separated chunk', () => {
  assert.equal(clipForTokenizer('  one two,three\t four\n five ', 3), '  one two,three\t four');
  assert.equal(clipForTokenizer('one two', 3), 'one two');
  assert.equal(clipForTokenizer('', 3), '');
});

describe('the bundled GloVe-SIF model', () => {
  let embedder: Embedder;
  let folder: string;

  before(async () => {
    const model = await bundledModelForTests();
    folder = model.folder;
    embedder = await createTransformersEmbedder({
      backend: 'local',
      model: model.isRepositoryBuild ? BUNDLED_MODEL : model.folder,
      allowRemoteModels: false,
      batchSize: 4,
    });
  });
  after(() => embedder.dispose());

  test('loads offline and gives 100-d unit vectors', async () => {
    assert.equal(embedder.dimension, 100);
    assert.match(embedder.modelId, /^glove-sif-100d@[0-9a-f]{12}:q8:max256$/);
    const m = await embedder.embed(['Topic models group documents.', 'Hello, world!']);
    assert.equal(m.cols, 100);
    for (let i = 0; i < m.rows; i++) assert.ok(Math.abs(dot(row(m, i), row(m, i)) - 1) < 1e-5);
    assert.deepEqual(requests, []);
  });

  test('texts without a known word, the empty string included, give zero rows', async () => {
    const m = await embedder.embed(['!!! ???', '', 'the cat', '   ']);
    assert.deepEqual(Array.from(zeroRows(m)), [0, 1, 3]);
    assert.ok(!m.data.some(Number.isNaN));
    assert.deepEqual(Array.from(zeroRows(await embedder.embed(['']))), [0]);
    assert.equal((await embedder.embed([])).rows, 0);
  });

  test('every vocabulary word is a token of its own (sampled)', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(folder);
    const vocabulary = [...tokenizer.get_vocab()];
    assert.equal(vocabulary.length, 100_002);
    for (let i = 0; i < vocabulary.length; i += 7) {
      const [word, id] = vocabulary[i];
      if (id >= 2) assert.deepEqual(tokenizer.encode(word), [id], word);
    }
  });

  test('a sentence is closer to its paraphrase than to an unrelated one', async () => {
    const m = await embedder.embed(['the cat sat on the mat', 'a kitten was sitting on a rug', 'stock prices fell sharply']);
    const paraphrase = dot(row(m, 0), row(m, 1));
    const unrelated = dot(row(m, 0), row(m, 2));
    assert.ok(paraphrase > unrelated + 0.2, `paraphrase ${paraphrase}, unrelated ${unrelated}`);
  });

  test('batching by length keeps the input order', async () => {
    const texts = shuffledTexts(25);
    assertRowsClose(await embedder.embed(texts), await oneAtATime(embedder, texts), 1e-6, 'batched vs single');
  });

  test('reports progress per batch and stops between batches when cancelled', async () => {
    const texts = shuffledTexts(10);
    const events: ProgressEvent[] = [];
    await embedder.embed(texts, { onProgress: (e) => events.push(e) });
    assert.deepEqual(
      events.map((e) => [e.stage, e.done, e.total]),
      [
        ['embed', 1, 3],
        ['embed', 2, 3],
        ['embed', 3, 3],
      ],
    );

    const controller = new AbortController();
    let batches = 0;
    const run = embedder.embed(texts, {
      signal: controller.signal,
      onProgress: () => {
        batches += 1;
        controller.abort();
      },
    });
    await assert.rejects(run, CancelledError);
    assert.equal(batches, 1);
  });
});

test('a hub model with remote models disabled fails clearly without touching the network', async () => {
  const before = requests.length;
  await assert.rejects(
    createTransformersEmbedder({ backend: 'local', model: 'Xenova/all-MiniLM-L6-v2', allowRemoteModels: false, modelCacheDir: scratch }),
    (error: unknown) =>
      error instanceof ModelNotAvailableOfflineError &&
      /"Xenova\/all-MiniLM-L6-v2" is not available offline/.test(error.message) &&
      error.message.includes(scratch),
  );
  assert.equal(requests.length, before);
});

describe('a transformer (tiny random BERT) from a local folder', () => {
  let folder: string;

  before(async () => {
    folder = await writeTinyBert(path.join(scratch, 'tiny-bert'));
  });

  test('pads with an attention mask and truncates to maxLength', async () => {
    const short = await createTransformersEmbedder({ backend: 'local', model: folder, allowRemoteModels: false, maxLength: 16, batchSize: 3 });
    const long = await createTransformersEmbedder({ backend: 'local', model: folder, allowRemoteModels: false, maxLength: 64 });
    try {
      assert.equal(short.dimension, 32);
      assert.notEqual(short.modelId, long.modelId, 'the window is part of the cache key');
      const shared = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen';
      // The second text is long enough to be clipped before tokenization.
      const texts = [`${shared} alpha beta`, `${shared} gamma delta epsilon ${'zeta '.repeat(500)}`];
      const truncated = await short.embed(texts);
      assertRowsClose({ rows: 1, cols: 32, data: row(truncated, 0) }, { rows: 1, cols: 32, data: row(truncated, 1) }, 0, 'truncated');
      const whole = await long.embed(texts);
      assert.ok(dot(row(whole, 0), row(whole, 1)) < 0.9999, 'the tails differ within the window');
      // Padding a short text next to longer ones (attention mask) must not change its vector.
      const mixed = ['unbelievably tokenized', shared, 'a', `${shared} ${shared}`, 'WordPiece splits words', ''];
      assertRowsClose(await short.embed(mixed), await oneAtATime(short, mixed), 1e-5, 'padded vs alone');
      const m = await short.embed(mixed);
      for (let i = 0; i < m.rows; i++) assert.ok(Math.abs(dot(row(m, i), row(m, i)) - 1) < 1e-5, `unit row ${i}`);
    } finally {
      await short.dispose();
      await long.dispose();
    }
  });

  test("calling its session directly gives the rows of transformers.js's own pipeline (mean pooling, normalised)", async () => {
    const embedder = await createTransformersEmbedder({ backend: 'local', model: folder, allowRemoteModels: false, batchSize: 3 });
    const extractor = await pipeline('feature-extraction', folder, { dtype: 'q8', local_files_only: true });
    try {
      const texts = ['unbelievably tokenized', 'a', 'WordPiece splits words into pieces', '', `${'zeta '.repeat(100)}`, 'one two three'];
      const expected = await extractor(texts, { pooling: 'mean', normalize: true });
      const [rows, cols] = expected.dims;
      assertRowsClose(await embedder.embed(texts), { rows, cols, data: expected.data as Float32Array }, 1e-5, 'direct vs pipeline');
    } finally {
      await embedder.dispose();
      await extractor.dispose();
    }
  });

  test('a hub model already in the model cache loads offline, reporting file progress', async () => {
    const cacheDir = path.join(scratch, 'model-cache');
    await cp(folder, path.join(cacheDir, 'someone', 'tiny-bert'), { recursive: true });
    const files = new Set<string>();
    const before = requests.length;
    const embedder = await createTransformersEmbedder(
      { backend: 'local', model: 'someone/tiny-bert', allowRemoteModels: false, modelCacheDir: cacheDir },
      { onDownloadProgress: (progress) => files.add(progress.file) },
    );
    try {
      assert.equal(embedder.modelId, 'someone/tiny-bert:q8:max64');
      assert.equal((await embedder.embed(['cached models work offline'])).cols, 32);
      assert.ok(files.has('config.json') && files.has('tokenizer.json'), [...files].join(', '));
      assert.equal(requests.length, before);
    } finally {
      await embedder.dispose();
    }
  });
});
