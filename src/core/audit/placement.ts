/**
 * Documents outside the topics: outliers ("belongs to no topic") and members of tiny topics ("weakly placed"),
 * each with the topic it is nearest to. One finding per file, listing its documents.
 */
import type { Matrix } from '../matrix';
import { row, selectRows } from '../matrix';
import { createRowStore, PAIR_CAPACITY } from '../reduce/row-store';
import { OUTLIER_TOPIC, type TopicLensResult } from '../result';
import { AuditContext } from './context';
import { roundScore, type Finding } from './finding';
import type { Placement } from './report';

/** Topics smaller than this are tiny. */
export function tinyTopicLimit(context: AuditContext): number {
  return Math.ceil(context.options.tinyTopicFactor * context.result.parameters.minTopicSize);
}

/** In a tiny topic, or an outlier the pipeline placed in its nearest topic (`weak`). */
function weaklyPlaced(context: AuditContext, doc: TopicLensResult['documents'][number], tiny: number): boolean {
  if (doc.topic < 0) return false;
  if (doc.weak) return true;
  const own = context.topic(doc.topic);
  return own !== undefined && own.count < tiny;
}

/** The dot product in double precision, term by term in order (the figure the findings report). */
function dot(a: Float32Array, b: Float32Array, bAt: number): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += b[bAt + j] * a[j];
  return sum;
}

/**
 * Float32 SIMD distances may misjudge a dot product by ~1e-6 of the squared norms: topics this close to the best
 * (relative to the squared norms) are compared again in double precision, so the choice is the exact one.
 */
const SCREEN_MARGIN = 1e-3;

/**
 * What the nearest-topic search needs, as plain data (it may run on another thread): the documents to place
 * with their embeddings, and the topic embeddings.
 */
export interface PlacementInput {
  /** Documents to place (indices into `result.documents`), ascending. */
  readonly documents: Int32Array;
  /** Each document's topic (a topic id, or the outlier topic). */
  readonly documentTopics: Int32Array;
  /** Row i: the embedding of `documents[i]`. */
  readonly vectors: Matrix;
  readonly topicIds: Int32Array;
  /** Row-major, one row per entry of `topicIds`. */
  readonly topicVectors: Float32Array;
}

/**
 * The outliers and weakly placed documents that have an embedding (`rowOf[d]`: document d's row in
 * `embeddings`, -1 when it has none), with what their nearest topics are computed from.
 */
export function placementInput(context: AuditContext, embeddings: Matrix, rowOf: Int32Array): PlacementInput {
  const topics = context.result.topics.filter((t) => t.id >= 0 && t.embedding.length === embeddings.cols);
  // All topic embeddings in one row-major block: one tight loop per document.
  const topicVectors = new Float32Array(topics.length * embeddings.cols);
  topics.forEach((t, i) => topicVectors.set(t.embedding, i * embeddings.cols));
  const tiny = tinyTopicLimit(context);
  const documents: number[] = [];
  context.result.documents.forEach((doc, d) => {
    if ((doc.topic === OUTLIER_TOPIC || weaklyPlaced(context, doc, tiny)) && rowOf[d] >= 0) documents.push(d);
  });
  return {
    documents: Int32Array.from(documents),
    documentTopics: Int32Array.from(documents, (d) => context.result.documents[d].topic),
    vectors: selectRows(
      embeddings,
      documents.map((d) => rowOf[d]),
    ),
    topicIds: Int32Array.from(topics, (t) => t.id),
    topicVectors,
  };
}

/**
 * The nearest topic of each document of `input` other than its own, and its similarity to its own. The
 * documents × topics dot products come from the SIMD distance kernels (‖d − t‖² = ‖d‖² + ‖t‖² − 2 d·t), which
 * screen the topics; the own topic and those near the best are then computed exactly, so that the result is the
 * one an exact search gives (the first best topic in topic order), in a tenth of its time.
 */
export function nearestTopics(input: PlacementInput): Placement[] {
  const { topicIds: ids, documentTopics, topicVectors, vectors } = input;
  const cols = vectors.cols;
  const topics = ids.length;
  const out: Placement[] = [];
  if (input.documents.length === 0) return out;
  // Topics first, then the documents, in one store.
  const rows: Matrix = { rows: topics + vectors.rows, cols, data: new Float32Array((topics + vectors.rows) * cols) };
  rows.data.set(topicVectors);
  rows.data.set(vectors.data.subarray(0, vectors.rows * cols), topics * cols);
  const store = createRowStore(
    rows,
    Int32Array.from({ length: rows.rows }, (_, i) => i),
    'euclidean',
  );
  const squaredNorm = (data: Float32Array, at: number) => {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[at + j] * data[at + j];
    return sum;
  };
  const topicNorms = Float64Array.from({ length: topics }, (_, t) => squaredNorm(topicVectors, t * cols));
  const largestTopicNorm = topicNorms.reduce((a, b) => Math.max(a, b), 0);
  const screened = new Float64Array(topics);
  input.documents.forEach((document, i) => {
    const vector = row(vectors, i);
    const norm = squaredNorm(vector, 0);
    for (let first = 0; first < topics; first += PAIR_CAPACITY) {
      const count = Math.min(PAIR_CAPACITY, topics - first);
      store.rangeDistances(topics + i, first, count);
      for (let k = 0; k < count; k++) screened[first + k] = (norm + topicNorms[first + k] - store.out[k] * store.out[k]) / 2;
    }
    let best = -Infinity;
    for (let t = 0; t < topics; t++) if (ids[t] !== documentTopics[i] && screened[t] > best) best = screened[t];
    const floor = best - SCREEN_MARGIN * (norm + largestTopicNorm);
    let nearestTopic = -1;
    let nearestSimilarity = -Infinity;
    let ownSimilarity: number | null = null;
    for (let t = 0; t < topics; t++) {
      if (ids[t] === documentTopics[i]) ownSimilarity = dot(vector, topicVectors, t * cols);
      else if (screened[t] >= floor) {
        const similarity = dot(vector, topicVectors, t * cols);
        if (similarity > nearestSimilarity) {
          nearestSimilarity = similarity;
          nearestTopic = ids[t];
        }
      }
    }
    out.push({
      document,
      nearestTopic,
      nearestSimilarity: nearestTopic < 0 ? 0 : roundScore(nearestSimilarity),
      ownSimilarity: ownSimilarity === null ? null : roundScore(ownSimilarity),
    });
  });
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Orphan and weakly-placed findings, one per file and kind. */
export function placementFindings(context: AuditContext, facts: readonly Placement[]): Finding[] {
  const { documents } = context.result;
  const placementOf = new Map(facts.map((p) => [p.document, p]));
  const tiny = tinyTopicLimit(context);
  const findings: Finding[] = [];
  for (const [path, members] of context.documentsOfFile) {
    // Set-aside documents (no word the model knows) belong nowhere too.
    const orphans = members.filter((d) => documents[d].topic < 0);
    const weak = members.filter((d) => weaklyPlaced(context, documents[d], tiny));
    if (orphans.length > 0) findings.push(orphanFinding(context, path, members, orphans, placementOf));
    if (weak.length > 0) findings.push(weakFinding(context, path, members, weak, placementOf));
  }
  return findings;
}

/** The nearest topic most of the documents share, with their best similarity to it. */
function commonNearest(documents: readonly number[], placementOf: ReadonlyMap<number, Placement>): { topic: number; similarity: number } | null {
  const votes = new Map<number, { count: number; similarity: number }>();
  for (const d of documents) {
    const p = placementOf.get(d);
    if (!p || p.nearestTopic < 0) continue;
    const vote = votes.get(p.nearestTopic) ?? { count: 0, similarity: -Infinity };
    votes.set(p.nearestTopic, { count: vote.count + 1, similarity: Math.max(vote.similarity, p.nearestSimilarity) });
  }
  let best: { topic: number; similarity: number; count: number } | null = null;
  for (const [topic, vote] of votes)
    if (!best || vote.count > best.count || (vote.count === best.count && vote.similarity > best.similarity)) best = { topic, ...vote };
  return best && { topic: best.topic, similarity: best.similarity };
}

function orphanFinding(
  context: AuditContext,
  path: string,
  members: readonly number[],
  orphans: readonly number[],
  placementOf: ReadonlyMap<number, Placement>,
): Finding {
  const nearest = commonNearest(orphans, placementOf);
  const whole = orphans.length === members.length;
  const what =
    members.length === 1
      ? 'This document belongs to no topic'
      : whole
        ? `All ${members.length} sections belong to no topic`
        : `${orphans.length} of ${members.length} sections ${orphans.length === 1 ? 'belongs' : 'belong'} to no topic`;
  const setAside = orphans.filter((d) => context.result.documents[d].topic !== OUTLIER_TOPIC).length;
  const near = nearest ? `; nearest topic ${context.topicName(nearest.topic)} (similarity ${nearest.similarity.toFixed(2)})` : '';
  const unembeddable = setAside > 0 ? ` ${plural(setAside, 'section')} could not be embedded (no word the model knows).` : '';
  return {
    fingerprint: context.fingerprint('orphan', path),
    kind: 'orphan',
    severity: 'note',
    message: `${what}${near}.${unembeddable}`,
    score: roundScore(1 - Math.max(0, nearest?.similarity ?? 0)),
    locations: orphans.map((d) => context.documentLocation(d)),
    ...(nearest ? { topics: [nearest.topic] } : {}),
  };
}

function weakFinding(
  context: AuditContext,
  path: string,
  members: readonly number[],
  weak: readonly number[],
  placementOf: ReadonlyMap<number, Placement>,
): Finding {
  const { documents } = context.result;
  const topics = [...new Set(weak.map((d) => documents[d].topic))];
  const own = topics.map((t) => `${context.topicName(t)} (${plural(context.topic(t)!.count, 'document')})`).join(', ');
  const joined = weak.filter((d) => documents[d].weak).length;
  const where =
    joined === weak.length
      ? 'an outlier joined to its nearest topic:'
      : joined > 0
        ? 'in a tiny topic or an outlier joined to its nearest topic:'
        : 'in a tiny topic:';
  const closer = weak.filter((d) => {
    const p = placementOf.get(d);
    return p && p.ownSimilarity !== null && p.nearestSimilarity > p.ownSimilarity;
  });
  const nearest = commonNearest(weak, placementOf);
  const ownSimilarities = weak.map((d) => placementOf.get(d)?.ownSimilarity).filter((s): s is number => s !== null && s !== undefined);
  const meanOwn = ownSimilarities.length > 0 ? ownSimilarities.reduce((a, b) => a + b, 0) / ownSimilarities.length : 0;
  const count = members.length === 1 ? 'This document is' : `${weak.length} of ${members.length} sections ${weak.length === 1 ? 'is' : 'are'}`;
  const closerText = closer.length > 0 ? `; ${plural(closer.length, 'section')} ${closer.length === 1 ? 'is' : 'are'} closer to another topic` : '';
  const nearText = nearest ? `; nearest other topic ${context.topicName(nearest.topic)} (similarity ${nearest.similarity.toFixed(2)})` : '';
  return {
    fingerprint: context.fingerprint('weakly-placed', path),
    kind: 'weakly-placed',
    severity: 'note',
    message: `${count} ${where} ${own}${closerText}${nearText}.`,
    score: roundScore(1 - Math.max(0, meanOwn)),
    locations: weak.map((d) => context.documentLocation(d)),
    topics: nearest ? [...topics, nearest.topic] : topics,
  };
}
