/**
 * "Merge Topics" on a finished result: BERTopic's merge_topics (the topics become one, all are renumbered by size
 * and their words recomputed with c-TF-IDF). Results keep snippets, not texts, so the host sends the files
 * again and the documents are found by path and line range.
 */
import type { RunControl } from '../core/control';
import { formatOfPath } from '../core/documents/structure';
import { seededRandom } from '../core/random';
import type { DocumentResult, TopicInfo, TopicLensResult } from '../core/result';
import type { PipelineSession } from '../core/session';
import { describeCountedTopics, topicInfos } from '../core/topics/describe';
import { mergeTopicAssignments } from '../core/topics/merge';
import { representationOptions, topicTermCounter } from '../core/topics/model';
import type { WordEmbedder } from '../core/topics/topicWords';
import type { EmbeddingChoice, FileBytes } from '../protocol/worker';
import { splitFiles } from './splitFiles';

/** Topic id of documents set aside before clustering. */
const SET_ASIDE = -2;

const documentKey = (doc: Pick<DocumentResult, 'path' | 'startLine' | 'endLine'>) => `${doc.path}:${doc.startLine}:${doc.endLine}`;

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
 * The model of the full run, to embed topic words with (MaximalMarginalRelevance), when `embedding` still names
 * it and it loads; otherwise the words are described without MMR rather than the merge failing.
 */
async function wordEmbedderOf(result: TopicLensResult, session: PipelineSession, embedding: EmbeddingChoice | undefined, control: RunControl): Promise<WordEmbedder | undefined> {
  if (!embedding || result.parameters.diversity === null) return undefined;
  try {
    const embedder = await session.embedder(embedding, control);
    return embedder.modelId === result.model.id ? await session.wordEmbedder(embedding, control) : undefined;
  } catch {
    return undefined;
  }
}

export async function mergeResultTopics(
  result: TopicLensResult,
  files: readonly FileBytes[],
  topicIds: readonly number[],
  control: RunControl,
  session: PipelineSession,
  embedding?: EmbeddingChoice,
): Promise<{ result: TopicLensResult; newIds: Map<number, number> }> {
  const { documents } = splitFiles(files, result.parameters.unit, Number.MAX_SAFE_INTEGER);
  const textOf = new Map(documents.map((d) => [documentKey(d), d.text]));
  const kept: number[] = [];
  result.documents.forEach((doc, i) => {
    if (doc.topic !== SET_ASIDE) kept.push(i);
  });
  // A document whose file changed since the run is described by its snippet rather than dropped.
  const texts = kept.map((i) => textOf.get(documentKey(result.documents[i])) ?? result.documents[i].snippet);
  const renumbering = mergeTopicAssignments(Int32Array.from(kept, (i) => result.documents[i].topic), topicIds);
  const options = representationOptions(result.parameters);
  // Counted as the full run counts them (markup stripped when the parameters say so).
  const formats = kept.map((i) => formatOfPath(result.documents[i].path));
  const terms = await topicTermCounter(result.parameters).count(texts, control, undefined, formats);
  const description = describeCountedTopics({ terms, assignments: renumbering.assignments, random: seededRandom(result.parameters.seed) }, options);
  const context = {
    evidence: { headings: kept.map((i) => result.documents[i].heading), formats },
    wordEmbedder: await wordEmbedderOf(result, session, embedding, control),
  };

  const merged = new Set(topicIds);
  const target = Math.min(...merged);
  const newIds = new Map<number, number>();
  for (const topic of result.topics) {
    if (topic.id >= 0) newIds.set(topic.id, renumbering.newIdOf.get(merged.has(topic.id) ? target : topic.id)!);
  }
  const oldTopics = new Map(result.topics.map((t) => [t.id, t]));
  const topics: TopicInfo[] = (await topicInfos(description, context)).map((topic) => {
    const parts = topic.id < 0 ? [oldTopics.get(topic.id)!] : result.topics.filter((old) => old.id >= 0 && newIds.get(old.id) === topic.id);
    return { ...topic, representativeDocs: topic.representativeDocs.map((p) => kept[p]), embedding: mergedEmbedding(parts.filter(Boolean)) };
  });
  const newTopicOf = new Int32Array(result.documents.length).fill(SET_ASIDE);
  kept.forEach((docIndex, position) => (newTopicOf[docIndex] = renumbering.assignments[position]));
  return {
    result: { ...result, documents: result.documents.map((doc, i) => ({ ...doc, topic: newTopicOf[i] })), topics },
    newIds,
  };
}
