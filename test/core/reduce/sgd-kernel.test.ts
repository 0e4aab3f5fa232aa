import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { createEpochKernel } from '../../../src/core/reduce/sgd-kernel';

/** umap-learn's single epoch written plainly (Math.pow, float32 coordinates), with the kernel's xorshift sampler. */
function referenceEpoch(
  y: Float32Array,
  dim: number,
  head: Int32Array,
  tail: Int32Array,
  perSample: Float64Array,
  nextSample: Float64Array,
  perNegative: Float64Array,
  nextNegative: Float64Array,
  a: number,
  b: number,
  epoch: number,
  alpha: number,
  state: number,
): number {
  const rows = y.length / dim;
  const clip = (v: number): number => Math.max(-4, Math.min(4, v));
  for (let e = 0; e < head.length; e++) {
    if (nextSample[e] > epoch) continue;
    const j = head[e] * dim;
    const k = tail[e] * dim;
    let d2 = 0;
    for (let d = 0; d < dim; d++) d2 += (y[j + d] - y[k + d]) ** 2;
    if (d2 > 0) {
      const coeff = (-2 * a * b * Math.pow(d2, b - 1)) / (a * Math.pow(d2, b) + 1);
      for (let d = 0; d < dim; d++) {
        const g = clip(coeff * (y[j + d] - y[k + d])) * alpha;
        y[j + d] += g;
        y[k + d] -= g;
      }
    }
    nextSample[e] += perSample[e];
    const negatives = Math.max(0, Math.trunc((epoch - nextNegative[e]) / perNegative[e]));
    nextNegative[e] += negatives * perNegative[e];
    for (let s = 0; s < negatives; s++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const o = Math.floor(((state >>> 0) * rows) / 2 ** 32) * dim;
      let n2 = 0;
      for (let d = 0; d < dim; d++) n2 += (y[j + d] - y[o + d]) ** 2;
      if (n2 > 0) {
        const coeff = (2 * b) / ((0.001 + n2) * (a * Math.pow(n2, b) + 1));
        for (let d = 0; d < dim; d++) y[j + d] += clip(coeff * (y[j + d] - y[o + d])) * alpha;
      }
    }
  }
  return state;
}

test('the WebAssembly epoch reproduces umap-learn’s update rule (attraction, negative sampling, clipping)', () => {
  const random = seededRandom(1);
  const rows = 60;
  const dim = 3;
  const edges = 400;
  const head = Int32Array.from({ length: edges }, () => Math.floor(random() * rows));
  const tail = Int32Array.from(head, (h) => (h + 1 + Math.floor(random() * (rows - 1))) % rows);
  const perSample = Float64Array.from({ length: edges }, () => 1 + random() * 4);
  const start = Float32Array.from({ length: rows * dim }, () => random() * 10);
  const [a, b, seed] = [1.93, 0.79, 12345];
  const kernel = createEpochKernel({ coordinates: start, dim, head, tail, epochsPerSample: perSample, negativeSampleRate: 5, a, b, repulsion: 1, seed });

  const y = Float32Array.from(start);
  const nextSample = Float64Array.from(perSample);
  const perNegative = perSample.map((e) => e / 5);
  const nextNegative = Float64Array.from(perNegative);
  let state = seed | 1;
  for (let epoch = 0; epoch < 6; epoch++) {
    const alpha = 1 - epoch / 10;
    kernel.run(epoch, alpha);
    state = referenceEpoch(y, dim, head, tail, perSample, nextSample, perNegative, nextNegative, a, b, epoch, alpha, state);
  }
  let largest = 0;
  let moved = 0;
  for (let t = 0; t < y.length; t++) {
    largest = Math.max(largest, Math.abs(kernel.coordinates[t] - y[t]));
    moved = Math.max(moved, Math.abs(y[t] - start[t]));
  }
  assert.ok(moved > 0.1, 'the epochs moved the points');
  assert.ok(largest < 1e-4, `largest difference ${largest}`);
});
