/**
 * Updates a result after documents were added, changed or deleted, without re-fitting: new documents are
 * assigned to the nearest existing topic embedding, placed on the map among their nearest neighbours, and
 * the topic words are recomputed. A full run stays the way to find new topics.
 */
import { throwIfAborted, type RunControl } from '../control';
import { removeComponent } from '../embedding/commonComponent';
import { contentHash } from '../embedding/embeddingCache';
import type { EmbeddingOptions } from '../embedding/options';
import type { SkippedFile, SourceDocument } from '../documents/types';
import { row } from '../matrix';
import { documentKeys, OUTLIER_TOPIC, type DocumentResult, type IncrementalUpdate, type TopicLensResult } from '../result';
import type { PipelineSession } from './session';
import {
  countTerms,
  describeMembership,
  descriptionContext,
  documentBase,
  embeddableDocuments,
  embedDocuments,
  setAsideEntry,
  weakPositions,
  withSession,
} from './steps';

/** Map neighbours a new document is placed among. */
const PLACEMENT_NEIGHBOURS = 5;
/**
 * Slack below a topic's least similar member: the members shaped the topic embedding, a new document did not,
 * so a near-copy of a member scores a little lower than the member itself.
 */
const ADMISSION_MARGIN = 0.05;

export interface IncrementalInput {
  readonly previous: TopicLensResult;
  /** Every current document (unchanged ones included: their embeddings come from the cache). */
  readonly documents: readonly SourceDocument[];
  readonly skipped: readonly SkippedFile[];
  /** The embedding options of the full run that made `previous` (another model's vectors would not match its topics). */
  readonly embedding: EmbeddingOptions;
  readonly threads?: number;
  /** The session of the full run (or of earlier updates): only changed documents are counted again. */
  readonly session?: PipelineSession;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function updateIncrementally(input: IncrementalInput, control: RunControl = {}): Promise<TopicLensResult & { readonly incremental: IncrementalUpdate }> {
  return withSession(input.session, (session) => updateInSession(input, session, control));
}

async function updateInSession(
  input: IncrementalInput,
  session: PipelineSession,
  control: RunControl,
): Promise<TopicLensResult & { readonly incremental: IncrementalUpdate }> {
  const { previous, documents } = input;
  const started = performance.now();
  const texts = documents.map((d) => d.text);
  const hashes = texts.map(contentHash);
  const { embeddings, model } = await embedDocuments(texts, input.embedding, input.threads, control, session, previous.model.id);
  if (model.id !== previous.model.id) throw new Error('The embedding model changed since the last full run: run Detect Topics again.');
  // The same space as the full run's topic embeddings and map.
  if (previous.commonComponent) removeComponent(embeddings, Float32Array.from(previous.commonComponent));
  throwIfAborted(control.signal);

  // A document that kept its identity and its text keeps its entry (topic, place on the map).
  const previousKeys = documentKeys(previous.documents);
  const previousByKey = new Map<string, DocumentResult>(previousKeys.map((key, i) => [key, previous.documents[i]]));
  const keys = documentKeys(documents);
  const embeddable = embeddableDocuments(embeddings);
  const unchanged = documents.map((_, i) => {
    const old = previousByKey.get(keys[i]);
    return old && old.hash === hashes[i] ? old : undefined;
  });

  const topics = previous.topics
    .filter((t) => t.id >= 0 && t.embedding.length === embeddings.cols)
    .map((t) => ({ id: t.id, embedding: Float32Array.from(t.embedding) }));
  const topicById = new Map(topics.map((t) => [t.id, t]));
  // A new document joins its nearest topic only if it is about as similar to it as the topic's least similar
  // kept member: what HDBSCAN left out stays out.
  const threshold = new Map<number, number>(topics.map((t) => [t.id, Infinity]));
  const anchors: number[] = [];
  unchanged.forEach((old, i) => {
    if (!old || embeddable.positionOf[i] < 0) return;
    anchors.push(i);
    const topic = topicById.get(old.topic);
    if (topic) threshold.set(topic.id, Math.min(threshold.get(topic.id)!, dot(row(embeddings, i), topic.embedding)));
  });

  const placeAmongNeighbours = (vector: Float32Array): [number, number] => {
    const best: { sim: number; index: number }[] = [];
    for (const a of anchors) {
      const sim = dot(vector, row(embeddings, a));
      if (best.length < PLACEMENT_NEIGHBOURS || sim > best[best.length - 1].sim) {
        best.push({ sim, index: a });
        best.sort((p, q) => q.sim - p.sim);
        if (best.length > PLACEMENT_NEIGHBOURS) best.pop();
      }
    }
    if (best.length === 0) return [0, 0];
    let x = 0;
    let y = 0;
    let weight = 0;
    for (const { sim, index } of best) {
      const w = Math.max(sim, 1e-6);
      x += w * unchanged[index]!.x;
      y += w * unchanged[index]!.y;
      weight += w;
    }
    return [x / weight, y / weight];
  };

  let added = 0;
  let changed = 0;
  const results: DocumentResult[] = documents.map((doc, i) => {
    const old = unchanged[i];
    // Lines may have moved (text was edited above the section): the entry takes the document's current place.
    if (old) return { ...old, startLine: doc.startLine, endLine: doc.endLine };
    if (previousByKey.has(keys[i])) changed++;
    else added++;
    if (embeddable.positionOf[i] < 0) return setAsideEntry(doc, hashes[i]);
    const vector = row(embeddings, i);
    let bestTopic = OUTLIER_TOPIC;
    let bestSimilarity = -Infinity;
    for (const topic of topics) {
      const sim = dot(vector, topic.embedding);
      if (sim > bestSimilarity) {
        bestSimilarity = sim;
        bestTopic = topic.id;
      }
    }
    const admitted = bestTopic >= 0 && bestSimilarity >= (threshold.get(bestTopic) ?? Infinity) - ADMISSION_MARGIN;
    const [x, y] = placeAmongNeighbours(vector);
    return { ...documentBase(doc, hashes[i]), topic: admitted ? bestTopic : OUTLIER_TOPIC, probability: admitted ? bestSimilarity : 0, x, y };
  });
  const currentKeys = new Set(keys);
  const removed = previousKeys.filter((key) => !currentKeys.has(key)).length;

  // Topic words, representative documents and topic embeddings of the updated membership, ids kept.
  const terms = await countTerms(
    texts,
    hashes,
    documents.map((d) => d.path),
    embeddable.indices,
    previous.parameters,
    session,
    control,
  );
  const assignments = Int32Array.from(embeddable.indices, (i) => results[i].topic);
  // Topic words changed with the membership: so do the distances between topics and the names of their groups.
  const context = await descriptionContext(
    documents,
    embeddable.indices,
    previous.parameters,
    session,
    { ...input, commonComponent: previous.commonComponent },
    control,
  );
  const weak = weakPositions(results, embeddable.indices);
  const described = await describeMembership(terms, assignments, embeddable.indices, previous.parameters, context, embeddable.embeddings, weak);

  return {
    ...previous,
    documents: results,
    topics: described.topics,
    hierarchy: described.hierarchy,
    skipped: input.skipped,
    incremental: { updatedAt: new Date().toISOString(), added, changed, removed, seconds: (performance.now() - started) / 1000 },
  };
}
