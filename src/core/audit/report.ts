/** The audit's result: findings plus what they were measured from, versioned and JSON-serialisable. */
import type { AuditOptions, Finding } from './finding';
import type { TopicAge } from './staleness';

export const AUDIT_VERSION = 1;

/** Where a document outside the topics (or in a tiny one) stands: the topic it is nearest to. */
export interface Placement {
  /** Index into `result.documents`. */
  readonly document: number;
  /** The nearest topic other than its own (-1 when there is none). */
  readonly nearestTopic: number;
  /** Cosine similarity to that topic's embedding. */
  readonly nearestSimilarity: number;
  /** Cosine similarity to its own topic (null for outliers and documents without an embedding). */
  readonly ownSimilarity: number | null;
}

/**
 * What the findings were derived from that the result does not hold, kept so that topic findings can be
 * derived again when topics change without a new run (a merge).
 */
export interface AuditFacts {
  /** Outliers and members of tiny topics. */
  readonly placements: readonly Placement[];
  /** Unix seconds of each file's last commit (files git knows); null when staleness was not measured. */
  readonly lastChange: Readonly<Record<string, number>> | null;
  /** Files whose date is the oldest commit of a shallow clone: their real last change is that date or earlier. */
  readonly lastChangeAtOrBefore: readonly string[];
  /** Files no commit touches. */
  readonly uncommitted: readonly string[];
  /** For each scanned file, how many other files link to it; null when links were not read. */
  readonly incomingLinks: Readonly<Record<string, number>> | null;
  /** Whether the documents link to each other enough for unlinked pages to mean something. */
  readonly linksInUse: boolean;
}

export const AUDIT_STAGES = ['neighbours', 'duplicates', 'links', 'placements', 'findings'] as const;
export type AuditStage = (typeof AUDIT_STAGES)[number];

export const AUDIT_STAGE_TITLES: Readonly<Record<AuditStage, string>> = {
  neighbours: 'embedding neighbours',
  duplicates: 'near-duplicates and boilerplate',
  links: 'links',
  placements: 'nearest topics',
  findings: 'findings',
};

export interface AuditTiming {
  readonly stage: AuditStage;
  readonly seconds: number;
}

export interface AuditReport {
  readonly version: typeof AUDIT_VERSION;
  readonly options: AuditOptions;
  /** Sorted by kind (in FINDING_KINDS order), then by score, strongest first. */
  readonly findings: readonly Finding[];
  readonly facts: AuditFacts;
  /** When each topic's files last changed (empty when staleness was not measured). */
  readonly topicAges: readonly TopicAge[];
  /** What the audit could not check, and why (no git, no links…), one sentence each. */
  readonly notes: readonly string[];
  /** Wall time of the audit and of its stages. */
  readonly seconds: number;
  readonly timings: readonly AuditTiming[];
}
