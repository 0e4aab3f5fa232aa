/**
 * One incremental update: the result's folder read again as a full run would read it, the kept worker's session
 * embeds only what changed, and the store gets the result with its counts since the full run. Quiet: no
 * notification, no dialog; `IncrementalUpdates` decides what to tell.
 */
import * as vscode from 'vscode';
import { BUNDLED_MODEL } from '../../core/embedding/bundledModel';
import type { TopicLensResult } from '../../core/result';
import { readSettings, resultFingerprint } from '../config';
import { discoverFiles } from '../discovery';
import { folderLabel } from '../folders';
import { readFiles } from '../readFiles';
import type { RunDeps } from '../runs/runDeps';
import { runInWorker } from '../workerHost';
import { changeCount, changeDetail, sinceFullRun } from './updateScheduler';

/** What an incremental update did. */
export type UpdateOutcome =
  | { readonly status: 'updated'; readonly result: TopicLensResult }
  /** The files hold the same documents as the result: nothing was replaced. */
  | { readonly status: 'unchanged' }
  /** A full run or merge started, or replaced the result, meanwhile: the update was dropped. */
  | { readonly status: 'superseded' }
  /** The result cannot be updated (its folder is gone, the settings changed…): only a full run helps. */
  | { readonly status: 'needsFullRun'; readonly reason: string }
  | { readonly status: 'failed'; readonly message: string };

export async function updateResult(deps: RunDeps, previous: TopicLensResult, folder: vscode.Uri, token: vscode.CancellationToken): Promise<UpdateOutcome> {
  const { log, models, store } = deps;
  const started = Date.now();
  const { settings } = readSettings(folder);
  const fullRun = store.fullRun;
  if (fullRun && fullRun.settings !== resultFingerprint(settings)) {
    return { status: 'needsFullRun', reason: 'Settings (or the embedding model) changed since the last full run.' };
  }
  if (!(await folderExists(folder))) return { status: 'needsFullRun', reason: `The folder ${folderLabel(folder)} no longer exists.` };
  try {
    // The same files, excludes and unsaved editors as a full run; reading is fast, embedding hits the cache.
    const found = await discoverFiles(folder, settings, token);
    if (found.files.length === 0) return { status: 'needsFullRun', reason: `No file of ${folderLabel(folder)} matches topicLens.include anymore.` };
    const read = await readFiles(folder, found.files, settings.maxFileBytes, token, () => undefined);
    const { embedding } = await models.choose(settings, fullRun?.usedBundledModel ? BUNDLED_MODEL : undefined);
    const outcome = await runInWorker(
      deps.workerLaunch({}),
      { type: 'update', previous, files: read.files, skipped: read.skipped, maxFileBytes: settings.maxFileBytes, embedding, threads: settings.threads },
      token,
      { onLog: (message) => log.info(message) },
      { keeper: deps.keptWorker, take: true, keep: true },
    );
    if (outcome.kind === 'cancelled' || token.isCancellationRequested) return { status: 'superseded' };
    if (outcome.kind === 'failed') {
      if (outcome.detail) log.error(outcome.detail);
      return { status: 'failed', message: outcome.message };
    }
    // A full run or a merge that finished meanwhile wins: this update was computed from what it replaced.
    if (store.current !== previous) return { status: 'superseded' };
    const step = outcome.reply.result.incremental;
    if (changeCount(step) === 0) return { status: 'unchanged' };
    const since = sinceFullRun(previous.incremental, step);
    const result: TopicLensResult = { ...outcome.reply.result, incremental: since };
    await store.replace(result, store.customLabels);
    log.info(
      `Updated incrementally in ${((Date.now() - started) / 1000).toFixed(2)} s (in the worker ${step.seconds.toFixed(2)} s): ` +
        `${changeDetail(step)} documents, ${changeCount(since)} changes since the full run. Refresh (Detect Topics) re-fits the topics.`,
    );
    return { status: 'updated', result };
  } catch (error) {
    if (error instanceof vscode.CancellationError || token.isCancellationRequested) return { status: 'superseded' };
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

async function folderExists(folder: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(folder)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
