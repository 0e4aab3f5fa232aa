/**
 * "Merge Topics" on a finished result: BERTopic's merge_topics (the topics become one, all are renumbered by size
 * and their words recomputed with c-TF-IDF). Results keep snippets, not texts, so the host sends the files
 * again and the documents are found by path and line range.
 */
import type { RunControl } from '../core/control';
import { seededRandom } from '../core/random';
import type { DocumentResult, TopicInfo, TopicLensResult } from '../core/result';
import { describeCountedTopics, toTopicInfos } from '../core/topics/describe';
import { mergeTopicAssignments } from '../core/topics/merge';
import { describeHierarchy, representationOptions, topicTermCounter } from '../core/topics/model';
import type { FileBytes } from '../protocol/worker';
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

export async function mergeResultTopics(
  result: TopicLensResult,
  files: readonly FileBytes[],
  topicIds: readonly number[],
  control: RunControl,
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
  const terms = await topicTermCounter(result.parameters).count(texts, control);
  const description = describeCountedTopics({ terms, assignments: renumbering.assignments, random: seededRandom(result.parameters.seed) }, options);

  const merged = new Set(topicIds);
  const target = Math.min(...merged);
  const newIds = new Map<number, number>();
  for (const topic of result.topics) {
    if (topic.id >= 0) newIds.set(topic.id, renumbering.newIdOf.get(merged.has(topic.id) ? target : topic.id)!);
  }
  const oldTopics = new Map(result.topics.map((t) => [t.id, t]));
  const topics: TopicInfo[] = toTopicInfos(description).map((topic) => {
    const parts = topic.id < 0 ? [oldTopics.get(topic.id)!] : result.topics.filter((old) => old.id >= 0 && newIds.get(old.id) === topic.id);
    return { ...topic, representativeDocs: topic.representativeDocs.map((p) => kept[p]), embedding: mergedEmbedding(parts.filter(Boolean)) };
  });
  const newTopicOf = new Int32Array(result.documents.length).fill(SET_ASIDE);
  kept.forEach((docIndex, position) => (newTopicOf[docIndex] = renumbering.assignments[position]));
  return {
    result: { ...result, documents: result.documents.map((doc, i) => ({ ...doc, topic: newTopicOf[i] })), topics, hierarchy: describeHierarchy(description) },
    newIds,
  };
}
