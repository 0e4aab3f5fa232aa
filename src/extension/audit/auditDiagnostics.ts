/**
 * Near-duplicates and stale pages in the Problems panel, as information, when `topicLens.audit.diagnostics` is on
 * (off by default: an audit is a report to work through, not a list of errors). Each entry marks the first line
 * of its section and names the finding's other places as related information.
 */
import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ResultStore } from '../resultStore';
import type { AuditFindings } from './auditFindings';
import { diagnosticEntries } from './diagnosticEntries';

const DIAGNOSTICS_SETTING = 'topicLens.audit.diagnostics';

/** The first line of a section (the whole line; VS Code clamps the end to the line's length). */
function firstLine(startLine: number): vscode.Range {
  return new vscode.Range(startLine - 1, 0, startLine - 1, Number.MAX_SAFE_INTEGER);
}

export class AuditDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('topic-lens-audit');
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly findings: AuditFindings,
    private readonly store: ResultStore,
  ) {
    this.disposables = [
      findings.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(DIAGNOSTICS_SETTING)) this.update();
      }),
    ];
    this.update();
  }

  private update(): void {
    this.collection.clear();
    if (!readSettings(this.store.sourceUri()).settings.audit.diagnostics) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const entry of diagnosticEntries(this.findings.findings, this.findings.isDismissed)) {
      const uri = this.store.documentUri(entry.location.path);
      if (!uri) continue;
      const diagnostic = new vscode.Diagnostic(firstLine(entry.location.startLine), entry.message, vscode.DiagnosticSeverity.Information);
      diagnostic.source = 'Topic Lens';
      diagnostic.code = entry.kind;
      diagnostic.relatedInformation = entry.related.flatMap((other) => {
        const otherUri = this.store.documentUri(other.path);
        return otherUri ? [new vscode.DiagnosticRelatedInformation(new vscode.Location(otherUri, firstLine(other.startLine)), 'Also said here')] : [];
      });
      const key = uri.toString();
      (byFile.get(key) ?? byFile.set(key, []).get(key)!).push(diagnostic);
    }
    this.collection.set([...byFile].map(([uri, diagnostics]) => [vscode.Uri.parse(uri, true), diagnostics]));
  }

  /** What the Problems panel holds now (for the API and tests). */
  entries(): [vscode.Uri, readonly vscode.Diagnostic[]][] {
    const out: [vscode.Uri, readonly vscode.Diagnostic[]][] = [];
    this.collection.forEach((uri, diagnostics) => void out.push([uri, diagnostics]));
    return out;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}
