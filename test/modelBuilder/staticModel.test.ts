import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { POOLED_OUTPUT } from '../../src/core/embedding/embedder';
import { isVocabularyWord, quantizeRows, selectVocabulary, sifWeights, staticEmbeddingOnnx, zipfProbabilities } from '../../src/modelBuilder/staticModel';
import { seededRandom } from '../../src/core/random';

test('the vocabulary keeps whole lowercase words with a letter or digit, in rank order', () => {
  for (const word of ['the', 'cat', '2014', 'a1', 'naïve', 'café']) assert.ok(isVocabularyWord(word), word);
  for (const word of [',', '"', 'well-known', 'u.s.', "'s", 'Capital', '$', '...', 'a b', '—', '', 'ﬁre']) {
    assert.ok(!isVocabularyWord(word), word);
  }
  assert.deepEqual(selectVocabulary(['the', ',', 'cat', 'Cat', 'cat', 'co-op', 'mat', 'rug'], 3), ['the', 'cat', 'mat']);
});

test('Zipf probabilities sum to one over all ranks and fall with rank; SIF weights rise towards one', () => {
  const total = 1000;
  const ranks = Int32Array.from({ length: total }, (_, i) => i + 1);
  const p = zipfProbabilities(ranks, total);
  assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  for (let i = 1; i < total; i++) assert.ok(p[i] < p[i - 1]);
  const w = sifWeights(p, 1e-3);
  for (let i = 0; i < total; i++) {
    assert.ok(w[i] > 0 && w[i] < 1);
    assert.ok(Math.abs(w[i] - 1e-3 / (1e-3 + p[i])) < 1e-15);
    if (i > 0) assert.ok(w[i] > w[i - 1]);
  }
});

test('per-row int8 quantisation reproduces weight × vector within half a step', () => {
  const random = seededRandom(3);
  const rows = 50;
  const cols = 20;
  const vectors = Float32Array.from({ length: rows * cols }, () => (random() * 2 - 1) * (1 + 5 * random()));
  const weights = Float64Array.from({ length: rows }, () => random());
  const q = quantizeRows(vectors, cols, weights);
  for (let r = 0; r < rows; r++) {
    let maxAbs = 0;
    for (let c = 0; c < cols; c++) maxAbs = Math.max(maxAbs, Math.abs(q.values[r * cols + c]));
    assert.equal(maxAbs, 127, 'each row uses the full int8 range');
    for (let c = 0; c < cols; c++) {
      const expected = weights[r] * vectors[r * cols + c];
      const actual = q.values[r * cols + c] * q.scales[r];
      assert.ok(Math.abs(actual - expected) <= q.scales[r] * 0.5 + 1e-6, `row ${r} col ${c}`);
    }
  }
});

test('the ONNX graph sums the dequantised rows of the unmasked tokens of each text', async () => {
  const values = Int8Array.from([0, 0, 10, -20, 127, 5, -127, 0]);
  const scales = Float32Array.of(0, 0.5, 0.25, 2);
  const session = await ort.InferenceSession.create(staticEmbeddingOnnx({ rows: 4, cols: 2, values, scales }));
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask']);
  assert.deepEqual(session.outputNames, [POOLED_OUTPUT]);
  const ids = BigInt64Array.from([1n, 2n, 3n, 3n, 0n, 2n]);
  const mask = BigInt64Array.from([1n, 1n, 0n, 1n, 1n, 1n]);
  const output = await session.run({
    input_ids: new ort.Tensor('int64', ids, [2, 3]),
    attention_mask: new ort.Tensor('int64', mask, [2, 3]),
  });
  const pooled = output[POOLED_OUTPUT];
  assert.deepEqual(pooled.dims, [2, 2]);
  const expected = [0, 1].flatMap((b) =>
    [0, 1].map((c) => {
      let sum = 0;
      for (let s = 0; s < 3; s++) {
        const id = Number(ids[b * 3 + s]);
        sum += values[id * 2 + c] * scales[id] * Number(mask[b * 3 + s]);
      }
      return sum;
    }),
  );
  // Small integers times powers of two: exact in float32, whatever the order of summation.
  assert.deepEqual(Array.from(pooled.data as Float32Array), expected);
  await session.release();
});
