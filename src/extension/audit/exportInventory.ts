/**
 * "Export Audit Inventory": one row per document (path, heading, lines, topic, topic words, last change, the
 * kinds of its findings, an empty decision column) as CSV or Markdown, where the user chooses. Dismissed findings
 * are left out of the rows. Nothing is written before the save dialog is answered.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inventoryRows, renderInventoryCsv, renderInventoryMarkdown } from '../../core/audit/inventory';
import { folderLabel } from '../folders';
import type { ResultStore } from '../resultStore';
import type { AuditFindings } from './auditFindings';

const FILTERS: Record<string, string[]> = { CSV: ['csv'], Markdown: ['md'] };

/** The inventory of the current result in the format the target's extension names (.md: Markdown, else CSV). */
export function renderInventory(store: ResultStore, findings: AuditFindings, target: vscode.Uri): string | undefined {
  const result = store.current?.toResult();
  if (!result) return undefined;
  const rows = inventoryRows(
    result,
    findings.findings.filter((f) => !findings.isDismissed(f.fingerprint)),
    store.customLabels,
  );
  const root = store.sourceUri();
  return path.posix.extname(target.path).toLowerCase() === '.md'
    ? renderInventoryMarkdown(rows, root ? `Content inventory of ${folderLabel(root)}` : undefined)
    : renderInventoryCsv(rows);
}

export async function exportInventory(store: ResultStore, findings: AuditFindings): Promise<vscode.Uri | undefined> {
  const root = store.sourceUri();
  if (!store.current || !root) {
    void vscode.window.showInformationMessage('Topic Lens: there is no result to take an inventory of yet. Run Detect Topics first.');
    return undefined;
  }
  const target = await vscode.window.showSaveDialog({
    title: 'Export Audit Inventory',
    defaultUri: vscode.Uri.joinPath(root, 'content-inventory.csv'),
    filters: FILTERS,
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderInventory(store, findings, target)));
  const note = findings.report ? '' : ' (no audit yet: the findings column is empty; Detect Topics with topicLens.audit.enabled fills it)';
  void vscode.window.showInformationMessage(`Topic Lens: inventory written to ${path.posix.basename(target.path)}${note}.`, 'Open').then((answer) => {
    if (answer) void vscode.commands.executeCommand('vscode.open', target);
  });
  return target;
}
