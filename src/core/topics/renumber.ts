/** BERTopic's topic numbering: 0 is the largest topic, then by decreasing size; -1 (outliers) stays -1. */

export interface Renumbering {
  readonly assignments: Int32Array;
  /** New id of every previous topic id ≥ 0. */
  readonly newIdOf: ReadonlyMap<number, number>;
}

/** Equal sizes keep the order of their previous ids (BERTopic leaves it to pandas' unstable sort). */
export function renumberTopicsBySize(assignments: Int32Array): Renumbering {
  const sizes = new Map<number, number>();
  for (const topic of assignments) if (topic >= 0) sizes.set(topic, (sizes.get(topic) ?? 0) + 1);
  const bySize = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || a - b);
  const newIdOf = new Map(bySize.map((topic, rank) => [topic, rank]));
  return { assignments: assignments.map((topic) => newIdOf.get(topic) ?? topic), newIdOf };
}
