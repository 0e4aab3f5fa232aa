/**
 * What a run tells the user and writes to the log: one notification at most per outcome, with the log (or the
 * setting to change) one click away.
 */
import * as vscode from 'vscode';
import { OUTLIER_TOPIC } from '../../core/result';
import type { StoredResult } from '../storedResult';
import { folderLabel } from '../folders';
import type { UnfinishedOutcome } from '../workerHost';
import type { RunOutcome } from './runDeps';

/** Skipped files listed one by one in the log; beyond that only counted. */
const LOGGED_SKIPS = 500;

/** Cancelled or failed: log it, tell the user once (with the log one click away); the old result stays. */
export function reportUnfinished(log: vscode.LogOutputChannel, outcome: UnfinishedOutcome, what: string): RunOutcome {
  if (outcome.kind === 'cancelled') {
    log.info(`${what} was cancelled; the previous result is kept.`);
    return { status: 'cancelled' };
  }
  log.error(`${what} failed${outcome.stage ? ` in stage "${outcome.stage}"` : ''}: ${outcome.message}`);
  if (outcome.detail) log.error(outcome.detail);
  void vscode.window.showErrorMessage(`Topic Lens: ${outcome.message}`, 'Show Log').then((answer) => answer && log.show());
  return { status: 'failed', message: outcome.message, stage: outcome.stage };
}

export function reportNoFiles(log: vscode.LogOutputChannel, folder: vscode.Uri): RunOutcome {
  const message = `No files in ${folderLabel(folder)} match topicLens.include (after exclude settings and .gitignore).`;
  log.warn(message);
  void vscode.window.showInformationMessage(`Topic Lens: ${message}`, 'Open Settings').then((answer) => {
    if (answer) void vscode.commands.executeCommand('workbench.action.openSettings', 'topicLens.include');
  });
  return { status: 'failed', message, stage: 'read' };
}

export function reportFileLimit(log: vscode.LogOutputChannel, maxFiles: number): void {
  const message = `Topic Lens found more than ${maxFiles} matching files and analyses the first ${maxFiles} (in path order). Raise topicLens.maxFiles or narrow topicLens.include.`;
  log.warn(message);
  void vscode.window.showWarningMessage(message, 'Open Settings').then((answer) => {
    if (answer) void vscode.commands.executeCommand('workbench.action.openSettings', 'topicLens.maxFiles');
  });
}

export function reportSettingProblems(log: vscode.LogOutputChannel, problems: readonly string[]): void {
  if (problems.length === 0) return;
  for (const problem of problems) log.warn(problem);
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  void vscode.window.showWarningMessage(`Topic Lens: ${problems[0]}${more}`, 'Show Log').then((answer) => answer && log.show());
}

/** The configured model or server failed to load: the run goes on with the bundled model, and says so. */
export function reportModelFallback(log: vscode.LogOutputChannel, what: string, reason: string): void {
  const message = `Topic Lens could not use ${what} (${reason}). Using the bundled model instead.`;
  log.warn(message);
  void vscode.window.showWarningMessage(message, 'Show Log').then((answer) => answer && log.show());
}

/** Why the configured model is not used (Restricted Mode, a server setting missing). */
export function reportModelNote(log: vscode.LogOutputChannel, note: string): void {
  log.warn(note);
  void vscode.window.showWarningMessage(note);
}

export function logResult(log: vscode.LogOutputChannel, result: StoredResult, seconds: number, files: number): void {
  const { meta } = result;
  const topics = meta.topics.filter((t) => t.id >= 0).length;
  const outliers = result.membersOf(OUTLIER_TOPIC).length;
  log.info(
    `${topics} topics in ${result.documentCount} documents from ${files} files (${outliers} outliers), model ${meta.model.id}, ${seconds.toFixed(1)} s.`,
  );
  log.info(`Stage timings: ${meta.timings.map((t) => `${t.stage} ${t.seconds.toFixed(2)} s`).join(', ')}.`);
  if (meta.skipped.length > 0) {
    log.info(`Skipped ${meta.skipped.length} files:`);
    for (const skip of meta.skipped.slice(0, LOGGED_SKIPS)) log.info(`  ${skip.path} — ${skip.reason}: ${skip.detail}`);
    if (meta.skipped.length > LOGGED_SKIPS) log.info(`  … and ${meta.skipped.length - LOGGED_SKIPS} more (see an exported report).`);
  }
  vscode.window.setStatusBarMessage(`Topic Lens: ${topics} topics in ${result.documentCount} documents`, 5000);
}
