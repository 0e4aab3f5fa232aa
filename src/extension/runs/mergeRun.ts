/**
 * "Merge Topics": the files of the result are read again (results hold snippets, not texts), the worker merges
 * the topics and recomputes every topic's words, and custom labels follow their topics' new ids.
 */
import * as vscode from 'vscode';
import { SET_ASIDE_TOPIC, type TopicInfo } from '../../core/result';
import { BUNDLED_MODEL } from '../../core/embedding/bundledModel';
import type { MergeTask } from '../../protocol/worker';
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
    const setAside = new Set(Array.from(result.membersOf(SET_ASIDE_TOPIC), (i) => i));
    const paths = [
      ...new Set(
        Array.from({ length: result.documentCount }, (_, i) => i)
          .filter((i) => !setAside.has(i))
          .map((i) => result.pathOf(i)),
      ),
    ];
    const uris = paths.map((p) => vscode.Uri.joinPath(root, ...p.split('/')));
    const read = await readFiles(root, uris, Number.MAX_SAFE_INTEGER, token, (done, total) => progress.update('read', done, total));
    if (read.skipped.length > 0) log.warn(`${read.skipped.length} files could not be read again; their documents keep their snippets.`);
    progress.update('represent', 0, 1);
    // The full run's model embeds the merged topics' words, as it embedded theirs.
    const { settings } = readSettings(root);
    const { embedding } = await deps.models.choose(settings, store.fullRun?.usedBundledModel ? BUNDLED_MODEL : undefined);
    // Cloned, not transferred: the store keeps its copy until the merged result replaces it.
    const task: MergeTask = { type: 'merge', result: result.packed, files: read.files, topics: ids, embedding, threads: settings.threads };
    const outcome = await runWithProgress(deps, task, options, progress, token);
    if (outcome.kind !== 'done') return reportUnfinished(log, outcome, 'Merging topics');
    const newIds = new Map(outcome.reply.newIds);
    await store.replace(outcome.reply.result, labelsAfterMerge(result.topics, store.customLabels, newIds));
    log.info(`Merged topics ${ids.join(', ')} into topic ${newIds.get(Math.min(...ids))}.`);
    return { status: 'completed' };
  } catch (error) {
    if (error instanceof vscode.CancellationError || token.isCancellationRequested) return reportUnfinished(log, { kind: 'cancelled' }, 'Merging topics');
    return reportUnfinished(log, { kind: 'failed', stage: 'merge', message: error instanceof Error ? error.message : String(error) }, 'Merging topics');
  }
}

/** Labels follow their topics' new ids; the merged topic keeps the label of its largest labelled part. */
function labelsAfterMerge(before: readonly TopicInfo[], labels: ReadonlyMap<number, string>, newIds: ReadonlyMap<number, number>): Map<number, string> {
  const after = new Map<number, string>();
  for (const topic of [...before].sort((a, b) => b.count - a.count)) {
    const label = labels.get(topic.id);
    const newId = newIds.get(topic.id);
    if (label !== undefined && newId !== undefined && !after.has(newId)) after.set(newId, label);
  }
  return after;
}
