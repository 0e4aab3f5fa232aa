/** Shared by the extension-host tests: the extension under test, its API and the fixture workspace. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TopicLensApi } from '../../src/extension/api';

export const EXTENSION_ID = 'topic-lens.topic-lens';

/**
 * The extension's API after activation. Asserting the extension first matters: a wrong
 * extensionDevelopmentPath silently runs the tests without it.
 */
export async function activatedApi(): Promise<TopicLensApi> {
  const extension = vscode.extensions.getExtension<TopicLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in this extension host`);
  return extension.isActive ? extension.exports : extension.activate();
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is not open');
  return folder.uri;
}

/** Polls until `read` returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(what: string, read: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
