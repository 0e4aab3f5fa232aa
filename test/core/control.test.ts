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
    let asks = 1;
    while (!pacer.due) asks++;
    assert.ok(asks <= 64, `due ${asks} asks after the budget passed`);
    await pacer.pause();
    assert.equal(pacer.due, false);
  });

  /** A clock that moves `step` ms at each read; counts the reads. */
  function steppingClock(step: number): { now: () => number; reads: number } {
    const clock = { reads: 0, now: () => clock.reads++ * step };
    return clock;
  }

  it('reads the clock rarely when asked often, and answers at most 64 asks late', () => {
    const clock = steppingClock(0.001);
    const pacer = new Pacer({}, PACE_MS, clock.now);
    let asks = 0;
    while (!pacer.due) asks++;
    // The budget passed at the read 20,000 (0.001 ms each); asks past it before the answer: at most 64 per read.
    assert.ok(clock.reads >= PACE_MS / 0.001 && clock.reads <= PACE_MS / 0.001 + 1, `${clock.reads} reads`);
    assert.ok(asks > 30 * clock.reads, `${asks} asks for ${clock.reads} reads`);
  });

  it('reads the clock at every ask when asks come slowly, so it is due at the first ask past the budget', () => {
    const clock = steppingClock(1);
    const pacer = new Pacer({}, PACE_MS, clock.now);
    let asks = 0;
    while (!pacer.due) asks++;
    assert.equal(asks, PACE_MS - 1);
    assert.equal(clock.reads, PACE_MS + 1);
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
