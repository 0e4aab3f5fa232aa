import * as assert from 'node:assert/strict';
import { activatedApi, fixtureResult } from './helpers';
import { currentState, saveHandoff } from './persistence';

/** The first half of the persistence test: the runner reloads the window, then persistence-after-reload runs. */
suite('Persistence (before the reload)', () => {
  test('a result with a custom label is left for the reloaded window', async () => {
    const api = await activatedApi();
    const topic = (await fixtureResult()).topics.find((t) => t.id === 0);
    assert.ok(topic, 'no topic 0 to label');
    await api.renameTopic(topic.id, 'Kept across reloads');
    const state = currentState(api);
    assert.ok(state);
    assert.deepEqual(
      state.labels.find(([id]) => id === topic.id),
      [topic.id, 'Kept across reloads'],
    );
    saveHandoff(state);
  });
});
