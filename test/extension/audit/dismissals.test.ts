import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dismissals, MAX_DISMISSALS } from '../../../src/extension/audit/dismissals';

/** workspaceState as VS Code keeps it: values go through JSON. */
class MemoryState {
  readonly values = new Map<string, string>();
  writes = 0;
  get<T>(key: string): T | undefined {
    const value = this.values.get(key);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

test('dismissals persist: a new store over the same state knows them; undo forgets them', async () => {
  const state = new MemoryState();
  const first = new Dismissals(state);
  assert.equal(await first.dismiss(['near-duplicate:a', 'stale:b']), true);
  const reloaded = new Dismissals(state);
  assert.equal(reloaded.has('near-duplicate:a'), true);
  assert.equal(reloaded.has('stale:b'), true);
  assert.equal(reloaded.has('orphan:c'), false);
  assert.equal(await reloaded.undo(['near-duplicate:a', 'orphan:c']), true);
  assert.equal(new Dismissals(state).has('near-duplicate:a'), false);
  assert.equal(new Dismissals(state).size, 1);
});

test('dismissing what is dismissed, or undoing what is not, writes nothing and reports no change', async () => {
  const state = new MemoryState();
  const store = new Dismissals(state);
  await store.dismiss(['x']);
  const writes = state.writes;
  assert.equal(await store.dismiss(['x']), false);
  assert.equal(await store.undo(['y']), false);
  assert.equal(state.writes, writes);
});

test('a damaged stored value is read as what is usable of it', () => {
  const state = new MemoryState();
  state.values.set('topicLens.audit.dismissed', JSON.stringify(['ok', 3, null, { a: 1 }]));
  const store = new Dismissals(state);
  assert.equal(store.size, 1);
  assert.equal(store.has('ok'), true);
  state.values.set('topicLens.audit.dismissed', JSON.stringify('not a list'));
  assert.equal(new Dismissals(state).size, 0);
});

test('beyond the limit the oldest dismissals are forgotten first', async () => {
  const state = new MemoryState();
  const store = new Dismissals(state);
  await store.dismiss(Array.from({ length: MAX_DISMISSALS }, (_, i) => `f${i}`));
  await store.dismiss(['newest']);
  const reloaded = new Dismissals(state);
  assert.equal(reloaded.size, MAX_DISMISSALS);
  assert.equal(reloaded.has('f0'), false);
  assert.equal(reloaded.has('f1'), true);
  assert.equal(reloaded.has('newest'), true);
});
