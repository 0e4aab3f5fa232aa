/**
 * How the Audit view arranges findings: one group per kind (in the order of FINDING_KINDS), each finding with
 * whether it is dismissed. Pure, so it is tested without VS Code.
 */
import { FINDING_KINDS, KIND_DESCRIPTIONS, type Finding, type FindingKind, type FindingLocation } from '../../core/audit/finding';

export interface ListedFinding {
  readonly finding: Finding;
  readonly dismissed: boolean;
}

export interface FindingGroup {
  readonly kind: FindingKind;
  readonly title: string;
  /** The findings listed (dismissed ones only when they are shown). */
  readonly findings: readonly ListedFinding[];
  /** Findings of the kind that are not dismissed: the number on the group row. */
  readonly open: number;
  readonly dismissed: number;
}

/** Groups of the kinds that have findings to list; a kind whose every finding is dismissed and hidden is left out. */
export function groupFindings(findings: readonly Finding[], isDismissed: (fingerprint: string) => boolean, showDismissed: boolean): FindingGroup[] {
  const byKind = new Map<FindingKind, ListedFinding[]>();
  for (const finding of findings) {
    const listed = { finding, dismissed: isDismissed(finding.fingerprint) };
    let list = byKind.get(finding.kind);
    if (!list) byKind.set(finding.kind, (list = []));
    list.push(listed);
  }
  return FINDING_KINDS.flatMap((kind) => {
    const all = byKind.get(kind) ?? [];
    const dismissed = all.filter((f) => f.dismissed).length;
    const listed = showDismissed ? all : all.filter((f) => !f.dismissed);
    return listed.length === 0 ? [] : [{ kind, title: KIND_DESCRIPTIONS[kind].title, findings: listed, open: all.length - dismissed, dismissed }];
  });
}

/** How many findings that are not dismissed concern each topic (for the Topics tree's badges). */
export function findingsPerTopic(findings: readonly Finding[], isDismissed: (fingerprint: string) => boolean): Map<number, number> {
  const counts = new Map<number, number>();
  for (const finding of findings) {
    if (isDismissed(finding.fingerprint)) continue;
    for (const topic of new Set(finding.topics ?? [])) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  return counts;
}

/** "docs/a.md:12–30" (one line: "docs/a.md:12"). */
export function locationText(location: FindingLocation): string {
  return location.startLine === location.endLine ? `${location.path}:${location.startLine}` : `${location.path}:${location.startLine}–${location.endLine}`;
}

/** Compare needs two places to put side by side. */
export function canCompare(finding: Finding): boolean {
  return finding.kind === 'near-duplicate' && finding.locations.length >= 2;
}

/** The line above the Audit view's tree: what is open and dismissed, and why findings may be out of date. */
export function auditSummary(findings: readonly Finding[], isDismissed: (fingerprint: string) => boolean, optionsChanged: boolean): string {
  const dismissed = findings.filter((f) => isDismissed(f.fingerprint)).length;
  const open = findings.length - dismissed;
  const counts =
    findings.length === 0
      ? 'No findings: nothing written twice, out of place or stale was found.'
      : `${open} finding${open === 1 ? '' : 's'}${dismissed > 0 ? `, ${dismissed} dismissed` : ''}.`;
  return optionsChanged ? `${counts} Audit settings changed since: Refresh to apply them.` : counts;
}
