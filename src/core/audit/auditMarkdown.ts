/** audit.md: the audit as a reviewer skims it, findings grouped by kind, every place a link to its lines. */
import { escapeMarkdown } from '../report/markdown';
import type { AuditDocument } from './auditDocument';
import { AUDIT_STAGE_TITLES, AUDIT_STAGES } from './report';
import { FINDING_KINDS, KIND_DESCRIPTIONS, type FindingLocation } from './finding';

export interface AuditMarkdownOptions {
  /** A link target for a place (relative to where the report is written), or null for none. */
  readonly linkFor: (location: FindingLocation) => string | null;
  /** Findings listed per kind; the rest are counted (audit.json has them all). */
  readonly perKind?: number;
  /** Places listed per finding. */
  readonly perFinding?: number;
}

function placeText(location: FindingLocation): string {
  const lines = location.startLine === location.endLine ? `line ${location.startLine}` : `lines ${location.startLine}–${location.endLine}`;
  return `${location.heading ? `${location.path} › ${location.heading}` : location.path} (${lines})`;
}

function placeLink(location: FindingLocation, options: AuditMarkdownOptions): string {
  const text = escapeMarkdown(placeText(location));
  const target = options.linkFor(location);
  return target === null ? text : `[${text}](${encodeURI(target).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

export function renderAuditMarkdown(document: AuditDocument, options: AuditMarkdownOptions): string {
  const perKind = options.perKind ?? 100;
  const perFinding = options.perFinding ?? 10;
  const { summary } = document;
  const lines: string[] = ['# Documentation audit', ''];
  lines.push(`Source: \`${document.source}\`  `);
  lines.push(
    `${summary.documents} documents (${document.unit === 'section' ? 'sections' : 'files'}) in ${summary.files} files, ${summary.topics} topics · model \`${document.model}\` · ${document.createdAt}`,
    '',
  );
  if (document.baseline) lines.push(`Only findings new since \`${document.baseline.file}\` are listed (${document.baseline.leftOut} known ones left out).`, '');
  lines.push('| Finding | Count | What it means |', '|---|---:|---|');
  for (const kind of FINDING_KINDS)
    lines.push(`| ${KIND_DESCRIPTIONS[kind].title} (\`${kind}\`) | ${summary.findings[kind]} | ${escapeMarkdown(KIND_DESCRIPTIONS[kind].help)} |`);
  lines.push('');
  if (document.notes.length > 0) {
    lines.push('**Not checked:**', '');
    for (const note of document.notes) lines.push(`- ${escapeMarkdown(note)}`);
    lines.push('');
  }
  for (const kind of FINDING_KINDS) {
    const findings = document.findings.filter((f) => f.kind === kind);
    if (findings.length === 0) continue;
    lines.push(`## ${KIND_DESCRIPTIONS[kind].title} (${findings.length})`, '', escapeMarkdown(KIND_DESCRIPTIONS[kind].description), '');
    for (const finding of findings.slice(0, perKind)) {
      lines.push(`- **${escapeMarkdown(finding.message)}**`);
      for (const location of finding.locations.slice(0, perFinding)) lines.push(`  - ${placeLink(location, options)}`);
      if (finding.locations.length > perFinding) lines.push(`  - … and ${finding.locations.length - perFinding} more places`);
    }
    if (findings.length > perKind) lines.push(`- … and ${findings.length - perKind} more (see audit.json)`);
    lines.push('');
  }
  const dated = document.topics.filter((t) => t.medianLastChange);
  if (dated.length > 0) {
    lines.push('## Topic ages', '', 'When the files of each topic last changed (git).', '');
    lines.push('| Topic | Documents | Median last change | Oldest | Newest |', '|---|---:|---|---|---|');
    for (const topic of dated)
      lines.push(`| ${escapeMarkdown(topic.label)} | ${topic.count} | ${topic.medianLastChange} | ${topic.oldestLastChange} | ${topic.newestLastChange} |`);
    lines.push('');
  }
  const stages = AUDIT_STAGES.filter((stage) => document.stageSeconds[stage] !== undefined).map(
    (stage) => `${AUDIT_STAGE_TITLES[stage]} ${document.stageSeconds[stage]!.toFixed(2)} s`,
  );
  lines.push(
    `The inventory (one row per document, with an empty decision column) is in inventory.csv. Audited in ${document.seconds.toFixed(2)} s${stages.length > 0 ? ` (${stages.join(', ')})` : ''}.`,
    '',
  );
  return lines.join('\n');
}
