/** Documents grouped by topic: the row order of every per-topic table (c-TF-IDF rows, topic embeddings…). */

export interface TopicGroups {
  /** Distinct topic ids, ascending: -1 (outliers) first when present. */
  readonly topicIds: Int32Array;
  /** Per topic, its document indices in corpus order. */
  readonly members: readonly Int32Array[];
}

/** Ids below -1 mark documents set aside before clustering (e.g. unembeddable): they belong to no topic. */
export function groupByTopic(assignments: Int32Array): TopicGroups {
  const sizes = new Map<number, number>();
  for (const topic of assignments) if (topic >= -1) sizes.set(topic, (sizes.get(topic) ?? 0) + 1);
  const topicIds = Int32Array.from(sizes.keys()).sort();
  const rowOf = new Map<number, number>();
  topicIds.forEach((topic, row) => rowOf.set(topic, row));
  const members = Array.from(topicIds, (topic) => new Int32Array(sizes.get(topic)!));
  const filled = new Int32Array(topicIds.length);
  assignments.forEach((topic, doc) => {
    if (topic < -1) return;
    const row = rowOf.get(topic)!;
    members[row][filled[row]++] = doc;
  });
  return { topicIds, members };
}
