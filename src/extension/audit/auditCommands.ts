/**
 * The Audit view's commands. Row commands get (clicked node, selected nodes); from the command palette they fall
 * back to the view's selection.
 */
import * as vscode from 'vscode';
import type { Finding, FindingLocation } from '../../core/audit/finding';
import type { TopicLensContext } from '../context';
import { showLines } from '../openLines';
import { OPEN_LOCATION_COMMAND, type AuditTreeNode } from './auditTree';
import { CANCEL_AUDIT_COMMAND } from './backgroundAudit';
import { exportInventory } from './exportInventory';
import { canCompare, locationText } from './findingGroups';
import { sectionUri } from './sectionContent';

type AuditCommand = (ctx: TopicLensContext, ...args: never[]) => unknown;

/** The findings a command applies to: the selection when the clicked row is part of it, else the clicked row. */
function findingsOf(ctx: TopicLensContext, node?: AuditTreeNode, selected?: readonly AuditTreeNode[]): Finding[] {
  const nodes = node ? (selected?.includes(node) ? selected : [node]) : ctx.auditView.selection;
  const findings = nodes.flatMap((n) => (n.kind === 'kind' ? [] : [n.finding]));
  return [...new Map(findings.map((f) => [f.fingerprint, f])).values()];
}

async function openLocation(ctx: TopicLensContext, location: FindingLocation, preview = true): Promise<void> {
  const uri = ctx.store.documentUri(location.path);
  if (uri) await showLines(uri, location.startLine, location.endLine, { wholeFile: false, preview });
}

/** The two places to put side by side: the only two, or the first and one the user picks. */
async function comparedPair(finding: Finding): Promise<readonly [FindingLocation, FindingLocation] | undefined> {
  const [first, ...others] = finding.locations;
  if (others.length === 1) return [first, others[0]];
  const picked = await vscode.window.showQuickPick(
    others.map((location) => ({ label: locationText(location), description: location.heading, location })),
    { placeHolder: `Compare ${locationText(first)} with which place?` },
  );
  return picked && [first, picked.location];
}

async function compare(ctx: TopicLensContext, finding: Finding): Promise<void> {
  const pair = await comparedPair(finding);
  if (!pair) return;
  const [left, right] = pair.map((location) => {
    const file = ctx.store.documentUri(location.path);
    return file && sectionUri(file, location);
  });
  if (!left || !right) return;
  await vscode.commands.executeCommand('vscode.diff', left, right, `${locationText(pair[0])} ↔ ${locationText(pair[1])}`, { preview: true });
}

export const AUDIT_COMMANDS: Record<string, AuditCommand> = {
  [OPEN_LOCATION_COMMAND]: (ctx, location: FindingLocation) => openLocation(ctx, location),

  [CANCEL_AUDIT_COMMAND]: (ctx) => ctx.detection.audits.cancel(),

  'topicLens.compareFinding': async (ctx, node?: AuditTreeNode, selected?: readonly AuditTreeNode[]) => {
    const finding = findingsOf(ctx, node, selected).find(canCompare);
    if (finding) await compare(ctx, finding);
    else void vscode.window.showInformationMessage('Topic Lens: select a near-duplicate in the Audit view to compare its places.');
  },

  'topicLens.dismissFinding': async (ctx, node?: AuditTreeNode, selected?: readonly AuditTreeNode[]) => {
    const findings = findingsOf(ctx, node, selected);
    if (findings.length === 0) return;
    await ctx.audit.dismiss(findings);
    const what = findings.length === 1 ? 'finding' : `${findings.length} findings`;
    vscode.window.setStatusBarMessage(`Topic Lens: dismissed the ${what} (Show Dismissed lists it again)`, 4000);
  },

  'topicLens.undoDismissFinding': async (ctx, node?: AuditTreeNode, selected?: readonly AuditTreeNode[]) => {
    await ctx.audit.undoDismiss(findingsOf(ctx, node, selected));
  },

  'topicLens.showDismissedFindings': (ctx) => ctx.audit.setShowDismissed(true),

  'topicLens.hideDismissedFindings': (ctx) => ctx.audit.setShowDismissed(false),

  'topicLens.exportAuditInventory': (ctx) => exportInventory(ctx.store, ctx.audit),
};
