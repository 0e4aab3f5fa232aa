/**
 * Read-only documents holding just some lines of a file, for Compare (VS Code's diff editor on two sections).
 * `topic-lens-section:/docs/a.md?…` keeps the file's path (so the diff editor picks its language and shows its
 * name) and carries the real file's URI and the line range in the query. The lines come from the open editor's
 * text when the file is open (unsaved edits included), else from disk.
 */
import * as vscode from 'vscode';
import type { FindingLocation } from '../../core/audit/finding';

export const SECTION_SCHEME = 'topic-lens-section';

interface SectionQuery {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** The URI of lines `location.startLine`–`endLine` of `file`. */
export function sectionUri(file: vscode.Uri, location: FindingLocation): vscode.Uri {
  const query: SectionQuery = { file: file.toString(), start: location.startLine, end: location.endLine };
  return vscode.Uri.from({ scheme: SECTION_SCHEME, path: `/${location.path}`, query: JSON.stringify(query) });
}

function parseQuery(uri: vscode.Uri): SectionQuery | undefined {
  try {
    const query = JSON.parse(uri.query) as Partial<SectionQuery>;
    const ok =
      typeof query.file === 'string' && Number.isInteger(query.start) && Number.isInteger(query.end) && query.start! >= 1 && query.end! >= query.start!;
    return ok ? (query as SectionQuery) : undefined;
  } catch {
    return undefined;
  }
}

export class SectionContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = parseQuery(uri);
    if (!query) return 'Topic Lens: this section link is damaged.';
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(vscode.Uri.parse(query.file, true));
    } catch {
      return `Topic Lens: ${uri.path.slice(1)} could not be read (moved or deleted since the audit?).`;
    }
    const last = Math.min(query.end, document.lineCount);
    if (query.start > last) return `Topic Lens: ${uri.path.slice(1)} has only ${document.lineCount} lines now; Refresh to audit it again.`;
    return document.getText(new vscode.Range(query.start - 1, 0, last - 1, Number.MAX_SAFE_INTEGER)) + '\n';
  }
}
