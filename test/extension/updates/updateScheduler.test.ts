import assert from 'node:assert/strict';
import { beforeEach, afterEach, describe, mock, test } from 'node:test';
import type { IncrementalUpdate } from '../../../src/core/result';
import { changeCount, DebouncedRunner, incrementalSummary, sinceFullRun } from '../../../src/extension/updates/updateScheduler';

const DELAY = 1500;

/** A runner whose work is a promise the test settles, so "during a run" is a state the test controls. */
function harness(canRun: () => boolean = () => true) {
  const runs: { finish: () => void }[] = [];
  let held = 0;
  const runner = new DebouncedRunner(
    DELAY,
    canRun,
    () => new Promise<void>((resolve) => runs.push({ finish: resolve })),
    () => held++,
  );
  return { runner, runs, held: () => held };
}

/** Lets the runner's promise callbacks (the `finally` after work ends) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('DebouncedRunner', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('runs once, the delay after the last of a burst of notifications', () => {
    const { runner, runs } = harness();
    runner.notify();
    mock.timers.tick(DELAY - 1);
    runner.notify();
    mock.timers.tick(DELAY - 1);
    assert.equal(runs.length, 0, 'ran before the changes were quiet');
    mock.timers.tick(1);
    assert.equal(runs.length, 1);
    mock.timers.tick(DELAY * 3);
    assert.equal(runs.length, 1, 'ran again without a new notification');
  });

  test('a notification during a run is queued and runs after it, once', async () => {
    const { runner, runs } = harness();
    runner.notify();
    mock.timers.tick(DELAY);
    assert.equal(runner.isRunning, true);
    runner.notify();
    runner.notify();
    mock.timers.tick(DELAY);
    assert.equal(runs.length, 1, 'a second run started while the first was running');
    runs[0].finish();
    await settle();
    assert.equal(runner.isWaiting, true);
    mock.timers.tick(DELAY);
    assert.equal(runs.length, 2);
    runs[1].finish();
    await settle();
    mock.timers.tick(DELAY * 3);
    assert.equal(runs.length, 2);
  });

  test('while it may not run, changes are held (and said to be) until resume()', () => {
    let allowed = false;
    const { runner, runs, held } = harness(() => allowed);
    runner.notify();
    mock.timers.tick(DELAY - 1);
    assert.equal(held(), 0, 'held before the quiet period ended');
    mock.timers.tick(DELAY * 2);
    assert.equal(runs.length, 0);
    assert.equal(held(), 1);
    assert.equal(runner.isWaiting, true);
    assert.equal(runner.state, 'held');
    allowed = true;
    runner.resume();
    assert.equal(runner.state, 'waiting');
    mock.timers.tick(DELAY);
    assert.equal(runs.length, 1);
    assert.equal(held(), 1);
  });

  test('its state goes idle → waiting → running → idle, and running while a change waits', async () => {
    const { runner, runs } = harness();
    assert.equal(runner.state, 'idle');
    runner.notify();
    assert.equal(runner.state, 'waiting');
    mock.timers.tick(DELAY);
    assert.equal(runner.state, 'running');
    runner.notify();
    assert.equal(runner.state, 'running');
    runs[0].finish();
    await settle();
    assert.equal(runner.state, 'waiting');
    mock.timers.tick(DELAY);
    runs[1].finish();
    await settle();
    assert.equal(runner.state, 'idle');
  });

  test('resume() without a waiting change does nothing; clear() forgets one', () => {
    const { runner, runs } = harness();
    runner.resume();
    mock.timers.tick(DELAY * 2);
    assert.equal(runs.length, 0);
    runner.notify();
    runner.clear();
    runner.resume();
    mock.timers.tick(DELAY * 2);
    assert.equal(runs.length, 0);
    assert.equal(runner.isWaiting, false);
  });

  test('after dispose() notifications are ignored', () => {
    const { runner, runs } = harness();
    runner.notify();
    runner.dispose();
    runner.notify();
    mock.timers.tick(DELAY * 2);
    assert.equal(runs.length, 0);
  });
});

const update = (added: number, changed: number, removed: number, seconds = 0.5): IncrementalUpdate => ({
  updatedAt: '2025-01-01T00:00:00.000Z',
  added,
  changed,
  removed,
  seconds,
});

describe('incremental counts', () => {
  test('successive updates add up since the full run; the latest time and duration win', () => {
    const first = update(2, 0, 0, 0.3);
    const second = { ...update(0, 1, 3, 0.7), updatedAt: '2025-01-02T00:00:00.000Z' };
    const total = sinceFullRun(sinceFullRun(undefined, first), second);
    assert.deepEqual(total, { updatedAt: second.updatedAt, added: 2, changed: 1, removed: 3, seconds: 0.7 });
    assert.equal(changeCount(total), 6);
  });

  test('the summary says it was updated incrementally and how much changed', () => {
    assert.equal(incrementalSummary(update(1, 0, 0)), 'Updated incrementally · 1 change since the full run');
    assert.equal(incrementalSummary(update(2, 1, 0)), 'Updated incrementally · 3 changes since the full run');
  });
});
