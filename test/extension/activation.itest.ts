import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedApi, EXTENSION_ID } from './helpers';

/** The command ids the issue and the README promise. */
const COMMANDS = [
  'topicLens.detectTopics',
  'topicLens.detectTopicsInFolder',
  'topicLens.refresh',
  'topicLens.exportReport',
  'topicLens.openMap',
  'topicLens.renameTopic',
  'topicLens.mergeTopics',
  'topicLens.copyTopicWords',
  'topicLens.revealDocuments',
  'topicLens.showLog',
];

suite('Activation', () => {
  test('the extension is present in the extension host and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const api = await activatedApi();
    assert.equal(extension.isActive, true);
    for (const method of ['getResult', 'getTopicTree', 'runDetect'] as const) {
      assert.equal(typeof api[method], 'function', `api.${method}`);
    }
    assert.equal(typeof api.onDidChangeResult, 'function', 'api.onDidChangeResult');
  });

  test('every contributed command is registered', async () => {
    await activatedApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((command) => !registered.has(command));
    assert.deepEqual(missing, []);
  });

  test('the Topics view lives in the Topic Lens container', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { viewsContainers: { activitybar: { id: string }[] }; views: Record<string, { id: string }[]> };
    };
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((container) => container.id === 'topicLens'));
    assert.ok(manifest.contributes.views.topicLens?.some((view) => view.id === 'topicLens.topics'));
  });
});
