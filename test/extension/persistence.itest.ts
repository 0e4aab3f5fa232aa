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
    // The update's topics come first (without the findings of the state before); its audit follows.
    const audited = await eventually(`${path} in the result, audited after the update`, () => {
      const result = api.getResult();
      return result?.audit && result.documents.some((d) => d.path === path) ? { result, audit: result.audit } : undefined;
    });
    const updated = audited.result;
    assert.equal(updated.createdAt, full.createdAt, 'a full run replaced the result');
    assert.ok(updated.incremental, 'the result is not marked as updated incrementally');
    assert.ok(audited.audit.findings.length > 0, 'the audit after the update found something');
    // A dismissal is kept per workspace: the reloaded window still hides this finding.
    const dismissed = audited.audit.findings[0];
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
