import * as assert from 'node:assert/strict';
import { activatedApi } from './helpers';
import { currentState, readHandoff } from './persistence';

suite('Persistence (after a window reload)', () => {
  test('the last result (its incremental update included) and its labels are restored without a run', async () => {
    const expected = readHandoff();
    const api = await activatedApi();
    assert.ok(expected.result.incremental, 'the phase before left no incremental update to restore');
    assert.deepEqual(currentState(api), expected);
  });

  test('the tree shows the restored topics and the custom label', async () => {
    const api = await activatedApi();
    const tree = api.getTopicTree();
    const labels = (await tree.getChildren()).map((node) => tree.getTreeItem(node).label);
    assert.ok(labels.includes('0: Kept across reloads'), `tree labels: ${JSON.stringify(labels)}`);
    assert.equal(labels.length, readHandoff().topics.filter(([id, count]) => id >= 0 || count > 0).length);
  });
});
