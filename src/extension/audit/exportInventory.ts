/**
 * "Export Audit Inventory": one row per document (path, heading, lines, topic, topic words, last change, the
 * kinds of its findings, an empty decision column) as CSV or Markdown, where the user chooses. Dismissed findings
 * are left out of the rows. Nothing is written before the save dialog is answered.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inventoryRows, renderInventoryCsv, renderInventoryMarkdown } from '../../core/audit/inventory';
import { saveExport } from '../exportReport';
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

export function exportInventory(store: ResultStore, findings: AuditFindings): Promise<vscode.Uri | undefined> {
  return saveExport(store, {
    title: 'Export Audit Inventory',
    defaultName: 'content-inventory.csv',
    filters: FILTERS,
    nothingYet: 'there is no result to take an inventory of yet.',
    what: 'inventory',
    render: (target) => renderInventory(store, findings, target),
    note: findings.report ? '' : ' (no audit yet: the findings column is empty; Detect Topics with topicLens.audit.enabled fills it)',
  });
}
