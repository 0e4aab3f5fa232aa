import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveMinSamples, hdbscan, type HdbscanResult } from '../../../src/core/cluster/hdbscan';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { adjustedRandIndex } from '../../../src/core/metrics/partition';
import { seededRandom } from '../../../src/core/random';
import { assertClose, column, fixturePoints, loadHdbscanFixtures, type HdbscanFixture } from './hdbscanFixtures';

const fixtures = loadHdbscanFixtures();

const results = new Map<string, Promise<HdbscanResult>>();

/** Clusters a fixture's points with its parameters (once per fixture). */
function run(fixture: HdbscanFixture): Promise<HdbscanResult> {
  const p = fixture.params;
  if (!results.has(fixture.name))
    results.set(
      fixture.name,
      hdbscan(fixturePoints(fixture), {
        minClusterSize: p.min_cluster_size,
        minSamples: p.min_samples,
        clusterSelectionMethod: p.cluster_selection_method,
        allowSingleCluster: p.allow_single_cluster,
        clusterSelectionEpsilon: p.cluster_selection_epsilon,
      }),
    );
  return results.get(fixture.name) as Promise<HdbscanResult>;
}

/** Points whose label differs after a greedy one-to-one matching of cluster ids (noise stays noise); at least the optimal count. */
function pointsMovedAfterMatching(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const overlaps = new Map<string, number>();
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || b[i] < 0) continue;
    const key = `${a[i]},${b[i]}`;
    overlaps.set(key, (overlaps.get(key) ?? 0) + 1);
  }
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let kept = 0;
  for (const [key, count] of [...overlaps].sort((x, y) => y[1] - x[1])) {
    const [ka, kb] = key.split(',').map(Number);
    if (usedA.has(ka) || usedB.has(kb)) continue;
    usedA.add(ka);
    usedB.add(kb);
    kept += count;
  }
  for (let i = 0; i < a.length; i++) if (a[i] < 0 && b[i] < 0) kept++;
  return a.length - kept;
}

const countNoise = (labels: ArrayLike<number>): number => Array.prototype.filter.call(labels, (l: number) => l < 0).length;

describe('hdbscan against the golden hdbscan 0.8.40 cases', () => {
  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      it('matches the canonical outputs exactly (tree rows, labels) and within 1e-6 (probabilities, scores)', async () => {
        const result = await run(fixture);
        const expected = fixture.canonical;
        const tree = expected.condensed_tree;
        assert.deepEqual([...result.condensedTree.parent], column(tree, 'parent'), 'condensed parent');
        assert.deepEqual([...result.condensedTree.child], column(tree, 'child'), 'condensed child');
        assert.deepEqual([...result.condensedTree.childSize], column(tree, 'child_size'), 'condensed child_size');
        assertClose(result.condensedTree.lambda, column(tree, 'lambda_val'), 1e-12, 'lambda', true);
        assert.deepEqual([...result.labels], expected.labels, 'labels');
        assert.equal(result.clusterCount, expected.n_clusters);
        const sizes = new Array<number>(result.clusterCount).fill(0);
        for (const l of result.labels) if (l >= 0) sizes[l]++;
        assert.deepEqual(sizes, expected.cluster_sizes);
        assertClose(result.probabilities, expected.probabilities, 1e-6, 'probabilities');
        assertClose(result.outlierScores, expected.outlier_scores, 1e-6, 'outlier scores');
        assertClose(result.clusterPersistence, expected.cluster_persistence, 1e-6, 'persistence');
      });

      it('matches the reference (what BERTopic gets) at the partition level', async () => {
        const result = await run(fixture);
        const reference = fixture.reference;
        assert.equal(result.clusterCount, reference.n_clusters, 'cluster count');
        assert.ok(pointsMovedAfterMatching(result.labels, reference.labels) <= Math.ceil(0.01 * fixture.n), 'moved points');
        assert.ok(Math.abs(countNoise(result.labels) - reference.n_noise) <= 0.01 * fixture.n, 'noise count');
        assert.ok(adjustedRandIndex(result.labels, reference.labels) >= 0.98, 'ARI');
      });
    });
  }
});

describe('hdbscan behaviour', () => {
  const blobs = fixtures.find((f) => f.name === 'b_blobs5d_mcs10') as HdbscanFixture;

  it('clips min_samples like hdbscan', () => {
    for (const f of fixtures) {
      const options = { minClusterSize: f.params.min_cluster_size, minSamples: f.params.min_samples };
      assert.equal(effectiveMinSamples(options, f.n), f.params.min_samples_effective, f.name);
    }
    assert.equal(effectiveMinSamples({ minClusterSize: 5 }, 1), 1);
  });

  it('gives the same clustering for float32 and float64 input holding the same values', async () => {
    const random = seededRandom(3);
    const data = new Float32Array(400 * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i % 3 === 0 ? Math.floor(i / 300) * 4 : 0) + random();
    const single = await hdbscan({ rows: 400, cols: 3, data }, { minClusterSize: 8 });
    const double = await hdbscan({ rows: 400, cols: 3, data: Float64Array.from(data) }, { minClusterSize: 8 });
    assert.ok(single.clusterCount >= 2);
    assert.deepEqual(single.labels, double.labels);
    assert.deepEqual(single.condensedTree, double.condensedTree);
  });

  it('never selects a cluster above maxClusterSize (hdbscan max_cluster_size), and a limit ≥ n changes nothing', async () => {
    const cmake = fixtures.find((f) => f.name === 'h_cmake_docs_umap5') as HdbscanFixture;
    const options = { minClusterSize: cmake.params.min_cluster_size };
    const free = await hdbscan(fixturePoints(cmake), options);
    const sizes = (labels: Int32Array) => {
      const count = new Map<number, number>();
      for (const l of labels) if (l >= 0) count.set(l, (count.get(l) ?? 0) + 1);
      return [...count.values()].sort((a, b) => b - a);
    };
    const largest = sizes(free.labels)[0];
    const capped = await hdbscan(fixturePoints(cmake), { ...options, maxClusterSize: largest - 1 });
    assert.ok(sizes(capped.labels)[0] <= largest - 1, `largest capped cluster ${sizes(capped.labels)[0]}`);
    assert.ok(capped.clusterCount >= free.clusterCount);
    const unlimited = await hdbscan(fixturePoints(cmake), { ...options, maxClusterSize: cmake.n });
    assert.deepEqual(unlimited.labels, free.labels);
  });

  it('returns all noise for fewer than two points', async () => {
    for (const rows of [0, 1]) {
      const result = await hdbscan({ rows, cols: 2, data: new Float64Array(rows * 2) }, { minClusterSize: 5, allowSingleCluster: true });
      assert.deepEqual([...result.labels], new Array(rows).fill(-1));
      assert.equal(result.clusterCount, 0);
      assert.equal(result.condensedTree.parent.length, 0);
    }
  });

  it('rejects invalid options and non-finite points', async () => {
    const points = fixturePoints(blobs);
    await assert.rejects(hdbscan(points, { minClusterSize: 1 }), RangeError);
    await assert.rejects(hdbscan(points, { minClusterSize: 5.5 }), RangeError);
    await assert.rejects(hdbscan(points, { minClusterSize: 5, minSamples: 0 }), RangeError);
    await assert.rejects(hdbscan(points, { minClusterSize: 5, clusterSelectionEpsilon: -1 }), RangeError);
    await assert.rejects(hdbscan({ rows: 2, cols: 1, data: Float64Array.of(0, NaN) }, { minClusterSize: 2 }), RangeError);
    await assert.rejects(hdbscan({ rows: 3, cols: 2, data: Float64Array.of(0, 1, 2, 3) }, { minClusterSize: 2 }), /rows × cols/);
  });

  it('reports progress in stage "cluster" up to its total', async () => {
    const events: ProgressEvent[] = [];
    await hdbscan(fixturePoints(blobs), { minClusterSize: 10 }, { onProgress: (e) => events.push(e) });
    assert.ok(events.length >= 3);
    assert.ok(events.every((e) => e.stage === 'cluster' && e.done <= e.total && e.total === 3 * blobs.n));
    assert.ok(
      events.every((e, i) => i === 0 || e.done >= events[i - 1].done),
      'done never decreases',
    );
    assert.equal(events[events.length - 1].done, events[events.length - 1].total);
  });

  it('stops with CancelledError when aborted before or during the run', async () => {
    const points = fixturePoints(blobs);
    await assert.rejects(hdbscan(points, { minClusterSize: 10 }, { signal: AbortSignal.abort() }), CancelledError);
    const controller = new AbortController();
    let eventsAfterAbort = 0;
    const onProgress = (e: ProgressEvent): void => {
      if (controller.signal.aborted) eventsAfterAbort++;
      if (e.done > 0) controller.abort();
    };
    await assert.rejects(hdbscan(points, { minClusterSize: 10 }, { signal: controller.signal, onProgress }), CancelledError);
    assert.equal(eventsAfterAbort, 0);
  });
});
