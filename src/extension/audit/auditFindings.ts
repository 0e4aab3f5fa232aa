/**
 * The current audit as the editor shows it: the findings kept with the stored result, the user's dismissals, and
 * whether dismissed findings are listed. The Audit view, the diagnostics and the Topics tree's badges listen here.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/audit/finding';
import type { AuditReport } from '../../core/audit/report';
import type { ResultStore } from '../resultStore';
import { Dismissals } from './dismissals';
import { findingsPerTopic } from './findingGroups';

export class AuditFindings implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the findings, a dismissal or the "show dismissed" choice changed. */
  readonly onDidChange = this.changed.event;
  readonly dismissals: Dismissals;
  private showingDismissed = false;
  private perTopic: Map<number, number> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ResultStore,
    state: vscode.Memento,
  ) {
    this.dismissals = new Dismissals(state);
    this.subscription = store.onDidChange((change) => {
      if (change.kind !== 'labels') this.fire();
    });
    void this.setContext();
  }

  /** The audit of the current result (undefined: no result, or it was not audited). */
  get report(): AuditReport | undefined {
    return this.store.current?.meta.audit;
  }

  get findings(): readonly Finding[] {
    return this.report?.findings ?? [];
  }

  get showDismissed(): boolean {
    return this.showingDismissed;
  }

  isDismissed = (fingerprint: string): boolean => this.dismissals.has(fingerprint);

  /** Findings that are not dismissed about this topic. */
  countOfTopic(topic: number): number {
    this.perTopic ??= findingsPerTopic(this.findings, this.isDismissed);
    return this.perTopic.get(topic) ?? 0;
  }

  async dismiss(findings: readonly Finding[]): Promise<void> {
    if (await this.dismissals.dismiss(findings.map((f) => f.fingerprint))) this.fire();
  }

  async undoDismiss(findings: readonly Finding[]): Promise<void> {
    if (await this.dismissals.undo(findings.map((f) => f.fingerprint))) this.fire();
  }

  setShowDismissed(show: boolean): void {
    if (show === this.showingDismissed) return;
    this.showingDismissed = show;
    this.fire();
  }

  private fire(): void {
    this.perTopic = undefined;
    void this.setContext();
    this.changed.fire();
  }

  /** Menus and the view's welcome text depend on these. */
  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'topicLens.hasAudit', this.report !== undefined);
    await vscode.commands.executeCommand('setContext', 'topicLens.audit.showingDismissed', this.showingDismissed);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
