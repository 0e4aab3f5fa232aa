import * as assert from 'node:assert/strict';
import type { RunOptions, RunOutcome } from '../../src/extension/api';
import { activatedApi } from './helpers';
import { midRunWorker, SIMULATED_CRASH, SIMULATED_EXIT_CODE } from './testWorkers';

/** A failing worker must end the run with an error well before mocha's timeout: a hang fails here. */
const FAILURE_DEADLINE_MS = 30_000;

async function failingRun(options: RunOptions): Promise<Extract<RunOutcome, { status: 'failed' }>> {
  const api = await activatedApi();
  const before = api.getResult();
  assert.ok(before, 'no previous result: the Detect Topics suite did not run first');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no outcome within ${FAILURE_DEADLINE_MS} ms: the run hangs`)), FAILURE_DEADLINE_MS);
  });
  try {
    const outcome = await Promise.race([api.runDetect(undefined, options), deadline]);
    assert.equal(outcome.status, 'failed');
    assert.equal(api.getResult(), before, 'a failed run replaced the previous result');
    return outcome as Extract<RunOutcome, { status: 'failed' }>;
  } finally {
    clearTimeout(timer);
  }
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
    const outcome = await failingRun({ resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    assert.match(outcome.message, /out of memory/i);
  });
});
