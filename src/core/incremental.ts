/**
 * Updates a result after documents were added, changed or deleted, without re-fitting: new documents are
 * assigned to the nearest existing topic embedding, placed on the map among their nearest neighbours, and
 * the topic words are recomputed. A full run stays the way to find new topics.
 */
import { throwIfAborted, type RunControl } from './control';
import { removeComponent } from './embedding/commonComponent';
import { zeroRows } from './embedding/embedder';
import { contentHash } from './embedding/embeddingCache';
import type { SkippedFile, SourceDocument } from './documents/types';
import { row, selectRows } from './matrix';
import { describeDocument, embedDocuments, unembeddableReason, type EmbeddingOptions } from './pipeline';
import { seededRandom } from './random';
import type { DocumentResult, TopicLensResult } from './result';
import type { PipelineSession } from './session';
import { describeCountedTopics, toTopicInfos } from './topics/describe';
import { describeHierarchy, representationOptions, topicTermCounter } from './topics/model';

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
  readonly embedding: EmbeddingOptions;
  /** The session of the full run (or of earlier updates): only changed documents are counted again. */
  readonly session?: PipelineSession;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function documentKey(doc: { path: string; startLine: number; hash: string }): string {
  return `${doc.path}\0${doc.startLine}\0${doc.hash}`;
}

export async function updateIncrementally(input: IncrementalInput, control: RunControl = {}): Promise<TopicLensResult> {
  const { previous, documents } = input;
  const started = performance.now();
  const texts = documents.map((d) => d.text);
  const hashes = texts.map(contentHash);
  const { embeddings, model } = await embedDocuments(texts, input.embedding, control, input.session);
  if (model.id !== previous.model.id) throw new Error('The embedding model changed since the last full run: run Detect Topics again.');
  // The same space as the full run's topic embeddings and map.
  if (previous.commonComponent) removeComponent(embeddings, Float32Array.from(previous.commonComponent));
  throwIfAborted(control.signal);

  const previousByKey = new Map<string, DocumentResult>();
  for (const doc of previous.documents) previousByKey.set(documentKey(doc), doc);
  const unembeddable = new Set(zeroRows(embeddings));
  const kept = documents.map((doc, i) => previousByKey.get(documentKey({ path: doc.path, startLine: doc.startLine, hash: hashes[i] })));

  const topics = previous.topics
    .filter((t) => t.id >= 0 && t.embedding.length === embeddings.cols)
    .map((t) => ({ id: t.id, embedding: Float32Array.from(t.embedding) }));
  const topicById = new Map(topics.map((t) => [t.id, t]));
  // A new document joins its nearest topic only if it is about as similar to it as the topic's least similar
  // kept member: what HDBSCAN left out stays out.
  const threshold = new Map<number, number>(topics.map((t) => [t.id, Infinity]));
  const anchors: number[] = [];
  kept.forEach((old, i) => {
    if (!old || unembeddable.has(i)) return;
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
      x += w * kept[index]!.x;
      y += w * kept[index]!.y;
      weight += w;
    }
    return [x / weight, y / weight];
  };

  let added = 0;
  let changed = 0;
  const previousPaths = new Set(previous.documents.map((d) => d.path));
  const results: DocumentResult[] = documents.map((doc, i) => {
    // Same path, start line and text: the previous entry is this document's entry.
    const old = kept[i];
    if (old) return { ...old };
    const base = describeDocument(doc, hashes[i]);
    if (previousPaths.has(doc.path)) changed++;
    else added++;
    if (unembeddable.has(i)) return { ...base, topic: -2, probability: 0, x: 0, y: 0, unembeddableReason: unembeddableReason(doc.text) };
    const vector = row(embeddings, i);
    let bestTopic = -1;
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
    return { ...base, topic: admitted ? bestTopic : -1, probability: admitted ? bestSimilarity : 0, x, y };
  });
  const currentPaths = new Set(documents.map((d) => d.path));
  const removed = [...previousPaths].filter((p) => !currentPaths.has(p)).length;

  // Topic words, representative documents and topic embeddings of the updated membership, ids kept.
  const embeddable = Int32Array.from(results.map((_, i) => i).filter((i) => !unembeddable.has(i)));
  const keptEmbeddings = selectRows(embeddings, embeddable);
  const counter = input.session?.termCounter(previous.parameters) ?? topicTermCounter(previous.parameters);
  const terms = await counter.count(Array.from(embeddable, (i) => texts[i]), control, Array.from(embeddable, (i) => hashes[i]));
  const description = describeCountedTopics(
    { terms, assignments: Int32Array.from(embeddable, (i) => results[i].topic), embeddings: keptEmbeddings, random: seededRandom(previous.parameters.seed) },
    representationOptions(previous.parameters),
  );
  const topicInfos = toTopicInfos(description).map((t) => ({ ...t, representativeDocs: t.representativeDocs.map((p) => embeddable[p]) }));

  return {
    ...previous,
    documents: results,
    topics: topicInfos,
    // Topic words changed with the membership: so do the distances between topics and the names of their groups.
    hierarchy: describeHierarchy(description),
    skipped: input.skipped,
    incremental: { updatedAt: new Date().toISOString(), added, changed, removed, seconds: (performance.now() - started) / 1000 },
  };
}
