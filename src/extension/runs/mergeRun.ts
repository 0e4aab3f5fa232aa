/**
 * "Merge Topics": the files of the result are read again (results hold snippets, not texts), the worker merges
 * the topics and recomputes every topic's words, and custom labels follow their topics' new ids.
 */
import * as vscode from 'vscode';
import { SET_ASIDE_TOPIC, type TopicLensResult } from '../../core/result';
import { BUNDLED_MODEL } from '../../core/embedding/bundledModel';
import { readSettings } from '../config';
import { readFiles } from '../readFiles';
import { runWithProgress, type RunDeps, type RunOptions, type RunOutcome } from './runDeps';
import { reportUnfinished } from './runMessages';
import type { StageProgress } from './stageProgress';

export async function mergeSelectedTopics(
  deps: RunDeps,
  topicIds: readonly number[],
  options: RunOptions,
  progress: StageProgress,
  token: vscode.CancellationToken,
): Promise<RunOutcome> {
  const { log, store } = deps;
  const result = store.current;
  const root = store.sourceUri();
  if (!result || !root) return { status: 'failed', message: 'There is no result to merge topics in.', stage: 'merge' };
  const ids = [...new Set(topicIds)].filter((id) => id >= 0);
  if (ids.length < 2) return { status: 'failed', message: 'Select at least two topics (not "Unassigned") to merge.', stage: 'merge' };
  try {
    const paths = [...new Set(result.documents.filter((d) => d.topic !== SET_ASIDE_TOPIC).map((d) => d.path))];
    const uris = paths.map((p) => vscode.Uri.joinPath(root, ...p.split('/')));
    const read = await readFiles(root, uris, Number.MAX_SAFE_INTEGER, token, (done, total) => progress.update('read', done, total));
    if (read.skipped.length > 0) log.warn(`${read.skipped.length} files could not be read again; their documents keep their snippets.`);
    progress.update('represent', 0, 1);
    // The full run's model embeds the merged topics' words, as it embedded theirs.
    const { settings } = readSettings(root);
    const { embedding } = await deps.models.choose(settings, store.fullRun?.usedBundledModel ? BUNDLED_MODEL : undefined);
    const task = { type: 'merge', result, files: read.files, topics: ids, embedding, threads: settings.threads } as const;
    const outcome = await runWithProgress(deps, task, options, progress, token);
    if (outcome.kind !== 'done') return reportUnfinished(log, outcome, 'Merging topics');
    const newIds = new Map(outcome.reply.newIds);
    await store.replace(outcome.reply.result, labelsAfterMerge(result, store.customLabels, newIds));
    log.info(`Merged topics ${ids.join(', ')} into topic ${newIds.get(Math.min(...ids))}.`);
    return { status: 'completed', result: outcome.reply.result };
  } catch (error) {
    if (error instanceof vscode.CancellationError || token.isCancellationRequested) return reportUnfinished(log, { kind: 'cancelled' }, 'Merging topics');
    return reportUnfinished(log, { kind: 'failed', stage: 'merge', message: error instanceof Error ? error.message : String(error) }, 'Merging topics');
  }
}

/** Labels follow their topics' new ids; the merged topic keeps the label of its largest labelled part. */
function labelsAfterMerge(before: TopicLensResult, labels: ReadonlyMap<number, string>, newIds: ReadonlyMap<number, number>): Map<number, string> {
  const after = new Map<number, string>();
  for (const topic of [...before.topics].sort((a, b) => b.count - a.count)) {
    const label = labels.get(topic.id);
    const newId = newIds.get(topic.id);
    if (label !== undefined && newId !== undefined && !after.has(newId)) after.set(newId, label);
  }
  return after;
}
