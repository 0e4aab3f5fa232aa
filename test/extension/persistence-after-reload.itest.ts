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

  test('the audit comes back with the result: the Audit view lists its findings, the one dismissed before the reload hidden', async () => {
    const api = await activatedApi();
    const findings = readHandoff().result.audit?.findings ?? [];
    assert.ok(findings.length > 0, 'the phase before left an audit');
    const tree = api.getAuditTree();
    const listed = (await Promise.all((await tree.getChildren()).map((group) => tree.getChildren(group)))).flat();
    const fingerprints = listed.map((node) => (node.kind === 'finding' ? node.finding.fingerprint : ''));
    // Findings come sorted by kind, and the view lists the kinds in that order: all of them but the dismissed first one.
    assert.deepEqual(
      fingerprints,
      findings.slice(1).map((f) => f.fingerprint),
    );
    assert.ok(!fingerprints.includes(findings[0].fingerprint), 'the dismissed finding stays hidden');
    assert.match(api.getAuditView().message ?? '', /, 1 dismissed\.$/);
  });

  test('the tree shows the restored topics and the custom label', async () => {
    const api = await activatedApi();
    const tree = api.getTopicTree();
    const labels = (await tree.getChildren()).map((node) => tree.getTreeItem(node).label);
    assert.ok(labels.includes('0: Kept across reloads'), `tree labels: ${JSON.stringify(labels)}`);
    assert.equal(labels.length, readHandoff().topics.filter(([id, count]) => id >= 0 || count > 0).length);
  });
});
