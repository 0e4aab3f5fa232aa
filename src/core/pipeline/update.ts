/**
 * Updates a result after documents were added, changed or deleted, without re-fitting: new documents are
 * assigned to the nearest existing topic embedding, placed on the map among their nearest neighbours, and
 * the topic words are recomputed. A full run stays the way to find new topics.
 *
 * With the session that made the previous result, an update reuses each unchanged document's hash and embedding,
 * and `updateFiles` takes only the files that changed: what an editor saving one page needs.
 */
import { throwIfAborted, type RunControl } from '../control';
import { removeComponent } from '../embedding/commonComponent';
import { contentHash } from '../embedding/embeddingCache';
import { withFileContext } from '../embedding/fileContext';
import type { EmbeddingOptions } from '../embedding/options';
import type { SkippedFile, SourceDocument } from '../documents/types';
import type { Matrix } from '../matrix';
import { spliceFilesPlan } from '../packedResult';
import { createRowStore, PAIR_CAPACITY } from '../reduce/row-store';
import { documentKeys, OUTLIER_TOPIC, type DocumentResult, type IncrementalUpdate, type TopicLensResult } from '../result';
import { embeddingKey, type KeptCorpus, type PipelineSession } from './session';
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
  type EmbeddedDocuments,
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
  /** Every current document (unchanged ones included: their embeddings come from the session or the cache). */
  readonly documents: readonly SourceDocument[];
  /** `contentHash` of each document's text, when the caller knows them already. */
  readonly hashes?: readonly string[];
  readonly skipped: readonly SkippedFile[];
  /** The embedding options of the full run that made `previous` (another model's vectors would not match its topics). */
  readonly embedding: EmbeddingOptions;
  readonly threads?: number;
  /** The session of the full run (or of earlier updates): only changed documents are embedded and counted again. */
  readonly session?: PipelineSession;
}

export type UpdatedResult = TopicLensResult & { readonly incremental: IncrementalUpdate };

/**
 * The result's documents follow the previous result's order: each file's documents where its old ones were, a new
 * file before the first file whose path sorts after it (the editor lists files in path order).
 */
export function updateIncrementally(input: IncrementalInput, control: RunControl = {}): Promise<UpdatedResult> {
  return withSession(input.session, (session) => updateInSession(input, session, control));
}

async function updateInSession(input: IncrementalInput, session: PipelineSession, control: RunControl): Promise<UpdatedResult> {
  const { previous } = input;
  const started = performance.now();
  const inputHashes = input.hashes ?? input.documents.map((d) => contentHash(d.text));
  const plan = spliceFilesPlan(
    previous.documents.length,
    (i) => previous.documents[i].path,
    new Set([...previous.documents.map((d) => d.path), ...input.documents.map((d) => d.path)]),
    input.documents.map((d) => d.path),
  );
  const documents = Array.from(plan.from, (k) => input.documents[k]);
  const hashes = Array.from(plan.from, (k) => inputHashes[k]);
  const texts = documents.map((d) => d.text);
  const { embeddings: own, model } = await currentEmbeddings(documents, hashes, input, session, control);
  // The full run's space: a changed file's sections read in its new context, the others as before.
  const embeddings = withFileContext(
    own,
    documents.map((d) => d.path),
    previous.parameters.fileContext,
  );
  if (model.id !== previous.model.id) throw new Error('The embedding model changed since the last full run: run Detect Topics again.');
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

  const { cols } = embeddings;
  const similarity = (doc: number, vector: ArrayLike<number>) => {
    let sum = 0;
    for (let j = 0, at = doc * cols; j < cols; j++) sum += vector[j] * embeddings.data[at + j];
    return sum;
  };
  const topics = previous.topics.filter((t) => t.id >= 0 && t.embedding.length === cols).map((t) => ({ id: t.id, embedding: Float32Array.from(t.embedding) }));
  const topicById = new Map(topics.map((t) => [t.id, t]));
  // A new document joins its nearest topic only if it is about as similar to it as the topic's least similar
  // kept member: what HDBSCAN left out stays out.
  const threshold = new Map<number, number>(topics.map((t) => [t.id, Infinity]));
  const anchors: number[] = [];
  const added: number[] = [];
  unchanged.forEach((old, i) => {
    if (embeddable.positionOf[i] < 0) return;
    if (!old) {
      added.push(i);
      return;
    }
    anchors.push(i);
    const topic = topicById.get(old.topic);
    if (topic) threshold.set(topic.id, Math.min(threshold.get(topic.id)!, similarity(i, topic.embedding)));
  });
  const places = placeAmongNeighbours(embeddings, anchors, added, (anchor) => unchanged[anchor]!);

  let addedCount = 0;
  let changed = 0;
  const results: DocumentResult[] = documents.map((doc, i) => {
    const old = unchanged[i];
    // Lines may have moved (text was edited above the section): the entry takes the document's current place.
    if (old) return { ...old, startLine: doc.startLine, endLine: doc.endLine };
    if (previousByKey.has(keys[i])) changed++;
    else addedCount++;
    if (embeddable.positionOf[i] < 0) return setAsideEntry(doc, hashes[i]);
    let bestTopic = OUTLIER_TOPIC;
    let bestSimilarity = -Infinity;
    for (const topic of topics) {
      const sim = similarity(i, topic.embedding);
      if (sim > bestSimilarity) {
        bestSimilarity = sim;
        bestTopic = topic.id;
      }
    }
    const admitted = bestTopic >= 0 && bestSimilarity >= (threshold.get(bestTopic) ?? Infinity) - ADMISSION_MARGIN;
    const [x, y] = places.get(i)!;
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
  // Topic words changed with the membership: so do the names of their groups (the tree of groups is kept).
  const context = await descriptionContext(
    documents,
    embeddable.indices,
    previous.parameters,
    session,
    { ...input, commonComponent: previous.commonComponent },
    control,
  );
  const weak = weakPositions(results, embeddable.indices);
  const described = await describeMembership(terms, assignments, embeddable.indices, previous.parameters, context, {
    embeddings: embeddable.embeddings,
    weak,
    tree: previous.hierarchy,
  });

  const result: UpdatedResult = {
    ...previous,
    documents: results,
    topics: described.topics,
    hierarchy: described.hierarchy,
    skipped: input.skipped,
    incremental: { updatedAt: new Date().toISOString(), added: addedCount, changed, removed, seconds: (performance.now() - started) / 1000 },
  };
  input.session?.keep({ result, documents, hashes, embeddings: own, embedding: embeddingKey(input.embedding) });
  return result;
}

/** Files read again since the session's last result: their documents, and the paths whose documents go. */
export interface FileChanges {
  /** Files created or changed, and files or folders deleted: every document of these paths (or under them) goes. */
  readonly paths: readonly string[];
  /** The documents those paths hold now, each file's in file order. */
  readonly documents: readonly SourceDocument[];
  /** The files among `paths` set aside this time (too large, unreadable, binary…). */
  readonly skipped: readonly SkippedFile[];
}

/** Updates the session's last result (`kept`) with the files that changed, reading nothing else again. */
export function updateFiles(
  kept: KeptCorpus,
  changes: FileChanges,
  options: { readonly embedding: EmbeddingOptions; readonly threads?: number; readonly session: PipelineSession },
  control: RunControl = {},
): Promise<UpdatedResult> {
  const exact = new Set(changes.paths);
  const folders = changes.paths.map((p) => `${p}/`);
  const covered = (path: string) => exact.has(path) || folders.some((folder) => path.startsWith(folder));
  const replaced = new Set([...kept.documents.map((d) => d.path).filter(covered), ...changes.documents.map((d) => d.path)]);
  const plan = spliceFilesPlan(
    kept.documents.length,
    (i) => kept.documents[i].path,
    replaced,
    changes.documents.map((d) => d.path),
  );
  const pick = <T>(old: readonly T[], fresh: (k: number) => T) => Array.from(plan.from, (k, n) => (plan.source[n] === 0 ? old[k] : fresh(k)));
  const documents = pick(kept.documents, (k) => changes.documents[k]);
  const hashes = pick(kept.hashes, (k) => contentHash(changes.documents[k].text));
  const skipped = [...kept.result.skipped.filter((s) => !covered(s.path)), ...changes.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return updateIncrementally({ previous: kept.result, documents, hashes, skipped, ...options }, control);
}

/**
 * Every document's embedding, the common component removed as in the full run. Rows the session kept for the
 * previous result are reused; only texts it did not have are embedded (through the cache).
 */
async function currentEmbeddings(
  documents: readonly SourceDocument[],
  hashes: readonly string[],
  input: IncrementalInput,
  session: PipelineSession,
  control: RunControl,
): Promise<Pick<EmbeddedDocuments, 'embeddings' | 'model'>> {
  const { previous } = input;
  const kept = session.kept(previous, input.embedding);
  const component = previous.commonComponent ? Float32Array.from(previous.commonComponent) : undefined;
  if (!kept) {
    const { embeddings, model } = await embedDocuments(
      documents.map((d) => d.text),
      input.embedding,
      input.threads,
      control,
      session,
      previous.model.id,
    );
    // The same space as the full run's topic embeddings and map.
    if (component) removeComponent(embeddings, component);
    return { embeddings, model };
  }
  const { cols } = kept.embeddings;
  const keptRow = new Map(kept.hashes.map((hash, row) => [hash, row]));
  const missing = [...new Set(hashes.filter((hash) => !keptRow.has(hash)))];
  const textOf = new Map(hashes.map((hash, i) => [hash, documents[i].text]));
  let model = previous.model;
  let fresh: Matrix | undefined;
  if (missing.length > 0) {
    const embedded = await embedDocuments(
      missing.map((hash) => textOf.get(hash)!),
      input.embedding,
      input.threads,
      control,
      session,
      previous.model.id,
    );
    ({ embeddings: fresh, model } = embedded);
    if (component) removeComponent(fresh, component);
  }
  const freshRow = new Map(missing.map((hash, row) => [hash, row]));
  const data = new Float32Array(documents.length * cols);
  hashes.forEach((hash, i) => {
    const row = keptRow.get(hash);
    const [source, at] = row !== undefined ? [kept.embeddings.data, row] : [fresh!.data, freshRow.get(hash)!];
    data.set(source.subarray(at * cols, (at + 1) * cols), i * cols);
  });
  return { embeddings: { rows: documents.length, cols, data }, model };
}

/**
 * Below this many added × anchor × dimension products the similarities are summed here; above, through the SIMD
 * row store (a new file of hundreds of sections against tens of thousands of documents stays a fraction of a
 * second), whose copy of every row into fresh memory costs more than a few sections' sums (0.1–0.2 s of page
 * faults at 24,000 × 256 on the CI machine type).
 */
const ROW_STORE_MIN_PRODUCTS = 1 << 27;

/**
 * Map places of new documents: the similarity-weighted mean of the places of their most similar unchanged
 * documents (cosine similarity).
 */
function placeAmongNeighbours(
  embeddings: Matrix,
  anchors: readonly number[],
  added: readonly number[],
  placeOf: (anchor: number) => { readonly x: number; readonly y: number },
): Map<number, [number, number]> {
  const places = new Map<number, [number, number]>();
  if (added.length === 0) return places;
  if (anchors.length === 0) {
    for (const doc of added) places.set(doc, [0, 0]);
    return places;
  }
  const similarities = added.length * anchors.length * embeddings.cols < ROW_STORE_MIN_PRODUCTS ? summedSimilarities : storedSimilarities;
  const bestSimilarity = new Float64Array(PLACEMENT_NEIGHBOURS);
  const bestAnchor = new Int32Array(PLACEMENT_NEIGHBOURS);
  similarities(embeddings, anchors, added, (k, sims) => {
    let found = 0;
    for (let a = 0; a < sims.length; a++) {
      const sim = sims[a];
      if (found === PLACEMENT_NEIGHBOURS && sim <= bestSimilarity[found - 1]) continue;
      // Insertion into the short list of the best, most similar first (earlier anchors win ties).
      let at = found < PLACEMENT_NEIGHBOURS ? found++ : found - 1;
      while (at > 0 && bestSimilarity[at - 1] < sim) {
        bestSimilarity[at] = bestSimilarity[at - 1];
        bestAnchor[at] = bestAnchor[at - 1];
        at--;
      }
      bestSimilarity[at] = sim;
      bestAnchor[at] = a;
    }
    let x = 0;
    let y = 0;
    let weight = 0;
    for (let b = 0; b < found; b++) {
      const w = Math.max(bestSimilarity[b], 1e-6);
      const place = placeOf(anchors[bestAnchor[b]]);
      x += w * place.x;
      y += w * place.y;
      weight += w;
    }
    places.set(added[k], [x / weight, y / weight]);
  });
  return places;
}

/**
 * Hands `visit` the cosine similarity of added document k to every anchor (0 for a zero row), for each k in turn:
 * summed here in float64, or through the row store's float32 copies (the two agree to float32 precision).
 */
export type AnchorSimilarities = (
  embeddings: Matrix,
  anchors: readonly number[],
  added: readonly number[],
  visit: (k: number, similarities: Float64Array) => void,
) => void;

export const summedSimilarities: AnchorSimilarities = (embeddings, anchors, added, visit) => {
  const { cols, data } = embeddings;
  const squaredNorm = (doc: number) => {
    let sum = 0;
    for (let j = doc * cols; j < (doc + 1) * cols; j++) sum += data[j] * data[j];
    return sum;
  };
  const anchorNorms = Float64Array.from(anchors, (doc) => Math.sqrt(squaredNorm(doc)));
  const similarities = new Float64Array(anchors.length);
  added.forEach((doc, k) => {
    const norm = Math.sqrt(squaredNorm(doc));
    for (let a = 0; a < anchors.length; a++) {
      let dot = 0;
      for (let j = 0, x = doc * cols, y = anchors[a] * cols; j < cols; j++) dot += data[x + j] * data[y + j];
      const scale = norm * anchorNorms[a];
      similarities[a] = scale > 0 ? dot / scale : 0;
    }
    visit(k, similarities);
  });
};

export const storedSimilarities: AnchorSimilarities = (embeddings, anchors, added, visit) => {
  const store = createRowStore(embeddings, Int32Array.from([...anchors, ...added]), 'cosine');
  const similarities = new Float64Array(anchors.length);
  added.forEach((_, k) => {
    for (let first = 0; first < anchors.length; first += PAIR_CAPACITY) {
      const count = Math.min(PAIR_CAPACITY, anchors.length - first);
      store.rangeDistances(anchors.length + k, first, count);
      for (let j = 0; j < count; j++) similarities[first + j] = 1 - store.out[j];
    }
    visit(k, similarities);
  });
};
