/**
 * The layout helper: two threads share the 5-d layout's epochs, then the map's, and the coordinates are exactly
 * those of one thread alone, however the blocks fall to the threads (a busy machine changes who runs what, never
 * the result).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { seededRandom } from '../../../src/core/random';
import { nearestNeighbors } from '../../../src/core/reduce/knn';
import { startLayoutHelper, type MapLayoutOptions } from '../../../src/core/reduce/layoutThread';
import { umap, UmapLayout, type UmapOptions } from '../../../src/core/reduce/umap';
import { gaussianBlobs } from './helpers';

/** Keeps this thread busy for `ms`, as a loaded machine would. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('the layout helper', () => {
  const { data, labels } = gaussianBlobs(4, 150, 20, 1, seededRandom(5));
  const setup = async (nEpochs: number) => {
    const knn = await nearestNeighbors(data, 15, { metric: 'cosine', random: seededRandom(1) });
    const fiveD = (): UmapOptions => ({ nComponents: 5, nNeighbors: 15, minDist: 0, nEpochs, knn, random: seededRandom(2) });
    const map: MapLayoutOptions = { nComponents: 2, nNeighbors: 10, minDist: 0, nEpochs, seed: 43, knn: { ...knn } };
    return { fiveD, map };
  };

  it('gives exactly the layouts of one thread, however busy this thread is', async () => {
    const { fiveD, map } = await setup(200);
    const alone = { reduced: await umap(data, fiveD()), map: await umap(data, { ...map, random: seededRandom(map.seed) }) };
    for (const pause of [0, 2, 15]) {
      const random = seededRandom(pause);
      const events: ProgressEvent[] = [];
      const helper = startLayoutHelper(data, map);
      try {
        const onProgress = (event: ProgressEvent) => {
          events.push(event);
          busy(random() * pause);
        };
        const reduced = await helper.layOut(await UmapLayout.initialize(data, fiveD()), 'umap', { onProgress });
        const mapped = await helper.map({ onProgress });
        assert.deepEqual({ reduced, map: mapped }, alone, `with pauses up to ${pause} ms`);
      } finally {
        helper.stop();
      }
      assert.ok(events.every((e) => e.total === 200 && e.done <= 200 && (e.stage === 'umap' || e.stage === 'map')));
    }
    const stayingHere = startLayoutHelper(data, map, false);
    assert.deepEqual(
      { reduced: await stayingHere.layOut(await UmapLayout.initialize(data, fiveD()), 'umap'), map: await stayingHere.map() },
      alone,
      'kept on this thread when asked',
    );
  });

  it('gives the same coordinates whichever handle runs which block', async () => {
    const { fiveD } = await setup(60);
    const alone = await umap(data, fiveD());
    const layout = await UmapLayout.initialize(data, fiveD());
    const other = UmapLayout.attach(layout.shared);
    const random = seededRandom(9);
    // Two handles on one thread take turns at random, each running a few blocks.
    for (let turn = 0; layout.epochsDone < layout.nEpochs; turn++) {
      let left = 1 + Math.floor(random() * 4);
      (turn % 2 === 0 ? layout : other).work(() => left-- === 0);
    }
    assert.deepEqual(layout.embedding(), alone);
    assert.deepEqual(other.embedding(), alone);
  });

  it('one block is umap-learn’s sequential epoch; two blocks change the layout, not its quality', async () => {
    const { fiveD } = await setup(200);
    const sequential = await umap(data, { ...fiveD(), blocks: 1 });
    const blocked = await umap(data, fiveD());
    assert.notDeepEqual(blocked, sequential);
    // Both keep the four blobs apart: every point's nearest neighbour in the layout is from its own blob.
    for (const layout of [sequential, blocked]) {
      let sameBlob = 0;
      for (let i = 0; i < layout.rows; i++) {
        let best = -1;
        let bestDistance = Infinity;
        for (let j = 0; j < layout.rows; j++) {
          if (j === i) continue;
          let d = 0;
          for (let c = 0; c < layout.cols; c++) d += (layout.data[i * layout.cols + c] - layout.data[j * layout.cols + c]) ** 2;
          if (d < bestDistance) [best, bestDistance] = [j, d];
        }
        if (labels[best] === labels[i]) sameBlob++;
      }
      assert.equal(sameBlob, layout.rows);
    }
  });

  it('stops when the run is cancelled, and when stopped', async () => {
    const { map } = await setup(100_000);
    const helper = startLayoutHelper(data, map);
    const controller = new AbortController();
    // Cancelled once the first epochs are reported: mid-run, whatever the machine's speed.
    const cancelled = helper.map({ signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(cancelled, CancelledError);
    helper.stop();

    const stopped = startLayoutHelper(data, map);
    stopped.stop();
    await assert.rejects(stopped.map(), /stopped/);
  });
});
