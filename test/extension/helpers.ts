/** Shared by the extension-host tests: the extension under test, its API and the fixture workspace. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TopicLensResult } from '../../src/core/result';
import type { TopicLensApi } from '../../src/extension/api';

import { waitFor } from '../support/waiting';

export { eventually, waitFor } from '../support/waiting';

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

/** The last full run of the whole fixture workspace that `fixtureResult` made. */
let lastFixtureRun: TopicLensResult | undefined;

/**
 * A full run of the whole fixture workspace, as a test that needs one expects it: the current result if
 * `fixtureResult` made it and nothing replaced it since (renaming a topic keeps it), otherwise a new run. Every
 * suite starts from this rather than from what an earlier suite left behind, so the suites pass in any order.
 */
export async function fixtureResult(): Promise<TopicLensResult> {
  const api = await activatedApi();
  const current = api.getResult();
  if (current && current === lastFixtureRun) return current;
  const outcome = await api.runDetect(workspaceRoot());
  assert.equal(outcome.status, 'completed', `Detect Topics on the fixture workspace: ${JSON.stringify(outcome).slice(0, 300)}`);
  // The audit follows the topics and replaces the result with an audited one: the run is what it leaves.
  await waitFor('the audit of the fixture run', api.whenAudited());
  lastFixtureRun = api.getResult();
  assert.ok(lastFixtureRun, 'no result after a completed run');
  return lastFixtureRun;
}
