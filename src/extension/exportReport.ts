/** "Export Report": the current result as Markdown (the CLI's report), JSON (the result itself) or CSV. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TopicGroup } from '../core/hierarchy/granularity';
import { renderCsvReport } from '../core/report/csv';
import { renderMarkdownReport } from '../core/report/markdown';
import type { ResultStore } from './resultStore';

type ReportFormat = 'md' | 'json' | 'csv';

const FILTERS: Record<string, string[]> = { Markdown: ['md'], JSON: ['json'], CSV: ['csv'] };

function formatOf(uri: vscode.Uri): ReportFormat {
  const extension = path.posix.extname(uri.path).toLowerCase();
  return extension === '.json' ? 'json' : extension === '.csv' ? 'csv' : 'md';
}

/** A link from the report to a document, relative when both live on the same file system. */
function linkFrom(report: vscode.Uri, document: vscode.Uri | undefined, line: number): string | null {
  if (!document) return null;
  if (document.scheme !== report.scheme || document.authority !== report.authority) return document.toString();
  const relative = path.posix.relative(path.posix.dirname(report.path), document.path);
  return line > 1 ? `${relative}#L${line}` : relative;
}

/** `groups`: the topics as the tree shows them now (reports list the groups when there are any). */
export function renderReport(store: ResultStore, target: vscode.Uri, groups?: readonly TopicGroup[]): string | undefined {
  const result = store.current?.toResult();
  if (!result) return undefined;
  switch (formatOf(target)) {
    case 'json':
      return JSON.stringify(result, null, 1);
    case 'csv':
      return renderCsvReport(result, store.customLabels, groups);
    case 'md':
      return renderMarkdownReport(result, {
        linkFor: (doc) => linkFrom(target, store.documentUri(doc.path), doc.startLine),
        customLabels: store.customLabels,
        groups,
      });
  }
}

/** What an export asks, writes and says: `render` gets the chosen file (its extension picks the format). */
export interface SaveExport {
  readonly title: string;
  readonly defaultName: string;
  readonly filters: Record<string, string[]>;
  /** Shown instead of the dialog when there is no result. */
  readonly nothingYet: string;
  /** "report" in "report written to …". */
  readonly what: string;
  readonly render: (target: vscode.Uri) => string | undefined;
  /** Said after the file name, e.g. why a column is empty. */
  readonly note?: string;
}

/** Asks where to save, writes through workspace.fs (nothing before the dialog is answered), offers to open it. */
export async function saveExport(store: ResultStore, options: SaveExport): Promise<vscode.Uri | undefined> {
  const root = store.sourceUri();
  if (!store.current || !root) {
    void vscode.window.showInformationMessage(`Topic Lens: ${options.nothingYet} Run Detect Topics first.`);
    return undefined;
  }
  const target = await vscode.window.showSaveDialog({
    title: options.title,
    defaultUri: vscode.Uri.joinPath(root, options.defaultName),
    filters: options.filters,
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(options.render(target)));
  const written = `Topic Lens: ${options.what} written to ${path.posix.basename(target.path)}${options.note ?? ''}.`;
  void vscode.window.showInformationMessage(written, 'Open').then((answer) => {
    if (answer) void vscode.commands.executeCommand('vscode.open', target);
  });
  return target;
}

/** Export Report: the file type picks the format. */
export function exportReport(store: ResultStore, groups?: readonly TopicGroup[]): Promise<vscode.Uri | undefined> {
  return saveExport(store, {
    title: 'Export Topic Report',
    defaultName: 'topic-report.md',
    filters: FILTERS,
    nothingYet: 'there is no result to export yet.',
    what: 'report',
    render: (target) => renderReport(store, target, groups),
  });
}
