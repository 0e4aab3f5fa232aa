import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureFiles } from '../../scripts/vscode-test/fixture-workspace';
import { activatedApi, eventually, fixtureResult, workspaceRoot } from './helpers';
import { currentState, saveHandoff } from './persistence';

/** The first half of the persistence test: the runner reloads the window, then persistence-after-reload runs. */
suite('Persistence (before the reload)', () => {
  test('a result updated incrementally, with a custom label, is saved for the reloaded window', async function () {
    this.timeout(120_000);
    const api = await activatedApi();
    const full = await fixtureResult();
    // An incremental update after the full run: saved as a delta after the snapshot.
    const source = fixtureFiles().find((f) => f.path.startsWith('cooking/') && f.path.endsWith('.md'));
    assert.ok(source, 'no cooking file in the fixture');
    const path = 'cooking/kept-across-reloads.md';
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(workspaceRoot(), ...path.split('/')),
      new TextEncoder().encode(`${source.text}\nSaved once more.\n`),
    );
    const updated = await eventually(`${path} in the result`, () => {
      const result = api.getResult();
      return result?.documents.some((d) => d.path === path) ? result : undefined;
    });
    assert.equal(updated.createdAt, full.createdAt, 'a full run replaced the result');
    assert.ok(updated.incremental, 'the result is not marked as updated incrementally');
    // An update without an audit would drop the full run's findings as out of date: these are the update's own.
    assert.ok(updated.audit && updated.audit.findings.length > 0, 'the update audited the result afresh');
    // A dismissal is kept per workspace: the reloaded window still hides this finding.
    const dismissed = updated.audit.findings[0];
    await vscode.commands.executeCommand('topicLens.dismissFinding', { kind: 'finding', finding: dismissed, dismissed: false });

    const topic = updated.topics.find((t) => t.id === 0);
    assert.ok(topic, 'no topic 0 to label');
    await api.renameTopic(topic.id, 'Kept across reloads');
    const state = currentState(api);
    assert.ok(state);
    assert.deepEqual(
      state.labels.find(([id]) => id === topic.id),
      [topic.id, 'Kept across reloads'],
    );
    await api.whenSaved();
    saveHandoff(state);
  });
});
