/**
 * Merging topics of a finished result: BERTopic's merge_topics (the topics become one, all are renumbered by size
 * and their words recomputed with c-TF-IDF). Results keep snippets, not texts, so the caller reads the files
 * again and passes their documents; each result entry finds its text by the documents' one identity.
 */
import { CancelledError, throwIfAborted, type RunControl } from '../control';
import type { SourceDocument } from '../documents/types';
import { contentHash } from '../embedding/embeddingCache';
import { documentKeys, SET_ASIDE_TOPIC, type TopicInfo, type TopicLensResult } from '../result';
import { mergeTopicAssignments } from '../topics/merge';
import type { PipelineSession } from './session';
import { countTerms, describeMembership, descriptionContext, weakPositions, withSession, type WordModel } from './steps';

export interface MergedTopics {
  readonly result: TopicLensResult;
  /** The new id of every previous topic id ≥ 0. */
  readonly newIds: ReadonlyMap<number, number>;
}

/**
 * The merged topic's embedding without the document embeddings: the size-weighted mean of the merged topics'
 * (unit) embeddings, normalised. It equals the true mean of the members up to the spread of each part.
 */
function mergedEmbedding(parts: readonly TopicInfo[]): number[] {
  const dimension = parts[0]?.embedding.length ?? 0;
  const sum = new Float64Array(dimension);
  for (const part of parts) part.embedding.forEach((v, j) => (sum[j] += v * part.count));
  const norm = Math.hypot(...sum);
  return norm > 0 ? Array.from(sum, (v) => v / norm) : Array.from(sum);
}

/**
 * `model` when it still is the model that made the result and it loads; otherwise the topic words are described
 * without MMR rather than the merge failing.
 */
async function resultModel(
  result: TopicLensResult,
  session: PipelineSession,
  model: WordModel | undefined,
  control: RunControl,
): Promise<WordModel | undefined> {
  if (!model) return undefined;
  try {
    const embedder = await session.embedder(model.embedding, { threads: model.threads, control });
    return embedder.modelId === result.model.id ? { ...model, commonComponent: result.commonComponent } : undefined;
  } catch (error) {
    throwIfAborted(control.signal);
    if (error instanceof CancelledError) throw error;
    return undefined;
  }
}

export function mergeTopics(
  result: TopicLensResult,
  /** The documents of the result's files as they are now. */
  documents: readonly SourceDocument[],
  topicIds: readonly number[],
  control: RunControl = {},
  session?: PipelineSession,
  /** The model of the full run, to embed the topic words with (MMR). */
  model?: WordModel,
): Promise<MergedTopics> {
  return withSession(session, (own) => mergeInSession(result, documents, topicIds, control, own, model));
}

async function mergeInSession(
  result: TopicLensResult,
  documents: readonly SourceDocument[],
  topicIds: readonly number[],
  control: RunControl,
  session: PipelineSession,
  model: WordModel | undefined,
): Promise<MergedTopics> {
  const currentKeys = documentKeys(documents);
  const textOf = new Map(currentKeys.map((key, i) => [key, documents[i].text]));
  const resultKeys = documentKeys(result.documents);
  const embeddable = Int32Array.from(result.documents.flatMap((doc, i) => (doc.topic === SET_ASIDE_TOPIC ? [] : [i])));
  // A document whose file is gone or unreadable since the run is described by its snippet rather than dropped.
  const texts = result.documents.map((doc, i) => textOf.get(resultKeys[i]) ?? doc.snippet);
  const hashes = texts.map(contentHash);
  const renumbering = mergeTopicAssignments(
    Int32Array.from(embeddable, (i) => result.documents[i].topic),
    topicIds,
  );
  // Counted as the full run counts them (markup stripped when the parameters say so).
  const terms = await countTerms(
    texts,
    hashes,
    result.documents.map((d) => d.path),
    embeddable,
    result.parameters,
    session,
    control,
  );
  const context = await descriptionContext(
    result.documents,
    embeddable,
    result.parameters,
    session,
    await resultModel(result, session, model, control),
    control,
  );
  const weak = weakPositions(result.documents, embeddable);
  const described = await describeMembership(terms, renumbering.assignments, embeddable, result.parameters, context, { weak });

  const merged = new Set(topicIds);
  const target = Math.min(...merged);
  const newIds = new Map<number, number>();
  for (const topic of result.topics) {
    if (topic.id >= 0) newIds.set(topic.id, renumbering.newIdOf.get(merged.has(topic.id) ? target : topic.id)!);
  }
  const oldTopics = new Map(result.topics.map((t) => [t.id, t]));
  const topics = described.topics.map((topic): TopicInfo => {
    const parts = topic.id < 0 ? [oldTopics.get(topic.id)!] : result.topics.filter((old) => old.id >= 0 && newIds.get(old.id) === topic.id);
    return { ...topic, embedding: mergedEmbedding(parts.filter(Boolean)) };
  });
  const newTopicOf = new Int32Array(result.documents.length).fill(SET_ASIDE_TOPIC);
  embeddable.forEach((docIndex, position) => (newTopicOf[docIndex] = renumbering.assignments[position]));
  return {
    result: { ...result, documents: result.documents.map((doc, i) => ({ ...doc, topic: newTopicOf[i] })), topics, hierarchy: described.hierarchy },
    newIds,
  };
}
