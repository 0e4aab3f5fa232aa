import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError, PACE_MS, Pacer } from '../../src/core/control';

/** Keeps this thread busy for `ms` milliseconds. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('Pacer', () => {
  it('is due once PACE_MS of work have passed since it was made or last paused', async () => {
    const pacer = new Pacer({});
    assert.equal(pacer.due, false);
    busy(PACE_MS + 2);
    assert.equal(pacer.due, true);
    await pacer.pause();
    assert.equal(pacer.due, false);
  });

  it('lets other callbacks run when it pauses, and throws there once the run is aborted', async () => {
    const controller = new AbortController();
    const pacer = new Pacer({ signal: controller.signal });
    let ran = false;
    setImmediate(() => {
      ran = true;
      controller.abort();
    });
    await assert.rejects(pacer.pause(), CancelledError);
    assert.ok(ran, 'the callback queued before the pause ran during it');
  });
});
