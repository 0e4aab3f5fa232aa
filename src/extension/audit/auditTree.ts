/**
 * The "Audit" view: findings grouped by kind (the group row counts the open ones), each finding expanding to the
 * places it concerns; clicking a place opens the file at those lines. Dismissed findings are hidden unless
 * "Show Dismissed" is on. Every user string reaches tooltips escaped, in untrusted Markdown.
 */
import * as vscode from 'vscode';
import { KIND_DESCRIPTIONS, type Finding, type FindingLocation, type Severity } from '../../core/audit/finding';
import { escapeMarkdown } from '../../core/report/markdown';
import type { ResultStore } from '../resultStore';
import type { AuditFindings } from './auditFindings';
import { canCompare, groupFindings, locationText, type FindingGroup } from './findingGroups';

export const AUDIT_VIEW_ID = 'topicLens.audit';
export const OPEN_LOCATION_COMMAND = 'topicLens.openFindingLocation';

export interface KindNode {
  readonly kind: 'kind';
  readonly group: FindingGroup;
}

export interface FindingNode {
  readonly kind: 'finding';
  readonly finding: Finding;
  readonly dismissed: boolean;
}

export interface LocationNode {
  readonly kind: 'location';
  readonly finding: Finding;
  readonly location: FindingLocation;
  readonly index: number;
}

export type AuditTreeNode = KindNode | FindingNode | LocationNode;

const SEVERITY_ICONS: Readonly<Record<Severity, vscode.ThemeIcon>> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  note: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** A place by its heading when it has one, else by its file name. */
function placeName(location: FindingLocation): string {
  return location.heading ?? location.path.slice(location.path.lastIndexOf('/') + 1);
}

/** The menus read a finding row's contextValue: "finding", plus ".compare" and ".dismissed" when they apply. */
export function findingContextValue(finding: Finding, dismissed: boolean): string {
  return `finding${canCompare(finding) ? '.compare' : ''}${dismissed ? '.dismissed' : ''}`;
}

export class AuditTreeProvider implements vscode.TreeDataProvider<AuditTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AuditTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: FindingGroup[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly findings: AuditFindings,
    private readonly store: ResultStore,
  ) {
    this.regroup();
    this.subscription = findings.onDidChange(() => {
      this.regroup();
      this.changed.fire(undefined);
    });
  }

  /** The groups as shown now (the extension API and tests read them). */
  get shownGroups(): readonly FindingGroup[] {
    return this.groups;
  }

  private regroup(): void {
    this.groups = groupFindings(this.findings.findings, this.findings.isDismissed, this.findings.showDismissed);
  }

  getChildren(node?: AuditTreeNode): AuditTreeNode[] {
    if (!node) return this.groups.map((group) => ({ kind: 'kind', group }));
    if (node.kind === 'kind') return node.group.findings.map(({ finding, dismissed }) => ({ kind: 'finding', finding, dismissed }));
    if (node.kind === 'finding') return node.finding.locations.map((location, index) => ({ kind: 'location', finding: node.finding, location, index }));
    return [];
  }

  getParent(node: AuditTreeNode): AuditTreeNode | undefined {
    if (node.kind === 'kind') return undefined;
    const group = this.groups.find((g) => g.kind === node.finding.kind);
    if (!group) return undefined;
    if (node.kind === 'finding') return { kind: 'kind', group };
    const listed = group.findings.find((f) => f.finding.fingerprint === node.finding.fingerprint);
    return listed && { kind: 'finding', finding: listed.finding, dismissed: listed.dismissed };
  }

  getTreeItem(node: AuditTreeNode): vscode.TreeItem {
    if (node.kind === 'kind') return this.kindItem(node.group);
    if (node.kind === 'finding') return this.findingItem(node);
    return this.locationItem(node);
  }

  private kindItem(group: FindingGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(group.title, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `kind:${group.kind}`;
    item.description = group.dismissed > 0 ? `${group.open} · ${group.dismissed} dismissed` : String(group.open);
    item.contextValue = 'kind';
    const { description, help } = KIND_DESCRIPTIONS[group.kind];
    item.tooltip = new vscode.MarkdownString(
      `**${escapeMarkdown(group.title)}** (${group.kind})\n\n${escapeMarkdown(description)}\n\n*${escapeMarkdown(help)}*`,
    );
    return item;
  }

  private findingItem({ finding, dismissed }: FindingNode): vscode.TreeItem {
    const [first] = finding.locations;
    const label =
      finding.locations.length === 0
        ? finding.kind
        : finding.locations.length === 1
          ? placeName(first)
          : `${placeName(first)} + ${finding.locations.length - 1} more`;
    const item = new vscode.TreeItem(label, finding.locations.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `finding:${finding.fingerprint}`;
    item.description = `${dismissed ? 'dismissed · ' : ''}${finding.message}`;
    item.contextValue = findingContextValue(finding, dismissed);
    item.iconPath = dismissed ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')) : SEVERITY_ICONS[finding.severity];
    return item;
  }

  /**
   * A finding's tooltip is made when its row is hovered: a Markdown tooltip for each of thousands of rows cost the
   * extension host's thread a long stretch whenever the findings changed.
   */
  resolveTreeItem(item: vscode.TreeItem, node: AuditTreeNode): vscode.TreeItem {
    if (node.kind === 'finding') item.tooltip = findingTooltip(node);
    return item;
  }

  private locationItem({ finding, location, index }: LocationNode): vscode.TreeItem {
    const item = new vscode.TreeItem(locationText(location), vscode.TreeItemCollapsibleState.None);
    item.id = `location:${finding.fingerprint}:${index}`;
    if (location.heading) item.description = location.heading;
    item.contextValue = 'location';
    const uri = this.store.documentUri(location.path);
    if (uri) {
      item.resourceUri = uri;
      item.iconPath = vscode.ThemeIcon.File;
      item.command = { command: OPEN_LOCATION_COMMAND, title: 'Open', arguments: [location] };
      item.tooltip = `${location.path}, lines ${location.startLine}–${location.endLine}${location.heading ? ` (${location.heading})` : ''}`;
    }
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A finding's tooltip: its kind, severity, message, first places and what to do. */
function findingTooltip({ finding, dismissed }: FindingNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**${escapeMarkdown(KIND_DESCRIPTIONS[finding.kind].title)}** · ${finding.severity} · score ${finding.score}\n\n`);
  md.appendMarkdown(`${escapeMarkdown(finding.message)}\n\n`);
  for (const location of finding.locations.slice(0, 10))
    md.appendMarkdown(`- ${escapeMarkdown(locationText(location))}${location.heading ? ` — ${escapeMarkdown(location.heading)}` : ''}\n`);
  if (finding.locations.length > 10) md.appendMarkdown(`- … and ${finding.locations.length - 10} more\n`);
  md.appendMarkdown(`\n*${escapeMarkdown(KIND_DESCRIPTIONS[finding.kind].help)}*${dismissed ? '\n\nDismissed: Undo Dismiss shows it again.' : ''}`);
  return md;
}
