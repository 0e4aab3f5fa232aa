/**
 * A full run: find the folder's files → read them → the worker's pipeline → the stored result. When the
 * configured model cannot be loaded, the run goes on with the bundled model and says so.
 */
import * as vscode from 'vscode';
import { BUNDLED_MODEL } from '../../core/embedding/bundledModel';
import type { EmbeddingOptions } from '../../core/embedding/options';
import type { DetectTask } from '../../protocol/worker';
import { readSettings, resultFingerprint } from '../config';
import { discoverFiles } from '../discovery';
import { describeEmbedding, isBundled } from '../models';
import { readFiles } from '../readFiles';
import { runWithProgress, type RunDeps, type RunOptions, type RunOutcome } from './runDeps';
import { logResult, reportFileLimit, reportModelFallback, reportModelNote, reportNoFiles, reportSettingProblems, reportUnfinished } from './runMessages';
import type { StageProgress } from './stageProgress';

export async function detectFolder(
  deps: RunDeps,
  folder: vscode.Uri,
  options: RunOptions,
  progress: StageProgress,
  token: vscode.CancellationToken,
): Promise<RunOutcome> {
  const { log, models, store } = deps;
  const started = Date.now();
  const { settings, problems } = readSettings(folder);
  reportSettingProblems(log, problems);
  log.info(`Detecting topics in ${folder.toString(true)} (unit ${settings.parameters.unit}).`);
  try {
    progress.update('find', 0, 1);
    const found = await discoverFiles(folder, settings, token);
    log.info(`${found.matched} files match topicLens.include (${found.ignored} more excluded by exclude settings or .gitignore).`);
    if (found.limitHit) reportFileLimit(log, settings.maxFiles);
    if (found.files.length === 0) return reportNoFiles(log, folder);

    const read = await readFiles(folder, found.files, settings.maxFileBytes, token, (done, total) => progress.update('read', done, total));
    const choice = await models.choose(settings);
    if (choice.note) reportModelNote(log, choice.note);
    log.info(`Embedding with ${describeEmbedding(choice.embedding)}.`);
    const task = (embedding: EmbeddingOptions): DetectTask => ({
      type: 'detect',
      source: folder.toString(),
      files: read.files,
      skipped: read.skipped,
      maxFileBytes: settings.maxFileBytes,
      options: { parameters: settings.parameters, embedding, threads: settings.threads },
    });
    let outcome = await runWithProgress(deps, task(choice.embedding), options, progress, token);
    let usedBundledModel = isBundled(choice.embedding);
    if (outcome.kind === 'failed' && outcome.stage === 'model' && !usedBundledModel) {
      reportModelFallback(log, describeEmbedding(choice.embedding), outcome.message);
      outcome = await runWithProgress(deps, task((await models.choose(settings, BUNDLED_MODEL)).embedding), options, progress, token);
      usedBundledModel = true;
    }
    if (outcome.kind !== 'done') return reportUnfinished(log, outcome, 'Topic detection');

    const { result, resultId } = outcome.reply;
    await store.setResult(result, { settings: resultFingerprint(settings), usedBundledModel }, resultId);
    logResult(log, store.current!, (Date.now() - started) / 1000, read.files.length);
    models.offerBetterModel(settings);
    return { status: 'completed' };
  } catch (error) {
    if (error instanceof vscode.CancellationError || token.isCancellationRequested) return reportUnfinished(log, { kind: 'cancelled' }, 'Topic detection');
    return reportUnfinished(log, { kind: 'failed', stage: null, message: error instanceof Error ? error.message : String(error) }, 'Topic detection');
  }
}
