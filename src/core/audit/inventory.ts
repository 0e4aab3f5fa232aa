/**
 * The content inventory a documentation team works through: one row per document with where it is, its topic,
 * its last change, what the audit found, and an empty decision column (Keep / Revise / Consolidate / Remove).
 */
import { csvCell } from '../report/csv';
import { escapeMarkdown } from '../report/markdown';
import { SET_ASIDE_TOPIC, topicLabel, type TopicLensResult } from '../result';
import type { Finding } from './finding';

export interface InventoryRow {
  readonly path: string;
  readonly heading: string | null;
  readonly startLine: number;
  readonly endLine: number;
  readonly topic: number;
  /** The topic's label (custom, or its first words). */
  readonly topicLabel: string;
  readonly topicWords: readonly string[];
  /** The file's last commit, ISO date; null when unknown. */
  readonly lastChange: string | null;
  /** Fingerprints of the findings that concern this document. */
  readonly findings: readonly string[];
  /** Filled in by the team. */
  readonly decision: string;
}

const TOPIC_WORDS = 5;

/** Which findings concern each document: those with a location in its file overlapping its lines. */
export function findingsByDocument(result: TopicLensResult, findings: readonly Finding[]): Finding[][] {
  const byPath = new Map<string, number[]>();
  result.documents.forEach((doc, i) => (byPath.get(doc.path) ?? byPath.set(doc.path, []).get(doc.path)!).push(i));
  const out: Finding[][] = result.documents.map(() => []);
  for (const finding of findings) {
    const seen = new Set<number>();
    for (const location of finding.locations) {
      for (const i of byPath.get(location.path) ?? []) {
        const doc = result.documents[i];
        if (seen.has(i) || doc.endLine < location.startLine || doc.startLine > location.endLine) continue;
        seen.add(i);
        out[i].push(finding);
      }
    }
  }
  return out;
}

export function inventoryRows(result: TopicLensResult, findings: readonly Finding[], customLabels?: ReadonlyMap<number, string>): InventoryRow[] {
  const topics = new Map(result.topics.map((t) => [t.id, t]));
  const lastChange = result.audit?.facts.lastChange ?? null;
  const concerning = findingsByDocument(result, findings);
  return result.documents.map((doc, i) => {
    const words = topics.get(doc.topic)?.words ?? [];
    const changed = lastChange?.[doc.path];
    return {
      path: doc.path,
      heading: doc.heading,
      startLine: doc.startLine,
      endLine: doc.endLine,
      topic: doc.topic,
      topicLabel: doc.topic === SET_ASIDE_TOPIC ? 'Not embeddable' : topicLabel(doc.topic, words, customLabels),
      topicWords: doc.topic >= 0 ? words.slice(0, TOPIC_WORDS).map((w) => w.word) : [],
      lastChange: changed === undefined ? null : new Date(changed * 1000).toISOString().slice(0, 10),
      findings: concerning[i].map((f) => f.fingerprint),
      decision: '',
    };
  });
}

/** The kinds of a row's findings, e.g. "near-duplicate; stale". */
function findingKinds(row: InventoryRow): string {
  return [...new Set(row.findings.map((fingerprint) => fingerprint.slice(0, fingerprint.indexOf(':'))))].join('; ');
}

const HEADER = ['path', 'heading', 'start_line', 'end_line', 'topic', 'topic_label', 'topic_words', 'last_change', 'findings', 'decision'];

export function renderInventoryCsv(rows: readonly InventoryRow[]): string {
  const lines = rows.map((row) =>
    [
      row.path,
      row.heading ?? '',
      row.startLine,
      row.endLine,
      row.topic,
      row.topicLabel,
      row.topicWords.join(' '),
      row.lastChange ?? '',
      findingKinds(row),
      row.decision,
    ]
      .map(csvCell)
      .join(','),
  );
  return [HEADER.join(','), ...lines].join('\r\n') + '\r\n';
}

export function renderInventoryMarkdown(rows: readonly InventoryRow[], title = 'Content inventory'): string {
  const lines = [`# ${title}`, '', `${rows.length} documents. Decide per row: Keep, Revise, Consolidate or Remove.`, ''];
  lines.push('| Path | Heading | Lines | Topic | Last change | Findings | Decision |', '|---|---|---:|---|---|---|---|');
  for (const row of rows) {
    const cells = [row.path, row.heading ?? '', `${row.startLine}–${row.endLine}`, row.topicLabel, row.lastChange ?? '', findingKinds(row), row.decision];
    lines.push(`| ${cells.map((cell) => escapeMarkdown(String(cell))).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
