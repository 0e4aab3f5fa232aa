/**
 * One incremental update. When the kept worker holds the current result (it made it), only the files the watchers
 * reported are read and sent, and the worker answers with what changed (a delta): nothing else is read, cloned or
 * saved again. Otherwise (after a window reload, a merge, the worker's idle timeout, a new folder) the folder is
 * read again as a full run would read it, with the result, and the embeddings come from the cache. Quiet: no
 * notification, no dialog; `IncrementalUpdates` decides what to tell.
 */
import * as vscode from 'vscode';
import { BUNDLED_MODEL } from '../../core/embedding/bundledModel';
import type { ResultDelta } from '../../core/packedResult';
import type { FileChanges, UpdateTask } from '../../protocol/worker';
import { readSettings, resultFingerprint, type TopicLensSettings } from '../config';
import { discoverFiles, includedFileFilter } from '../discovery';
import { relativeUriPath } from '../excludes';
import { folderLabel } from '../folders';
import { readFiles } from '../readFiles';
import type { RunDeps } from '../runs/runDeps';
import type { StoredResult } from '../storedResult';
import { runInWorker } from '../workerHost';
import { changeCount, changeDetail, sinceFullRun, type FileEvents } from './updateScheduler';

/** What an incremental update did. */
export type UpdateOutcome =
  | { readonly status: 'updated'; readonly result: StoredResult }
  /** The files hold the same documents as the result: nothing was replaced. */
  | { readonly status: 'unchanged' }
  /** A full run or merge started, or replaced the result, meanwhile: the update was dropped. */
  | { readonly status: 'superseded' }
  /** The result cannot be updated (its folder is gone, the settings changed…): only a full run helps. */
  | { readonly status: 'needsFullRun'; readonly reason: string }
  | { readonly status: 'failed'; readonly message: string };

export async function updateResult(
  deps: RunDeps,
  previous: StoredResult,
  folder: vscode.Uri,
  events: FileEvents,
  token: vscode.CancellationToken,
): Promise<UpdateOutcome> {
  const { log, models, store, keptWorker } = deps;
  const started = Date.now();
  const { settings } = readSettings(folder);
  const fullRun = store.fullRun;
  if (fullRun && fullRun.settings !== resultFingerprint(settings)) {
    return { status: 'needsFullRun', reason: 'Settings (or the embedding model) changed since the last full run.' };
  }
  if (!(await folderExists(folder))) return { status: 'needsFullRun', reason: `The folder ${folderLabel(folder)} no longer exists.` };
  try {
    const { embedding } = await models.choose(settings, fullRun?.usedBundledModel ? BUNDLED_MODEL : undefined);
    const common = { type: 'update', maxFileBytes: settings.maxFileBytes, embedding, threads: settings.threads } as const;
    const run = (base: UpdateTask['base']) =>
      runInWorker(deps.workerLaunch({}), { ...common, base }, token, { onLog: (message) => log.info(message) }, { keeper: keptWorker, take: true, keep: true });

    const changes = keptWorker.holds(previous.id) && !events.rescan ? await changedFiles(folder, previous, events, settings, token) : undefined;
    let outcome = changes && (await run({ kind: 'kept', resultId: previous.id!, changes }));
    if (!outcome || (outcome.kind === 'done' && outcome.reply.type === 'notKept')) {
      // The same files, excludes and unsaved editors as a full run; reading is fast, embedding hits the cache.
      const found = await discoverFiles(folder, settings, token);
      if (found.files.length === 0) return { status: 'needsFullRun', reason: `No file of ${folderLabel(folder)} matches topicLens.include anymore.` };
      const read = await readFiles(folder, found.files, settings.maxFileBytes, token, () => undefined);
      // Cloned, not transferred: the store keeps its copy.
      outcome = await run({ kind: 'all', previous: previous.packed, files: read.files, skipped: read.skipped });
    }
    if (outcome.kind === 'cancelled' || token.isCancellationRequested) return { status: 'superseded' };
    if (outcome.kind === 'failed') {
      if (outcome.detail) log.error(outcome.detail);
      return { status: 'failed', message: outcome.message };
    }
    if (outcome.reply.type !== 'updated') return { status: 'failed', message: 'The worker did not update the result.' };
    // A full run or a merge that finished meanwhile wins: this update was computed from what it replaced.
    if (store.current !== previous) return { status: 'superseded' };
    const { delta, resultId } = outcome.reply;
    if (delta.files.length === 0) return { status: 'unchanged' };
    const step = delta.meta.incremental!;
    const since = sinceFullRun(previous.meta.incremental, step);
    const applied: ResultDelta = { ...delta, meta: { ...delta.meta, incremental: since } };
    await store.applyDelta(applied, resultId);
    log.info(
      `Updated incrementally in ${((Date.now() - started) / 1000).toFixed(2)} s (in the worker ${step.seconds.toFixed(2)} s): ` +
        `${changeDetail(step)} documents in ${delta.files.length} file${delta.files.length === 1 ? '' : 's'}, ` +
        `${changeCount(since)} changes since the full run. Refresh (Detect Topics) re-fits the topics.`,
    );
    return { status: 'updated', result: store.current! };
  } catch (error) {
    if (error instanceof vscode.CancellationError || token.isCancellationRequested) return { status: 'superseded' };
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The files the watchers reported, read as a full run would read them (excludes and `.gitignore` applied, unsaved
 * editors' text). Undefined when the reports cannot be trusted to say everything (more files than `maxFiles`
 * allows): the caller then reads the whole folder.
 */
async function changedFiles(
  folder: vscode.Uri,
  previous: StoredResult,
  events: FileEvents,
  settings: TopicLensSettings,
  token: vscode.CancellationToken,
): Promise<FileChanges | undefined> {
  const included = await includedFileFilter(folder, token);
  const inFolder = (uri: string) => {
    const parsed = vscode.Uri.parse(uri, true);
    const path = relativeUriPath(folder.path, parsed.path);
    return path === undefined || path === '' ? undefined : { uri: parsed, path };
  };
  const changed = events.changed.flatMap((uri) => inFolder(uri) ?? []);
  const known = new Set(previous.paths);
  if (known.size + changed.filter((c) => !known.has(c.path)).length > settings.maxFiles) return undefined;
  const kept = changed.filter((c) => included(c.uri));
  const read = await readFiles(
    folder,
    kept.map((c) => c.uri),
    settings.maxFileBytes,
    token,
    () => undefined,
  );
  // A reported file now excluded leaves the result like a deleted one; one that could not be read is set aside.
  const dropped = changed.filter((c) => !included(c.uri)).map((c) => c.path);
  const removed = [...events.removed.flatMap((uri) => inFolder(uri)?.path ?? []), ...dropped];
  return { files: read.files, removed, skipped: read.skipped };
}

async function folderExists(folder: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(folder)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
