/**
 * The audit stage: after the pipeline, turn its result (topics, sections, embeddings, the kNN graph) plus the
 * texts, the git history and the links into findings. `runAudit` measures everything; `reauditTopics` derives the
 * topic findings again from the kept facts when topics change without a new run (a merge).
 */
import { Pacer, throwIfAborted, type RunControl } from '../control';
import { formatOfPath, type TextFormat } from '../documents/structure';
import type { Matrix } from '../matrix';
import { nearestNeighbors, type Knn } from '../reduce/knn';
import { seededRandom } from '../random';
import { OUTLIER_TOPIC, type TopicLensResult } from '../result';
import { auditHelper } from './auditThread';
import { AuditContext } from './context';
import { fileLineOf, fileLines, type FileText } from './fileLines';
import { DEFAULT_AUDIT_OPTIONS, FINDING_KINDS, roundScore, type AuditOptions, type Finding, type FindingLocation } from './finding';
import type { FileHistory } from './gitHistory';
import { checkLinks, type LinkReport } from './linkGraph';
import { extractLinks, type FileLinks } from './links';
import { findDuplicates, type DuplicateAnalysis, type DuplicateGroup, type DuplicatePair, type EmbeddingEvidence, type NeighbourPair } from './nearDuplicates';
import { placementFindings, placementInput } from './placement';
import { AUDIT_STAGE_TITLES, AUDIT_STAGES, AUDIT_VERSION, type AuditFacts, type AuditReport, type AuditStage, type AuditTiming } from './report';
import { spreadFindings } from './spread';
import { staleFindings, topicAges } from './staleness';

export interface AuditEmbeddings {
  /** Row r of `matrix` (and of `neighbours`) is document `rows[r]`. */
  readonly rows: Int32Array;
  /** The space the topic embeddings live in. */
  readonly matrix: Matrix;
  /** The kNN graph over the rows (cosine), when the pipeline built one; computed here otherwise. */
  readonly neighbours: Knn | null;
}

export interface AuditInput {
  /** The result to audit (its `audit`, if any, is ignored). */
  readonly result: TopicLensResult;
  /** The text of each of `result.documents`, in the same order. */
  readonly texts: readonly string[];
  readonly embeddings?: AuditEmbeddings;
  /** The scanned files' git history; absent: staleness is not measured. */
  readonly history?: FileHistory;
  /** Whether a path relative to the scanned folder exists (undefined: cannot tell); absent: only scanned and skipped files are known. */
  readonly fileExists?: (path: string) => boolean | undefined;
  readonly options?: Partial<AuditOptions>;
  /** 1: everything on this thread; otherwise a second thread takes a share of the work (auditThread.ts). */
  readonly threads?: number;
}

/** Neighbours per document for the rewrite search when the pipeline's graph is not at hand (UMAP's default). */
const NEIGHBOURS = 15;
/** Files named like these are entry points readers find without a link. */
const ENTRY_PAGE =
  /^(index|readme|_index|default|summary|contents|changelog|changes|history|news|contributing|license|licence|authors|code_of_conduct|security|install)(\.[^./]+)?$/i;
/** Unlinked pages mean something only when at least this share of the files link to another file. */
const LINKS_IN_USE_SHARE = 0.1;
const MAX_NAMED = 3;

export async function runAudit(input: AuditInput, control: RunControl = {}): Promise<AuditReport> {
  const started = performance.now();
  const timings: AuditTiming[] = [];
  const timed = async <T>(stage: AuditStage, work: () => T | Promise<T>): Promise<T> => {
    throwIfAborted(control.signal);
    control.onProgress?.({ stage: 'audit', done: timings.length, total: AUDIT_STAGES.length, message: AUDIT_STAGE_TITLES[stage] });
    const from = performance.now();
    const value = await work();
    timings.push({ stage, seconds: (performance.now() - from) / 1000 });
    return value;
  };
  const options: AuditOptions = { ...DEFAULT_AUDIT_OPTIONS, ...input.options };
  const { result, texts } = input;
  if (texts.length !== result.documents.length)
    throw new Error(`The audit needs the text of every document: ${texts.length} texts for ${result.documents.length} documents.`);
  const context = new AuditContext(result, options);
  const notes: string[] = [];

  const { paths, fileOf } = context;
  const helper = auditHelper(input.threads !== 1);
  try {
    const embeddings = await timed('neighbours', () =>
      input.embeddings ? embeddingEvidence(input.embeddings, result.documents.length, options.paraphraseCosine, control) : null,
    );
    if (!embeddings) notes.push('No embeddings were given: rewrites (near-duplicates in other words) and nearest topics were not measured.');
    const finding = timed('duplicates', () =>
      findDuplicates({ texts, fileOf, files: paths.length, hashes: result.documents.map((d) => d.hash) }, embeddings, options, control, helper.scan),
    );
    // Nearest topics need only the embeddings: the helper finds them after its share of the near-duplicate scan
    // (given to it before the search's first pause), while this thread pairs near-duplicates.
    const placing = input.embeddings
      ? helper.place(placementInput(context, input.embeddings.matrix, rowOfDocument(input.embeddings.rows, result.documents.length)))
      : async () => [];
    const duplicates = await finding;

    const links = await timed('links', () => readLinks(input, context, control));
    const linksInUse = links !== null && links.linkingFiles >= Math.max(1, Math.ceil(LINKS_IN_USE_SHARE * paths.length));
    if (links === null) notes.push('Every document is plain text, which holds no links: links and unlinked pages are not reported.');
    else if (!linksInUse)
      notes.push(`The documents barely link to each other (${links.linkingFiles} of ${paths.length} files link to another): unlinked pages are not reported.`);
    const labelsJudged = !result.skipped.some((s) => /\.rst$/i.test(s.path));
    const broken = links?.broken ?? [];
    if (!labelsJudged && broken.some((b) => b.kind === 'label'))
      notes.push('Some reStructuredText files were set aside, so references to labels that are not found are not reported (the labels may be defined there).');

    // The time this thread waits for them.
    const placed = await timed('placements', placing);
    const facts: AuditFacts = {
      placements: placed,
      ...historyFacts(input.history, notes),
      incomingLinks: links && Object.fromEntries(links.incoming),
      linksInUse,
    };
    const findings = await timed('findings', async () => {
      const kinds = [
        () => duplicateFindings(context, duplicates, paths),
        () => boilerplateFindings(context, duplicates, texts),
        () => broken.filter((b) => labelsJudged || b.kind !== 'label').map((b) => brokenLinkFinding(context, b)),
        ...topicFindingKinds(context, facts),
      ];
      // Each kind is a stretch of work of its own: the event loop gets a turn in between.
      const pacer = new Pacer(control);
      const found: Finding[] = [];
      for (const kind of kinds) {
        found.push(...kind());
        await pacer.pause();
      }
      return found;
    });
    const ages = facts.lastChange ? topicAges(context, facts.lastChange) : [];
    control.onProgress?.({ stage: 'audit', done: AUDIT_STAGES.length, total: AUDIT_STAGES.length });
    return {
      version: AUDIT_VERSION,
      options,
      findings: sortFindings(findings),
      facts,
      notes,
      topicAges: ages,
      timings,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    helper.stop();
  }
}

/**
 * The audit of a result whose topics were merged (`newIds`: old topic id → new one): the kept facts give the
 * topic findings again; near-duplicates, boilerplate and broken links stay, their topics renamed.
 */
export function reauditTopics(result: TopicLensResult, previous: AuditReport, newIds: ReadonlyMap<number, number>): AuditReport {
  const rename = (topic: number) => newIds.get(topic) ?? topic;
  const context = new AuditContext(result, previous.options);
  const placementsAfter = previous.facts.placements.map((p) => {
    const own = result.documents[p.document]?.topic;
    const nearest = rename(p.nearestTopic);
    // Merged into its own topic: that topic is now as near as the nearest was.
    if (nearest === own && p.nearestTopic >= 0)
      return { ...p, nearestTopic: -1, nearestSimilarity: 0, ownSimilarity: Math.max(p.ownSimilarity ?? -1, p.nearestSimilarity) };
    return { ...p, nearestTopic: nearest };
  });
  const facts: AuditFacts = { ...previous.facts, placements: placementsAfter };
  const kept = previous.findings.filter((f) => !TOPIC_KINDS.has(f.kind)).map((f) => (f.topics ? { ...f, topics: [...new Set(f.topics.map(rename))] } : f));
  return {
    ...previous,
    findings: sortFindings([...kept, ...topicFindingKinds(context, facts).flatMap((kind) => kind())]),
    facts,
    topicAges: facts.lastChange ? topicAges(context, facts.lastChange) : [],
  };
}

/** Kinds derived from the topics (the others come from text, links and history alone). */
const TOPIC_KINDS = new Set<Finding['kind']>(['orphan', 'weakly-placed', 'scattered-topic', 'incoherent-folder', 'split-candidate', 'stale', 'unlinked-page']);

/** How to find each topic kind's findings, one kind at a time (a stretch of work each). */
function topicFindingKinds(context: AuditContext, facts: AuditFacts): Array<() => Finding[]> {
  return [
    () => placementFindings(context, facts.placements),
    () => spreadFindings(context),
    () => (facts.lastChange ? staleFindings(context, facts.lastChange, new Set(facts.lastChangeAtOrBefore)) : []),
    () => (facts.incomingLinks && facts.linksInUse ? unlinkedFindings(context, facts.incomingLinks) : []),
  ];
}

function sortFindings(findings: Finding[]): Finding[] {
  const order = new Map(FINDING_KINDS.map((kind, i) => [kind, i]));
  // Each finding's sort key is spelled once, not at every comparison.
  const keyed = findings.map((finding) => ({
    finding,
    kind: order.get(finding.kind)!,
    place: finding.locations[0] ? `${finding.locations[0].path}\0${String(finding.locations[0].startLine).padStart(9, '0')}` : '',
  }));
  keyed.sort((a, b) => a.kind - b.kind || b.finding.score - a.finding.score || (a.place < b.place ? -1 : a.place > b.place ? 1 : 0));
  return keyed.map((k) => k.finding);
}

function rowOfDocument(rows: Int32Array, documents: number): Int32Array {
  const rowOf = new Int32Array(documents).fill(-1);
  rows.forEach((doc, r) => (rowOf[doc] = r));
  return rowOf;
}

/** Neighbour pairs from the kNN graph at least `minCosine` similar, and the cosine of any two documents. */
async function embeddingEvidence(embeddings: AuditEmbeddings, documents: number, minCosine: number, control: RunControl): Promise<EmbeddingEvidence> {
  const { rows, matrix } = embeddings;
  const rowOf = rowOfDocument(rows, documents);
  const k = Math.min(NEIGHBOURS, matrix.rows - 1);
  const knn = embeddings.neighbours ?? (k >= 1 ? await nearestNeighbors(matrix, k + 1, { metric: 'cosine', random: seededRandom(1) }, control) : null);
  const neighbours: NeighbourPair[] = [];
  if (knn) {
    for (let r = 0; r < rows.length; r++) {
      // Pairs listed from both ends are judged once (findDuplicates keeps track).
      for (let j = 1; j < knn.k; j++) {
        const other = knn.indices[r * knn.k + j];
        const cosine = 1 - knn.distances[r * knn.k + j];
        if (other >= 0 && other !== r && cosine >= minCosine) neighbours.push({ a: rows[r], b: rows[other], cosine });
      }
    }
  }
  const similarity = (a: number, b: number) => {
    const ra = rowOf[a];
    const rb = rowOf[b];
    if (ra < 0 || rb < 0) return null;
    let dot = 0;
    for (let c = 0; c < matrix.cols; c++) dot += matrix.data[ra * matrix.cols + c] * matrix.data[rb * matrix.cols + c];
    return dot;
  };
  return { neighbours, similarity };
}

function historyFacts(history: FileHistory | undefined, notes: string[]): Pick<AuditFacts, 'lastChange' | 'lastChangeAtOrBefore' | 'uncommitted'> {
  if (!history) {
    notes.push('Staleness was not measured: it needs the folder’s git history.');
    return { lastChange: null, lastChangeAtOrBefore: [], uncommitted: [] };
  }
  if (!history.available) {
    notes.push(`Staleness was not measured: ${history.reason}`);
    return { lastChange: null, lastChangeAtOrBefore: [], uncommitted: [] };
  }
  if (history.atOrBefore.size > 0) {
    notes.push(
      `${history.atOrBefore.size} files are dated by the oldest commit of a shallow clone: their real last change may be earlier (fetch more history for exact dates).`,
    );
  }
  if (history.uncommitted.length > 0) notes.push(`${history.uncommitted.length} files have never been committed: they count as current.`);
  return { lastChange: Object.fromEntries(history.lastChange), lastChangeAtOrBefore: [...history.atOrBefore].sort(), uncommitted: [...history.uncommitted] };
}

/** The links between the scanned files; null when every file is plain text (nothing to read or check). */
async function readLinks(input: AuditInput, context: AuditContext, control: RunControl): Promise<LinkReport | null> {
  // Plain text holds no links: its files are link targets only, their lines are not put together.
  const files = new Map<string, FileLinks>();
  for (const path of context.documentsOfFile.keys()) if (formatOfPath(path) === 'plain') files.set(path, { links: [], labels: [], globs: [] });
  if (files.size === context.documentsOfFile.size) return null;
  const documents = input.result.documents
    .map((doc, i) => ({ path: doc.path, startLine: doc.startLine, endLine: doc.endLine, text: input.texts[i] }))
    .filter((doc) => !files.has(doc.path));
  const pacer = new Pacer(control);
  for (const [path, file] of fileLines(documents)) {
    files.set(path, linksOfFile(file, formatOfPath(path)));
    if (pacer.due) await pacer.pause();
  }
  await pacer.pause();
  // Files the scan set aside exist (they just are not documents).
  const known = new Set(input.result.skipped.map((s) => s.path));
  for (const path of context.documentsOfFile.keys()) known.add(path);
  return checkLinks({ files, known, exists: input.fileExists });
}

/** The links of a file's lines, at the file's line numbers. */
function linksOfFile(file: FileText, format: TextFormat): FileLinks {
  const found = extractLinks(file.lines, format);
  const shift = file.firstLine - 1;
  return shift === 0 ? found : { ...found, links: found.links.map((link) => ({ ...link, line: link.line + shift })) };
}

// ---- Findings from duplicates, boilerplate and links ----

const percent = (x: number) => `${Math.round(x * 100)} %`;

function locationName(location: FindingLocation): string {
  return location.heading ? `${location.path} › ${location.heading}` : location.path;
}

function namesOf(locations: readonly FindingLocation[]): string {
  const names = locations.slice(0, MAX_NAMED).map((l) => `"${locationName(l)}"`);
  const more = locations.length - names.length;
  if (more > 0) return `${names.join(', ')} and ${more} more`;
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The strongest pair of a group: the one a reader should compare first. */
function strongest(pairs: readonly DuplicatePair[]): DuplicatePair {
  const strength = (p: DuplicatePair) => (p.evidence === 'rewrite' ? (p.wordOverlap ?? 0) : p.containment);
  return pairs.reduce((best, p) => (strength(p) > strength(best) ? p : best));
}

function evidenceText(pair: DuplicatePair): string {
  if (pair.evidence === 'copy') return 'the same text';
  if (pair.evidence === 'rewrite') {
    return `the same content in other words: embeddings ${pair.cosine?.toFixed(2)} similar, ${percent(pair.wordOverlap ?? 0)} of their distinctive vocabulary shared`;
  }
  return `${percent(pair.containment)} of the shorter one's 5-word runs appear in the other (Jaccard similarity ${pair.jaccard.toFixed(2)})`;
}

function duplicateFindings(context: AuditContext, analysis: DuplicateAnalysis, paths: readonly string[]): Finding[] {
  const { documents } = context.result;
  return analysis.groups.map((group: DuplicateGroup) => {
    const isFiles = group.level === 'file';
    const locations = group.members.map((m) => (isFiles ? context.fileLocation(paths[m]) : context.documentLocation(m)));
    const identities = group.members.map((m) => (isFiles ? paths[m] : context.documentIdentity(m))).sort();
    const memberDocuments = isFiles ? group.members.flatMap((m) => context.documentsOfFile.get(paths[m]) ?? []) : group.members;
    const topics = [...new Set(memberDocuments.map((d) => documents[d].topic).filter((t) => t >= 0))];
    const best = strongest(group.pairs);
    const what = isFiles
      ? group.members.length === 2
        ? 'These two files'
        : `These ${group.members.length} files`
      : group.members.length === 2
        ? 'These two sections'
        : `These ${group.members.length} sections`;
    const first = isFiles ? paths[best.a] : locationName(context.documentLocation(best.a));
    const second = isFiles ? paths[best.b] : locationName(context.documentLocation(best.b));
    const pairText = group.members.length === 2 ? evidenceText(best) : `"${first}" and "${second}" hold ${evidenceText(best)}`;
    return {
      fingerprint: context.fingerprint('near-duplicate', ...identities),
      kind: 'near-duplicate' as const,
      severity: 'warning' as const,
      message: `${what} say the same thing (${namesOf(locations)}): ${pairText}.`,
      score: roundScore(best.evidence === 'rewrite' ? (best.wordOverlap ?? 0) : best.containment),
      locations,
      topics,
    };
  });
}

function boilerplateFindings(context: AuditContext, analysis: DuplicateAnalysis, texts: readonly string[]): Finding[] {
  return analysis.blocks.map((block) => {
    const locations = block.occurrences.map((o) => {
      const doc = context.result.documents[o.document];
      const placed = { path: doc.path, startLine: doc.startLine, endLine: doc.endLine, text: texts[o.document] };
      return { path: doc.path, startLine: fileLineOf(placed, o.firstLine), endLine: fileLineOf(placed, o.lastLine) };
    });
    return {
      fingerprint: context.fingerprint('boilerplate', block.signature),
      kind: 'boilerplate' as const,
      severity: 'note' as const,
      message: `A block of about ${block.words} words is repeated in ${block.occurrences.length} files: “${block.excerpt}”`,
      score: block.occurrences.length,
      locations,
    };
  });
}

function brokenLinkFinding(context: AuditContext, broken: LinkReport['broken'][number]): Finding {
  const what =
    broken.kind === 'label'
      ? `The reference to the label "${broken.target}" finds no such label in the scanned files.`
      : `The link to "${broken.target}" points to a file that does not exist.`;
  return {
    fingerprint: context.fingerprint('broken-link', broken.from, broken.target),
    kind: 'broken-link',
    severity: 'error',
    message: what,
    score: 1,
    locations: [{ path: broken.from, startLine: broken.line, endLine: broken.line }],
  };
}

function unlinkedFindings(context: AuditContext, incoming: Readonly<Record<string, number>>): Finding[] {
  const findings: Finding[] = [];
  for (const [path, members] of context.documentsOfFile) {
    if ((incoming[path] ?? 0) > 0 || ENTRY_PAGE.test(path.slice(path.lastIndexOf('/') + 1))) continue;
    const outlier = members.every((i) => context.result.documents[i].topic === OUTLIER_TOPIC);
    findings.push({
      fingerprint: context.fingerprint('unlinked-page', path),
      kind: 'unlinked-page',
      severity: outlier ? 'warning' : 'note',
      message: outlier
        ? 'No other page links here, and it belongs to no topic: a candidate for removal or for a place in the navigation.'
        : 'No other page links here.',
      score: outlier ? 2 : 1,
      locations: [context.fileLocation(path)],
    });
  }
  return findings;
}
