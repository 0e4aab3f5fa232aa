import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { seededRandom } from '../../../src/core/random';
import { nearestNeighbors } from '../../../src/core/reduce/knn';
import { startLayoutInThread, type ThreadLayoutOptions } from '../../../src/core/reduce/layoutThread';
import { umap } from '../../../src/core/reduce/umap';
import { gaussianBlobs } from './helpers';

describe('startLayoutInThread', () => {
  const { data } = gaussianBlobs(4, 60, 20, 1, seededRandom(5));
  const layoutOptions = async (nEpochs: number): Promise<ThreadLayoutOptions> => ({
    nComponents: 2,
    nNeighbors: 10,
    minDist: 0,
    nEpochs,
    seed: 43,
    knn: await nearestNeighbors(data, 10, { metric: 'cosine', random: seededRandom(1) }),
  });

  it('gives exactly the layout of umap on this thread with the same seed, and reports its epochs', async () => {
    const options = await layoutOptions(200);
    const events: ProgressEvent[] = [];
    const inThread = await startLayoutInThread(data, options, 'map').result({ onProgress: (event) => events.push(event) });
    const here = await umap(data, { ...options, random: seededRandom(options.seed) });
    assert.deepEqual(inThread, here);
    assert.deepEqual(await startLayoutInThread(data, options, 'map', false).result(), here, 'kept on this thread when asked');
    assert.ok(events.every((e) => e.stage === 'map' && e.total === 200 && e.done <= 200));
  });

  it('stops when the run is cancelled, and when stopped', async () => {
    const options = await layoutOptions(100_000);
    const controller = new AbortController();
    // Cancelled once the thread reports its first epochs: mid-run, whatever the machine's speed.
    const cancelled = startLayoutInThread(data, options, 'map').result({ signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(cancelled, CancelledError);

    const stopped = startLayoutInThread(data, options, 'map');
    stopped.stop();
    await assert.rejects(stopped.result(), CancelledError);
  });
});
