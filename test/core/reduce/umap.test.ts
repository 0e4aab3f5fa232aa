import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancelledError } from '../../../src/core/control';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import { nearestNeighbors } from '../../../src/core/reduce/knn';
import { umap, UmapLayout, type UmapOptions } from '../../../src/core/reduce/umap';
import { gaussianBlobs, permutation, reorderRows } from './helpers';

const blobs = gaussianBlobs(5, 80, 50, 1, seededRandom(1));
const options = (seed: number, nComponents = 5): UmapOptions => ({ nComponents, nNeighbors: 15, minDist: 0, nEpochs: 200, random: seededRandom(seed) });

function euclideanNeighbors(m: Matrix<Float32Array>, i: number, k: number): number[] {
  const d = Array.from({ length: m.rows }, (_, j) => {
    let s = 0;
    for (let c = 0; c < m.cols; c++) s += (m.data[i * m.cols + c] - m.data[j * m.cols + c]) ** 2;
    return s;
  });
  return d
    .map((_, j) => j)
    .filter((j) => j !== i)
    .sort((a, b) => d[a] - d[b])
    .slice(0, k);
}

/** Share of each point's 10 nearest neighbours in the embedding that come from its own blob. */
function neighbourPurity(embedding: Matrix<Float32Array>, labels: Int32Array): number {
  let same = 0;
  for (let i = 0; i < embedding.rows; i++) for (const j of euclideanNeighbors(embedding, i, 10)) if (labels[j] === labels[i]) same++;
  return same / (embedding.rows * 10);
}

/** Accuracy of assigning each point to the nearest blob centroid in the embedding. */
function nearestCentroidAccuracy(embedding: Matrix<Float32Array>, labels: Int32Array, classes: number): number {
  const dim = embedding.cols;
  const centroids = new Float64Array(classes * dim);
  const counts = new Float64Array(classes);
  for (let i = 0; i < embedding.rows; i++) {
    counts[labels[i]]++;
    for (let c = 0; c < dim; c++) centroids[labels[i] * dim + c] += embedding.data[i * dim + c];
  }
  for (let l = 0; l < classes; l++) for (let c = 0; c < dim; c++) centroids[l * dim + c] /= counts[l];
  let correct = 0;
  for (let i = 0; i < embedding.rows; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let l = 0; l < classes; l++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += (embedding.data[i * dim + c] - centroids[l * dim + c]) ** 2;
      if (s < bestDistance) [best, bestDistance] = [l, s];
    }
    if (best === labels[i]) correct++;
  }
  return correct / embedding.rows;
}

for (const nComponents of [5, 2]) {
  test(`${nComponents}-d UMAP keeps 5 separable blobs apart (finite output)`, async () => {
    const embedding = await umap(blobs.data, options(2, nComponents));
    assert.equal(embedding.rows, blobs.data.rows);
    assert.equal(embedding.cols, nComponents);
    assert.ok(embedding.data.every(Number.isFinite));
    const purity = neighbourPurity(embedding, blobs.labels);
    assert.ok(purity >= 0.95, `neighbour purity ${purity}`);
    const accuracy = nearestCentroidAccuracy(embedding, blobs.labels, 5);
    assert.ok(accuracy >= 0.95, `nearest-centroid accuracy ${accuracy}`);
  });
}

test('same seed gives the same output, another seed a different one', async () => {
  const first = await umap(blobs.data, options(3));
  const again = await umap(blobs.data, options(3));
  const other = await umap(blobs.data, options(4));
  assert.deepEqual(again.data, first.data);
  assert.notDeepEqual(other.data, first.data);
});

test('the same rows in another order get the same coordinates', async () => {
  const order = permutation(blobs.data.rows, seededRandom(5));
  const original = await umap(blobs.data, options(6));
  const shuffled = await umap(reorderRows(blobs.data, order), options(6));
  for (let r = 0; r < order.length; r++) {
    for (let c = 0; c < 5; c++) assert.equal(shuffled.data[r * 5 + c], original.data[order[r] * 5 + c]);
  }
});

test('precomputed neighbours are used as given (the exact search draws no random numbers)', async () => {
  const knn = await nearestNeighbors(blobs.data, 15, { metric: 'cosine', random: seededRandom(99) });
  const computed = await umap(blobs.data, options(7));
  const reused = await umap(blobs.data, { ...options(7), knn });
  assert.deepEqual(reused.data, computed.data);
  // A wider graph truncated to nNeighbors gives the same layout.
  const wide = await nearestNeighbors(blobs.data, 20, { metric: 'cosine', random: seededRandom(99) });
  assert.deepEqual((await umap(blobs.data, { ...options(7), knn: wide })).data, computed.data);
});

test('step-wise: epochs are counted and the layout moves', async () => {
  const layout = await UmapLayout.initialize(blobs.data, { ...options(8), nEpochs: 20 });
  assert.equal(layout.nEpochs, 20);
  const before = layout.embedding();
  // As in umap-learn, epoch 0 samples nothing (every edge is first due at epoch max weight / weight ≥ 1).
  assert.equal(layout.step(), 1);
  assert.deepEqual(layout.embedding().data, before.data);
  assert.equal(layout.step(), 2);
  assert.notDeepEqual(layout.embedding().data, before.data);
  while (layout.step() < 20);
  assert.equal(layout.step(), 20);
  assert.equal(layout.epochsDone, 20);
});

test('umap-learn’s default epochs: 500 up to 10,000 points', async () => {
  const layout = await UmapLayout.initialize(blobs.data, { ...options(9), nEpochs: null });
  assert.equal(layout.nEpochs, 500);
});

test('aborting mid-run throws CancelledError', async () => {
  const controller = new AbortController();
  const run = umap(
    blobs.data,
    { ...options(10), nEpochs: 100000 },
    {
      signal: controller.signal,
      onProgress: (event) => {
        if (event.done > 0) controller.abort();
      },
    },
  );
  await assert.rejects(run, CancelledError);
});

test('every start (spectral, PCA, random) separates the blobs', async () => {
  for (const init of ['spectral', 'pca', 'random'] as const) {
    const embedding = await umap(blobs.data, { ...options(11, 2), init });
    assert.ok(nearestCentroidAccuracy(embedding, blobs.labels, 5) >= 0.95, init);
  }
});

test('a disconnected neighbour graph (far-apart groups) still gets a finite, separated layout', async () => {
  const apart = gaussianBlobs(2, 40, 10, 0.1, seededRandom(12));
  const embedding = await umap(apart.data, { nComponents: 2, nNeighbors: 5, minDist: 0, nEpochs: 100, random: seededRandom(13), metric: 'euclidean' });
  assert.ok(embedding.data.every(Number.isFinite));
  assert.equal(nearestCentroidAccuracy(embedding, apart.labels, 2), 1);
});

test('refuses a precomputed kNN graph with too few neighbours or rows', async () => {
  const knn = await nearestNeighbors(blobs.data, 10, { metric: 'cosine', random: seededRandom(2), method: 'exact' });
  await assert.rejects(umap(blobs.data, { ...options(3), knn }), /at least 15 neighbours/);
  const wrongRows = { ...knn, k: 15, indices: knn.indices.subarray(0, 15 * (blobs.data.rows - 1)) };
  await assert.rejects(umap(blobs.data, { ...options(3), knn: wrongRows }), /must have \d+ rows/);
});
