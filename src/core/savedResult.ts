/**
 * A result read back from storage (the editor's last result): what of it can be used. Damaged documents, topics
 * and skipped-file entries are dropped one by one, so one bad entry costs that entry; the result is unusable only
 * when what holds it together (its version, source, model, parameters, lists) is damaged.
 */
import { FINDING_KINDS, type Finding } from './audit/finding';
import { AUDIT_VERSION, type AuditReport } from './audit/report';
import {
  DEFAULT_PARAMETERS,
  OUTLIER_TOPIC,
  RESULT_VERSION,
  SET_ASIDE_TOPIC,
  type DocumentResult,
  type HierarchyMerge,
  type PipelineParameters,
  type TopicHierarchy,
  type TopicInfo,
  type TopicLensResult,
} from './result';

export interface DroppedParts {
  /** Damaged documents, and the documents of damaged topics. */
  readonly documents: number;
  readonly topics: number;
  /** Damaged entries of the skipped-files list and stage timings. */
  readonly entries: number;
  /** Optional parts that were damaged and left out (the incremental-update note, the common component). */
  readonly parts: readonly string[];
}

export type SavedResult =
  | { readonly kind: 'usable'; readonly result: TopicLensResult; readonly dropped: DroppedParts }
  | { readonly kind: 'other-version' }
  | { readonly kind: 'damaged'; readonly why: string };

type Fields = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isInteger = (value: unknown, min: number): value is number => Number.isInteger(value) && (value as number) >= min;
const isFiniteArray = (value: unknown): value is number[] => Array.isArray(value) && value.every(isFiniteNumber);
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Parameters that may be null, and what they are otherwise; every other one has its default's type. */
const NULLABLE_PARAMETERS: Partial<Record<keyof PipelineParameters, 'number' | 'object'>> = {
  minSamples: 'number',
  umapEpochs: 'number',
  outlierReduction: 'object',
  outlierPlacement: 'number',
  diversity: 'number',
  mergeSimilarity: 'number',
};

/** What a result made before a parameter existed was computed with: the parameter's "off". */
const BEFORE_LATER_PARAMETERS = { splitTopicShare: 0, mergeSimilarity: null, fileContext: 0 };

/**
 * A result saved in an earlier format, as the current one: the editor always stored `source` as a URI (version 1
 * differs from 2 only in its number); versions 1 and 2 have no topic hierarchy and no topic reduction, which the
 * next run adds. Results of either version made before weak outlier placement existed placed no outlier: their
 * `outlierPlacement` is null; those made before bigrams, plural folding and MMR counted single words as they were
 * (`bigrams`, `foldPlurals` false, `diversity` null). Results of any version made before dominant topics were split
 * split none (`splitTopicShare` 0), those made before similar topics were merged and sections read in their
 * file's context merged none and read none so. Anything else is returned as it is, for checkSavedResult to judge.
 */
export function upgradeSavedResult(saved: unknown): unknown {
  if (!isObject(saved)) return saved;
  if (saved.version === RESULT_VERSION) {
    const { parameters } = saved;
    return !isObject(parameters) || Object.keys(BEFORE_LATER_PARAMETERS).every((key) => key in parameters)
      ? saved
      : { ...saved, parameters: { ...BEFORE_LATER_PARAMETERS, ...parameters } };
  }
  if (saved.version !== 1 && saved.version !== 2) return saved;
  const parameters = isObject(saved.parameters)
    ? {
        parameters: {
          outlierPlacement: null,
          bigrams: false,
          foldPlurals: false,
          diversity: null,
          ...BEFORE_LATER_PARAMETERS,
          ...saved.parameters,
          nrTopics: null,
        },
      }
    : {};
  return { ...saved, version: RESULT_VERSION, ...parameters };
}

function isParameters(value: unknown): value is PipelineParameters {
  if (!isObject(value)) return false;
  return (Object.keys(DEFAULT_PARAMETERS) as (keyof PipelineParameters)[]).every((key) => {
    const actual = value[key];
    if (key === 'nrTopics') return actual === null || actual === 'auto' || isInteger(actual, 2);
    const nullable = NULLABLE_PARAMETERS[key];
    if (actual === null) return nullable !== undefined;
    return typeof actual === (nullable ?? typeof DEFAULT_PARAMETERS[key]) && (typeof actual !== 'number' || Number.isFinite(actual));
  });
}

function isDocument(value: unknown): value is DocumentResult {
  if (!isObject(value)) return false;
  const { path, heading, startLine, endLine, topic, probability, weak, x, y, snippet, hash, label, unembeddableReason } = value;
  return (
    typeof path === 'string' &&
    path !== '' &&
    (heading === null || typeof heading === 'string') &&
    isInteger(startLine, 1) &&
    isInteger(endLine, startLine as number) &&
    isInteger(topic, SET_ASIDE_TOPIC) &&
    isFiniteNumber(probability) &&
    (weak === undefined || weak === true) &&
    isFiniteNumber(x) &&
    isFiniteNumber(y) &&
    typeof snippet === 'string' &&
    typeof hash === 'string' &&
    SHA256_HEX.test(hash) &&
    (label === undefined || typeof label === 'string') &&
    (unembeddableReason === undefined || typeof unembeddableReason === 'string')
  );
}

function isTopic(value: unknown, dimension: number): value is TopicInfo {
  if (!isObject(value)) return false;
  const { id, count, name, words, representativeDocs, embedding } = value;
  return (
    isInteger(id, OUTLIER_TOPIC) &&
    isInteger(count, 0) &&
    typeof name === 'string' &&
    Array.isArray(words) &&
    words.every((w) => isObject(w) && typeof w.word === 'string' && isFiniteNumber(w.score)) &&
    Array.isArray(representativeDocs) &&
    representativeDocs.every((i) => isInteger(i, 0)) &&
    isFiniteArray(embedding) &&
    (embedding.length === dimension || embedding.length === 0)
  );
}

const SEVERITIES: readonly unknown[] = ['error', 'warning', 'note'];
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
const isNumberRecord = (value: unknown) => isObject(value) && Object.values(value).every(isFiniteNumber);

function isFinding(value: unknown): value is Finding {
  if (!isObject(value)) return false;
  const { fingerprint, kind, severity, message, score, locations, topics } = value;
  return (
    typeof fingerprint === 'string' &&
    (FINDING_KINDS as readonly unknown[]).includes(kind) &&
    SEVERITIES.includes(severity) &&
    typeof message === 'string' &&
    isFiniteNumber(score) &&
    Array.isArray(locations) &&
    locations.every(
      (l) =>
        isObject(l) &&
        typeof l.path === 'string' &&
        isInteger(l.startLine, 1) &&
        isInteger(l.endLine, l.startLine as number) &&
        (l.heading === undefined || typeof l.heading === 'string'),
    ) &&
    (topics === undefined || (Array.isArray(topics) && topics.every((t) => isInteger(t, SET_ASIDE_TOPIC))))
  );
}

/**
 * The audit kept with a result, if its findings and the facts they are derived again from are whole; damaged
 * findings are dropped one by one. Placements name documents by index, so `documentCount` must be the count the
 * audit was made for (a result that lost documents loses its audit).
 */
function checkAudit(value: unknown, documentCount: number): { audit: AuditReport; droppedFindings: number } | undefined {
  if (!isObject(value) || value.version !== AUDIT_VERSION || !Array.isArray(value.findings) || !isObject(value.facts) || !isObject(value.options))
    return undefined;
  const { facts } = value;
  const factsOk =
    Array.isArray(facts.placements) &&
    facts.placements.every(
      (p) => isObject(p) && isInteger(p.document, 0) && (p.document as number) < documentCount && isInteger(p.nearestTopic, OUTLIER_TOPIC),
    ) &&
    (facts.lastChange === null || isNumberRecord(facts.lastChange)) &&
    isStringArray(facts.lastChangeAtOrBefore) &&
    isStringArray(facts.uncommitted) &&
    (facts.incomingLinks === null || isNumberRecord(facts.incomingLinks)) &&
    typeof facts.linksInUse === 'boolean';
  if (!factsOk || !isNumberRecord(value.options)) return undefined;
  const findings = value.findings.filter(isFinding);
  const topicAges = Array.isArray(value.topicAges) ? value.topicAges.filter(isNumberRecord) : [];
  const audit = {
    ...value,
    findings,
    topicAges,
    notes: isStringArray(value.notes) ? value.notes : [],
    timings: Array.isArray(value.timings) ? value.timings : [],
    seconds: isFiniteNumber(value.seconds) ? value.seconds : 0,
  } as unknown as AuditReport;
  return { audit, droppedFindings: value.findings.length - findings.length };
}

/** `value` is the parsed JSON of a saved result. */
/**
 * The hierarchy if it is whole and belongs to these topics (its last merge holds every clustered topic, ids after the
 * last topic's); a damaged or stale one is left out (the topics then show ungrouped until the next run).
 */
function checkHierarchy(value: unknown, topicIds: readonly number[]): TopicHierarchy | undefined {
  if (!isObject(value) || !Array.isArray(value.merges)) return undefined;
  const merges = value.merges as unknown[];
  const isMerge = (m: unknown): m is HierarchyMerge =>
    isObject(m) &&
    isInteger(m.id, 0) &&
    isInteger(m.left, 0) &&
    isInteger(m.right, 0) &&
    isFiniteNumber(m.distance) &&
    Array.isArray(m.topics) &&
    m.topics.every((t) => isInteger(t, 0)) &&
    Array.isArray(m.words) &&
    m.words.every((w) => isObject(w) && typeof w.word === 'string' && isFiniteNumber(w.score));
  if (!merges.every(isMerge) || merges.length !== Math.max(0, topicIds.length - 1)) return undefined;
  const last = merges[merges.length - 1];
  if (last && (last.topics.length !== topicIds.length || !last.topics.every((t, i) => t === topicIds[i]))) return undefined;
  return { merges };
}

export function checkSavedResult(value: unknown): SavedResult {
  if (!isObject(value)) return { kind: 'damaged', why: 'it is not a result' };
  if (value.version !== RESULT_VERSION) return typeof value.version === 'number' ? { kind: 'other-version' } : { kind: 'damaged', why: 'it has no version' };
  const { createdAt, source, model, parameters, documents, topics } = value;
  if (typeof createdAt !== 'string' || typeof source !== 'string') return { kind: 'damaged', why: 'its date or folder is missing' };
  if (!isObject(model) || typeof model.id !== 'string' || !isInteger(model.dimension, 1)) return { kind: 'damaged', why: 'its model is missing' };
  if (!isParameters(parameters)) return { kind: 'damaged', why: 'its parameters are damaged' };
  if (!Array.isArray(documents) || !Array.isArray(topics)) return { kind: 'damaged', why: 'its documents or topics are missing' };

  const parts: string[] = [];
  const keptTopics = new Map<number, TopicInfo>();
  for (const topic of topics) if (isTopic(topic, model.dimension) && !keptTopics.has(topic.id)) keptTopics.set(topic.id, topic);

  // Documents keep their order; those of a topic that did not survive go with it.
  const newIndex = new Map<number, number>();
  const keptDocuments: DocumentResult[] = [];
  documents.forEach((doc, index) => {
    if (!isDocument(doc) || (doc.topic >= 0 && !keptTopics.has(doc.topic))) return;
    newIndex.set(index, keptDocuments.length);
    keptDocuments.push(doc);
  });
  const counts = new Map<number, number>();
  for (const doc of keptDocuments) counts.set(doc.topic, (counts.get(doc.topic) ?? 0) + 1);
  const resultTopics = [...keptTopics.values()]
    .filter((topic) => topic.id < 0 || counts.has(topic.id))
    .map((topic) => ({
      ...topic,
      count: counts.get(topic.id) ?? 0,
      // Only members of the topic represent it.
      representativeDocs: topic.representativeDocs.flatMap((i) => {
        const kept = newIndex.get(i);
        return kept !== undefined && keptDocuments[kept].topic === topic.id ? [kept] : [];
      }),
    }));

  const skipped = Array.isArray(value.skipped) ? value.skipped : [];
  const keptSkipped = skipped.filter((s) => isObject(s) && typeof s.path === 'string' && typeof s.reason === 'string' && typeof s.detail === 'string');
  const timings = Array.isArray(value.timings) ? value.timings : [];
  const keptTimings = timings.filter((t) => isObject(t) && typeof t.stage === 'string' && isFiniteNumber(t.seconds));

  const { incremental, commonComponent } = value;
  const incrementalOk =
    isObject(incremental) &&
    typeof incremental.updatedAt === 'string' &&
    ['added', 'changed', 'removed'].every((k) => isInteger(incremental[k], 0)) &&
    isFiniteNumber(incremental.seconds);
  if (incremental !== undefined && !incrementalOk) parts.push('the note of the last incremental update');
  const commonComponentOk = isFiniteArray(commonComponent) && commonComponent.length === model.dimension;
  if (commonComponent !== undefined && !commonComponentOk) parts.push('the common component of the embeddings');
  const hierarchy = checkHierarchy(
    value.hierarchy,
    resultTopics
      .filter((t) => t.id >= 0)
      .map((t) => t.id)
      .sort((a, b) => a - b),
  );
  if (value.hierarchy !== undefined && !hierarchy) parts.push('the topic hierarchy');
  const audit = documents.length === keptDocuments.length ? checkAudit(value.audit, keptDocuments.length) : undefined;
  if (value.audit !== undefined && !audit) parts.push('the audit findings');
  if (audit && audit.droppedFindings > 0) parts.push(`${audit.droppedFindings} damaged audit finding${audit.droppedFindings === 1 ? '' : 's'}`);

  const result = {
    version: RESULT_VERSION,
    createdAt,
    source,
    model: { id: model.id, dimension: model.dimension },
    parameters,
    documents: keptDocuments,
    topics: resultTopics,
    skipped: keptSkipped,
    timings: keptTimings,
    ...(incrementalOk ? { incremental } : {}),
    ...(commonComponentOk ? { commonComponent } : {}),
    ...(hierarchy ? { hierarchy } : {}),
    ...(audit ? { audit: audit.audit } : {}),
  } as TopicLensResult;
  return {
    kind: 'usable',
    result,
    dropped: {
      documents: documents.length - keptDocuments.length,
      topics: topics.length - resultTopics.length,
      entries: skipped.length - keptSkipped.length + timings.length - keptTimings.length,
      parts,
    },
  };
}
