import * as assert from 'node:assert/strict';
import type { RunOptions, RunOutcome } from '../../src/extension/api';
import { activatedApi, fixtureResult, waitFor } from './helpers';
import { midRunWorker, SIMULATED_CRASH, SIMULATED_EXIT_CODE } from './testWorkers';

/** A failing worker must end the run with an error; a hang fails here, naming what never came. */
async function failingRun(options: RunOptions): Promise<Extract<RunOutcome, { status: 'failed' }>> {
  const api = await activatedApi();
  const before = await fixtureResult();
  const outcome = await waitFor('the run with a failing worker to end (a hang never ends)', api.runDetect(undefined, options));
  assert.equal(outcome.status, 'failed');
  assert.equal(api.getResult(), before, 'a failed run replaced the previous result');
  return outcome as Extract<RunOutcome, { status: 'failed' }>;
}

suite('Worker failures become errors, not hangs', () => {
  test('an uncaught exception in the worker mid-run', async () => {
    const outcome = await failingRun({ workerScript: midRunWorker('throw') });
    assert.match(outcome.message, new RegExp(SIMULATED_CRASH.replace(/[()]/g, '\\$&')));
  });

  test('the worker thread exiting mid-run', async () => {
    const outcome = await failingRun({ workerScript: midRunWorker('exit') });
    assert.match(outcome.message, new RegExp(`exit code ${SIMULATED_EXIT_CODE}`));
  });

  test('the worker running out of memory', async () => {
    const outcome = await failingRun({ workerScript: midRunWorker('allocate'), resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 } });
    // The limit named is the one the run was given: the worker ran with it, not with the default.
    assert.match(outcome.message, /ran out of memory \(limit 64 MB\)/);
  });
});
