/** BERTopic's topic numbering: 0 is the largest topic, then by decreasing size; -1 (outliers) stays -1. */
import { bertopicSizeOrder } from './bertopicOrder';

export interface Renumbering {
  readonly assignments: Int32Array;
  /** New id of every previous topic id ≥ 0. */
  readonly newIdOf: ReadonlyMap<number, number>;
}

/**
 * How equal sizes are ordered: by previous id, or as BERTopic orders them (see bertopicOrder.ts: by first
 * appearance for up to 17 topics, deterministically shuffled beyond).
 */
export type SizeTieOrder = 'id' | 'bertopic';

export function renumberTopicsBySize(assignments: Int32Array, ties: SizeTieOrder = 'id'): Renumbering {
  // A Map iterates in insertion order: first appearance, as BERTopic's topic counter.
  const sizes = new Map<number, number>();
  for (const topic of assignments) if (topic >= -1) sizes.set(topic, (sizes.get(topic) ?? 0) + 1);
  const topics = [...sizes.keys()];
  const bySize =
    ties === 'id'
      ? topics.filter((t) => t >= 0).sort((a, b) => sizes.get(b)! - sizes.get(a)! || a - b)
      : bertopicSizeOrder(topics.map((t) => sizes.get(t)!))
          .map((i) => topics[i])
          .filter((t) => t >= 0);
  const newIdOf = new Map(bySize.map((topic, rank) => [topic, rank]));
  return { assignments: assignments.map((topic) => newIdOf.get(topic) ?? topic), newIdOf };
}
