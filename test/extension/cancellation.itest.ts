import * as assert from 'node:assert/strict';
import { CANCEL_GRACE_MS } from '../../src/extension/workerHost';
import { activatedApi } from './helpers';
import { midRunWorker, nextMidRunSignal } from './testWorkers';

suite('Cancellation', () => {
  test('cancelling mid-run (during UMAP) stops promptly and keeps the previous result', async () => {
    const api = await activatedApi();
    const before = api.getResult();
    assert.ok(before, 'no previous result: the Detect Topics suite did not run first');
    let changes = 0;
    const listener = api.onDidChangeResult(() => changes++);
    const signal = nextMidRunSignal();
    try {
      const run = api.runDetect(undefined, { workerScript: midRunWorker('signal') });
      await signal.reached;
      const cancelledAt = Date.now();
      api.cancel();
      const outcome = await run;
      const stopMs = Date.now() - cancelledAt;
      assert.equal(outcome.status, 'cancelled');
      assert.ok(stopMs < CANCEL_GRACE_MS + 1000, `the run took ${stopMs} ms to stop`);
    } finally {
      signal.close();
      listener.dispose();
    }
    assert.equal(api.getResult(), before, 'the previous result was replaced');
    assert.equal(changes, 0, 'onDidChangeResult fired for a cancelled run');
  });

  test('a new run works after a cancelled one', async () => {
    const api = await activatedApi();
    const before = api.getResult();
    const outcome = await api.runDetect();
    assert.equal(outcome.status, 'completed');
    assert.notEqual(api.getResult(), before);
    assert.equal(api.getResult()?.documents.length, before?.documents.length);
  });
});
