/**
 * The steps every way of making a result shares (the full run, the incremental update, merging topics), written
 * once: embedding through the cache and the session, choosing the documents the model could embed, the result's
 * entry of each document, and describing topics of those documents with their representative documents mapped
 * back to document indices.
 */
import { throwIfAborted, type RunControl, type StageName } from '../control';
import type { SourceDocument } from '../documents/types';
import { fitOrRestore, fitsCorpus } from '../embedding/corpusEmbedder';
import { zeroRows, type EmbedderCapabilities } from '../embedding/embedder';
import { embedWithCache } from '../embedding/embeddingCache';
import { withoutComponent } from '../embedding/wordEmbedder';
import type { EmbeddingOptions } from '../embedding/options';
import type { Matrix } from '../matrix';
import { seededRandom, type Random } from '../random';
import { OUTLIER_TOPIC, SET_ASIDE_TOPIC, type DocumentResult, type PipelineParameters, type StageTiming, type TopicHierarchy, type TopicInfo } from '../result';
import { formatOfPath } from '../documents/structure';
import { describeCountedTopics, topicInfos, type DescriptionContext } from '../topics/describe';
import type { DocumentTerms } from '../topics/documentTerms';
import { redescribeHierarchy } from '../hierarchy/topicHierarchy';
import { describeHierarchy, representationOptions } from '../topics/model';
import { withWeakMembers } from '../topics/outlierPlacement';
import { PipelineSession } from './session';

const SNIPPET_CHARS = 200;

/** Times each stage into `timings` and reports its start and end. */
export async function stage<T>(name: StageName, timings: StageTiming[], control: RunControl, work: () => Promise<T>): Promise<T> {
  throwIfAborted(control.signal);
  control.onProgress?.({ stage: name, done: 0, total: 1 });
  const started = performance.now();
  const value = await work();
  timings.push({ stage: name, seconds: (performance.now() - started) / 1000 });
  control.onProgress?.({ stage: name, done: 1, total: 1 });
  return value;
}

export interface EmbeddedDocuments {
  readonly embeddings: Matrix;
  readonly model: { readonly id: string; readonly dimension: number };
  readonly capabilities: EmbedderCapabilities;
}

/**
 * Embeds texts through the on-disk cache (only texts not embedded before by this model are computed), with the
 * session's model when there is a session. A model fitted on the corpus is fitted on `texts`, or, given the model
 * id of an earlier fit (`fittedModelId`, an update's), embeds in that fit's space.
 */
export async function embedDocuments(
  texts: readonly string[],
  embedding: EmbeddingOptions,
  threads: number | undefined,
  control: RunControl,
  session?: PipelineSession,
  fittedModelId?: string,
): Promise<EmbeddedDocuments> {
  const owner = session ?? new PipelineSession();
  try {
    const embedder = await owner.embedder(embedding, { threads, control });
    if (fitsCorpus(embedder)) await fitOrRestore(embedder, texts, embedding.embeddingCacheDir, control, fittedModelId);
    const embeddings = await embedWithCache(embedder, texts, embedding.embeddingCacheDir, control);
    return { embeddings, model: { id: embedder.modelId, dimension: embedder.dimension }, capabilities: embedder.capabilities };
  } finally {
    if (!session) await owner.dispose();
  }
}

/**
 * Runs `work` in `session`, or in a session of its own, disposed afterwards: the model then stays loaded from
 * embedding the documents to embedding the topic words.
 */
export async function withSession<T>(session: PipelineSession | undefined, work: (session: PipelineSession) => Promise<T>): Promise<T> {
  if (session) return work(session);
  const own = new PipelineSession();
  try {
    return await work(own);
  } finally {
    await own.dispose();
  }
}

/**
 * The documents the model could embed: their indices, and their rows in a matrix of their own (the input matrix
 * itself when no document was set aside).
 */
export interface EmbeddableDocuments {
  /** Document indices, ascending; position p among the embeddable documents is document `indices[p]`. */
  readonly indices: Int32Array;
  readonly embeddings: Matrix;
  /** For each document, its position among the embeddable ones, or -1 when it was set aside. */
  readonly positionOf: Int32Array;
}

/**
 * Documents with no word the model knows embed to zero. They are set aside: left in, they form one dense blob
 * that swallows the clustering.
 */
export function embeddableDocuments(embeddings: Matrix): EmbeddableDocuments {
  const zero = new Set(zeroRows(embeddings));
  const kept: number[] = [];
  for (let i = 0; i < embeddings.rows; i++) if (!zero.has(i)) kept.push(i);
  const indices = Int32Array.from(kept);
  // Nothing set aside (the usual case): the rows are the matrix itself — a copy of a large matrix costs as much as
  // the work done on it.
  if (zero.size === 0) return { indices, embeddings, positionOf: Int32Array.from(indices) };
  const data = new Float32Array(indices.length * embeddings.cols);
  indices.forEach((doc, p) => data.set(embeddings.data.subarray(doc * embeddings.cols, (doc + 1) * embeddings.cols), p * embeddings.cols));
  const positionOf = new Int32Array(embeddings.rows).fill(-1);
  indices.forEach((doc, p) => (positionOf[doc] = p));
  return { indices, embeddings: { rows: indices.length, cols: embeddings.cols, data }, positionOf };
}

/** The parts of a document's result entry that come from the document itself. */
export function documentBase(doc: SourceDocument, hash: string) {
  return {
    path: doc.path,
    heading: doc.heading,
    startLine: doc.startLine,
    endLine: doc.endLine,
    snippet: snippet(doc.text),
    hash,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
  };
}

/** The entry of a document the model could not embed: set aside, with the reason, and no place on the map. */
export function setAsideEntry(doc: SourceDocument, hash: string): DocumentResult {
  const reason = doc.text.trim() === '' ? 'The document has no text.' : 'No word of the document is in the model’s vocabulary.';
  return { ...documentBase(doc, hash), topic: SET_ASIDE_TOPIC, probability: 0, x: 0, y: 0, unembeddableReason: reason };
}

/** A short, whitespace-flattened excerpt for hovers and reports. */
function snippet(text: string): string {
  // Long texts: flatten only the start, which is all a snippet shows.
  const flat = text
    .slice(0, SNIPPET_CHARS * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1)}…` : flat;
}

/**
 * The generator of the topic stage (it samples the candidates for representative documents of large topics):
 * seeded from the parameters alone, so a full run, an update and a merge describe the same topics the same way.
 */
export function topicRandom(parameters: PipelineParameters): Random {
  return seededRandom(parameters.seed);
}

/**
 * Counts the embeddable documents' terms, each read as its format (from its path) asks, with the session's
 * counter (which remembers texts it counted) if any.
 */
export function countTerms(
  texts: readonly string[],
  hashes: readonly string[],
  paths: readonly string[],
  embeddable: Int32Array,
  parameters: PipelineParameters,
  session: PipelineSession | undefined,
  control: RunControl,
): Promise<DocumentTerms> {
  const counter = (session ?? new PipelineSession()).termCounter(parameters);
  const pick = <T>(values: readonly T[]) => Array.from(embeddable, (i) => values[i]);
  return counter.count(pick(texts), control, pick(hashes), pick(paths).map(formatOfPath));
}

/** The model whose vectors embed the topic words (MaximalMarginalRelevance), as the documents were embedded. */
export interface WordModel {
  readonly embedding: EmbeddingOptions;
  readonly threads?: number;
  /** The direction removed from every document embedding (SIF's common component), removed from words too. */
  readonly commonComponent?: readonly number[] | Float32Array | null;
}

/**
 * What describing topics for readers uses beside the counts: the embeddable documents' headings (for titles),
 * and the model's word vectors when the parameters ask for MMR and the model can embed words.
 */
export async function descriptionContext(
  documents: readonly { readonly path: string; readonly heading: string | null }[],
  embeddable: Int32Array,
  parameters: PipelineParameters,
  session: PipelineSession,
  model: WordModel | undefined,
  control: RunControl,
): Promise<DescriptionContext> {
  const described = Array.from(embeddable, (i) => documents[i]);
  const evidence = { headings: described.map((d) => d.heading), formats: described.map((d) => formatOfPath(d.path)) };
  if (model === undefined || representationOptions(parameters).diversity === null) return { evidence };
  const words = await session.wordEmbedder(model.embedding, { threads: model.threads, control });
  const component = model.commonComponent;
  return { evidence, wordEmbedder: words && component ? withoutComponent(words, Float32Array.from(component)) : words };
}

/** Topic rows refer to positions among the embeddable documents: the result's rows refer to document indices. */
export function withDocumentIndices(topics: readonly TopicInfo[], embeddable: Int32Array): TopicInfo[] {
  return topics.map((topic) => ({ ...topic, representativeDocs: topic.representativeDocs.map((p) => embeddable[p]) }));
}

/** What describing a membership may take beside the counts. */
export interface MembershipExtras {
  /** The embeddable documents' embeddings: with them the topics get topic embeddings. */
  readonly embeddings?: Matrix;
  /** Weakly placed documents, by position: they count in their topic but do not shape it. */
  readonly weak?: Uint8Array;
  /** The hierarchy of the same topics to keep (an update's): only its merges' words are described again. */
  readonly tree?: TopicHierarchy;
}

/**
 * Topic words, titles, representative documents (as document indices) and, with embeddings, topic embeddings of
 * a given membership of the embeddable documents, topic ids kept as they are; and the hierarchy of those topics.
 * Weakly placed documents count in their topic but, as in the full run, do not shape its words, title, embedding
 * or the hierarchy.
 */
export async function describeMembership(
  terms: DocumentTerms,
  assignments: Int32Array,
  embeddable: Int32Array,
  parameters: PipelineParameters,
  context: DescriptionContext,
  { embeddings, weak, tree }: MembershipExtras = {},
): Promise<{ readonly topics: TopicInfo[]; readonly hierarchy: TopicHierarchy }> {
  const core = weak ? assignments.map((topic, p) => (weak[p] ? OUTLIER_TOPIC : topic)) : assignments;
  const description = describeCountedTopics({ terms, assignments: core, embeddings, random: topicRandom(parameters) }, representationOptions(parameters));
  const topics = await topicInfos(description, context);
  const hierarchy = (tree && redescribeHierarchy(tree, description.ctfidf, description.options.topNWords)) ?? describeHierarchy(description);
  return { topics: withDocumentIndices(weak ? withWeakMembers(topics, assignments, weak) : topics, embeddable), hierarchy };
}

/** Which of the embeddable documents (by position) are weakly placed. */
export function weakPositions(documents: readonly DocumentResult[], embeddable: Int32Array): Uint8Array {
  return Uint8Array.from(embeddable, (i) => (documents[i].weak ? 1 : 0));
}
