import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { activatedApi, EXTENSION_ID, workspaceRoot } from './helpers';

/** Every value of every `topicLens.*` setting, at every level (default, user, workspace, folder), as text. */
function allSettingsText(): string {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const config = vscode.workspace.getConfiguration(undefined, workspaceRoot());
  return JSON.stringify(Object.keys(manifest.contributes.configuration.properties).map((key) => config.inspect(key)));
}

suite('Embedding server API key (SecretStorage)', () => {
  const key = `sk-test-${randomBytes(12).toString('hex')}`;

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('topicLens.clearEmbeddingServerKey');
  });

  test('"Set Embedding Server API Key" stores the key in secret storage, not in settings', async () => {
    const api = await activatedApi();
    await vscode.commands.executeCommand('topicLens.clearEmbeddingServerKey');
    assert.equal(await api.hasEmbeddingServerKey(), false, 'a key was stored before the test');
    await vscode.commands.executeCommand('topicLens.setEmbeddingServerKey', key);
    assert.equal(await api.hasEmbeddingServerKey(), true, 'the key is not in secret storage');
    assert.equal(allSettingsText().includes(key), false, 'the key is in a setting');
    const workspaceSettings = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json'));
    assert.equal(new TextDecoder().decode(workspaceSettings).includes(key), false, 'the key is in .vscode/settings.json');
  });

  test('"Clear Embedding Server API Key" removes it', async () => {
    const api = await activatedApi();
    await vscode.commands.executeCommand('topicLens.setEmbeddingServerKey', key);
    await vscode.commands.executeCommand('topicLens.clearEmbeddingServerKey');
    assert.equal(await api.hasEmbeddingServerKey(), false);
  });

  test('an empty key is not stored', async () => {
    const api = await activatedApi();
    await vscode.commands.executeCommand('topicLens.setEmbeddingServerKey', '   ');
    assert.equal(await api.hasEmbeddingServerKey(), false);
  });
});
