/**
 * The documentation audit of the current result, after its topics are shown: a task of its own on the kept worker
 * (which holds the texts and embeddings of the result it made), with a quiet progress (the Audit view's busy bar
 * and a status bar item that cancels it). A new full run or update supersedes it: it is cancelled, and a reply
 * for a result that is no longer current is dropped.
 */
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { RunDeps } from '../runs/runDeps';
import { runInWorker } from '../workerHost';
import { AUDIT_VIEW_ID } from './auditTree';

export const CANCEL_AUDIT_COMMAND = 'topicLens.cancelAudit';

/** How an audit ended: its findings applied, or why not. */
type AuditOutcome = 'audited' | 'cancelled' | 'superseded' | 'failed';

export class BackgroundAudit implements vscode.Disposable {
  private running: { readonly source: vscode.CancellationTokenSource; readonly done: Promise<AuditOutcome>; superseded: boolean } | undefined;
  /** The result whose audit was applied or given up (cancelled by the user, failed): not audited again by itself. */
  private settledId: string | undefined;
  private readonly status = vscode.window.createStatusBarItem('topicLens.audit', vscode.StatusBarAlignment.Left);

  constructor(private readonly deps: RunDeps) {
    this.status.name = 'Topic Lens Audit';
    this.status.text = '$(loading~spin) Auditing…';
    this.status.tooltip = 'Topic Lens is auditing the documentation (near-duplicates, stale pages, broken links). Click to cancel.';
    this.status.command = CANCEL_AUDIT_COMMAND;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Resolves when no audit runs (at once when none does). */
  async settled(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /**
   * Audits the current result in the kept worker, when audits are on, that worker holds the result, and it was
   * not audited yet (nor given up). Callers `supersede()` a running audit first: it holds the worker.
   */
  start(): void {
    const { store, keptWorker, log } = this.deps;
    const id = store.current?.id;
    const folder = store.sourceUri();
    if (this.running || !folder || id === undefined || id === this.settledId || !keptWorker.holds(id)) return;
    const { settings } = readSettings(folder);
    if (!settings.audit.enabled) return;
    const source = new vscode.CancellationTokenSource();
    const started = Date.now();
    const audit = async (): Promise<AuditOutcome> => {
      const outcome = await runInWorker(
        this.deps.workerLaunch({}),
        { type: 'audit', resultId: id, options: settings.audit.options },
        source.token,
        { onLog: (message) => log.info(message) },
        { keeper: keptWorker, take: true, keep: true, keepAfterCancel: id },
      );
      if (outcome.kind === 'cancelled') return 'cancelled';
      if (outcome.kind === 'failed') {
        if (outcome.detail) log.error(outcome.detail);
        log.warn(`The documentation audit failed: ${outcome.message}`);
        return 'failed';
      }
      // The worker holds another result, or a run replaced this one meanwhile: these findings are of the past.
      if (outcome.reply.type !== 'audited' || store.current?.id !== id) return 'superseded';
      store.setAudit(outcome.reply.audit);
      const count = outcome.reply.audit?.findings.length ?? 0;
      log.info(`Audited in ${((Date.now() - started) / 1000).toFixed(2)} s: ${count} finding${count === 1 ? '' : 's'}.`);
      return 'audited';
    };
    // Whatever happens (a worker that cannot even start), the audit ends: nothing waits on it forever.
    const done = audit().catch((error: unknown) => {
      log.warn(`The documentation audit failed: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed' as const;
    });
    const running = { source, done, superseded: false };
    this.running = running;
    this.status.show();
    void vscode.commands.executeCommand('setContext', 'topicLens.auditing', true);
    void vscode.window.withProgress({ location: { viewId: AUDIT_VIEW_ID } }, () => done);
    void done.then((outcome) => {
      // Given up by the user or failed: not started again until another result comes.
      if (outcome === 'audited' || outcome === 'failed' || (outcome === 'cancelled' && !running.superseded)) this.settledId = id;
      if (outcome === 'cancelled' && !running.superseded) log.info('The documentation audit was cancelled; the next update or Detect Topics audits again.');
      if (this.running === running) {
        this.running = undefined;
        this.status.hide();
        void vscode.commands.executeCommand('setContext', 'topicLens.auditing', false);
      }
      source.dispose();
    });
  }

  /** Cancels the running audit (the Cancel of its status bar item). */
  cancel(): void {
    this.running?.source.cancel();
  }

  /** A run or update takes the kept worker: the running audit is cancelled, and resolves once the worker is back. */
  async supersede(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.superseded = true;
    running.source.cancel();
    await running.done;
  }

  dispose(): void {
    this.running?.source.cancel();
    this.status.dispose();
  }
}
