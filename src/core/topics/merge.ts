/** BERTopic's `merge_topics`: some topics become one, all topics are renumbered by size and described again. */
import type { Matrix } from '../matrix';
import type { Random } from '../random';
import { describeCountedTopics, type TopicDescription } from './describe';
import { renumberTopicsBySize, type Renumbering } from './renumber';

export interface TopicMerge {
  /** New assignments and the new id of every previous topic id. */
  readonly renumbering: Renumbering;
  readonly description: TopicDescription;
}

/** The listed topics (at least two distinct ids ≥ 0, all present) join the smallest of them; then ids follow size. */
export function mergeTopicAssignments(assignments: Int32Array, topicIds: readonly number[]): Renumbering {
  const merged = new Set(topicIds);
  const present = new Set(assignments);
  if (merged.size < 2) throw new RangeError('Merging needs at least two different topics.');
  for (const id of merged) {
    if (id < 0) throw new RangeError('Outliers (-1) cannot be merged into a topic; reduce outliers instead.');
    if (!present.has(id)) throw new RangeError(`There is no topic ${id}.`);
  }
  const target = Math.min(...merged);
  return renumberTopicsBySize(assignments.map((topic) => (merged.has(topic) ? target : topic)));
}

export function mergeTopics(
  input: { readonly description: TopicDescription; readonly embeddings?: Matrix; readonly random: Random },
  topicIds: readonly number[],
): TopicMerge {
  const { description } = input;
  const renumbering = mergeTopicAssignments(description.assignments, topicIds);
  const updated = describeCountedTopics(
    { terms: description.terms, assignments: renumbering.assignments, embeddings: input.embeddings, random: input.random },
    description.options,
  );
  return { renumbering, description: updated };
}
