import * as assert from 'node:assert/strict';
import type { RunOutcome, TopicLensApi } from '../../src/extension/api';
import { activatedApi, fixtureResult, waitFor } from './helpers';
import { midRunWorker, nextMidRunSignal } from './testWorkers';

/**
 * Starts a run, cancels it once UMAP is running and returns its outcome, once the worker itself has answered the
 * cancel. How long stopping takes is measured by `npm run bench` (bench/cancellation.ts), not asserted.
 */
async function cancelledMidRun(api: TopicLensApi): Promise<RunOutcome> {
  const signal = nextMidRunSignal();
  try {
    const run = api.runDetect(undefined, { workerScript: midRunWorker('signal') });
    await waitFor('the run to reach UMAP', signal.reached);
    api.cancel();
    const outcome = await waitFor('the cancelled run to end', run);
    // The worker's own answer, broadcast just before the host got it; one terminated after the grace period never answers.
    await waitFor('the worker to answer the cancel itself (not terminated after the grace period)', signal.acknowledgedCancel);
    return outcome;
  } finally {
    signal.close();
  }
}

suite('Cancellation', () => {
  test('cancelling mid-run (during UMAP) stops the worker by itself and keeps the previous result', async () => {
    const api = await activatedApi();
    const before = await fixtureResult();
    let changes = 0;
    const listener = api.onDidChangeResult(() => changes++);
    try {
      assert.equal((await cancelledMidRun(api)).status, 'cancelled');
    } finally {
      listener.dispose();
    }
    assert.equal(api.getResult(), before, 'the previous result was replaced');
    assert.equal(changes, 0, 'onDidChangeResult fired for a cancelled run');
  });

  test('a new run works after a cancelled one', async () => {
    const api = await activatedApi();
    const before = await fixtureResult();
    assert.equal((await cancelledMidRun(api)).status, 'cancelled');
    const outcome = await api.runDetect();
    assert.equal(outcome.status, 'completed');
    assert.notEqual(api.getResult(), before);
    assert.equal(api.getResult()?.documents.length, before.documents.length);
  });
});
