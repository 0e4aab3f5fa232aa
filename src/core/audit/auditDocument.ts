/**
 * audit.json: the versioned record of an audit that CI keeps and compares against (`--baseline`): what was
 * scanned, the findings (each `{ kind, severity, message, score, locations }` plus its fingerprint), the topics
 * with their ages, and the inventory.
 */
import { topicLabel, type TopicLensResult } from '../result';
import { FINDING_KINDS, type AuditOptions, type Finding, type FindingKind } from './finding';
import { inventoryRows, type InventoryRow } from './inventory';
import type { AuditReport, AuditStage } from './report';

export const AUDIT_DOCUMENT_VERSION = 1;

export interface AuditTopicRow {
  readonly id: number;
  readonly label: string;
  readonly count: number;
  readonly words: readonly string[];
  /** ISO dates of the topic's files' last changes (when git history was read). */
  readonly medianLastChange?: string;
  readonly oldestLastChange?: string;
  readonly newestLastChange?: string;
}

export interface AuditDocument {
  readonly auditVersion: typeof AUDIT_DOCUMENT_VERSION;
  readonly tool: { readonly name: 'Topic Lens'; readonly version: string };
  readonly createdAt: string;
  readonly source: string;
  readonly model: string;
  readonly unit: TopicLensResult['parameters']['unit'];
  readonly summary: {
    readonly documents: number;
    readonly files: number;
    readonly topics: number;
    readonly findings: Readonly<Record<FindingKind, number>>;
  };
  readonly options: AuditOptions;
  readonly notes: readonly string[];
  /** Set when findings an earlier audit already had were left out. */
  readonly baseline?: { readonly file: string; readonly leftOut: number };
  readonly findings: readonly Finding[];
  readonly topics: readonly AuditTopicRow[];
  readonly inventory: readonly InventoryRow[];
  readonly seconds: number;
  /** Wall time of each stage of the audit, in seconds (where a slow audit spends its time). */
  readonly stageSeconds: Readonly<Partial<Record<AuditStage, number>>>;
}

const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** `findings`: what to report (the audit's own, or only those new against a baseline). */
export function auditDocument(
  result: TopicLensResult,
  report: AuditReport,
  findings: readonly Finding[],
  details: { readonly toolVersion: string; readonly baseline?: AuditDocument['baseline'] },
): AuditDocument {
  const counts = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as Record<FindingKind, number>;
  for (const finding of findings) counts[finding.kind]++;
  const ages = new Map(report.topicAges.map((age) => [age.topic, age]));
  return {
    auditVersion: AUDIT_DOCUMENT_VERSION,
    tool: { name: 'Topic Lens', version: details.toolVersion },
    createdAt: result.createdAt,
    source: result.source,
    model: result.model.id,
    unit: result.parameters.unit,
    summary: {
      documents: result.documents.length,
      files: new Set(result.documents.map((d) => d.path)).size,
      topics: result.topics.filter((t) => t.id >= 0).length,
      findings: counts,
    },
    options: report.options,
    notes: report.notes,
    ...(details.baseline ? { baseline: details.baseline } : {}),
    findings,
    topics: result.topics.map((topic) => {
      const age = ages.get(topic.id);
      return {
        id: topic.id,
        label: topicLabel(topic.id, topic.words),
        count: topic.count,
        words: topic.words.map((w) => w.word),
        ...(age ? { medianLastChange: isoDate(age.median), oldestLastChange: isoDate(age.oldest), newestLastChange: isoDate(age.newest) } : {}),
      };
    }),
    inventory: inventoryRows(result, findings),
    seconds: report.seconds,
    stageSeconds: Object.fromEntries(report.timings.map((t) => [t.stage, t.seconds])),
  };
}

/** The fingerprints of an earlier audit.json's findings; throws with a readable message when it is not one. */
export function baselineFingerprints(json: unknown): Set<string> {
  const document = json as Partial<AuditDocument> | null;
  if (!document || typeof document !== 'object' || !Array.isArray(document.findings) || typeof document.auditVersion !== 'number') {
    throw new Error('it is not an audit.json written by topic-lens audit (no "auditVersion" and "findings").');
  }
  if (document.auditVersion > AUDIT_DOCUMENT_VERSION) throw new Error(`it was written by a newer Topic Lens (audit version ${document.auditVersion}).`);
  return new Set(document.findings.map((f) => f.fingerprint).filter((f): f is string => typeof f === 'string'));
}
