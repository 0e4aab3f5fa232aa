/**
 * Coarser and finer views of a result's topics without a re-fit: the topic hierarchy cut into a number of groups.
 * Cutting at k groups applies the first n − k merges (they come in order of distance), so every group is a cluster
 * of the hierarchy: a single topic, or a merge with its own c-TF-IDF words. Moving between levels costs O(n).
 */
import type { TopicHierarchy, TopicWord } from '../result';

/** Above this many topics a tree groups them by default (`topicLens.tree.groupAbove`). */
export const DEFAULT_GROUP_ABOVE = 30;
/** Each "Fewer topics" step divides the number of groups by about this much. */
const LEVEL_RATIO = 1.6;
const FEWEST_GROUPS = 2;

export interface TopicGroup {
  /** The cluster of the hierarchy: a topic id for a single topic, else the id of the merge that made it. */
  readonly id: number;
  /** Its topics, ascending. */
  readonly topics: readonly number[];
  /** The merge's words (the c-TF-IDF of the group's documents); empty for a single topic, which has its own. */
  readonly words: readonly TopicWord[];
}

/**
 * The hierarchy cut into `count` groups (clamped to 1 … number of topics), largest first by number of topics and
 * then by id. `topicIds` are the clustered topics (ids ≥ 0); without a hierarchy every topic is its own group.
 */
export function cutHierarchy(hierarchy: TopicHierarchy | undefined, topicIds: readonly number[], count: number): TopicGroup[] {
  const topics = [...topicIds].sort((a, b) => a - b);
  const merges = hierarchy?.merges ?? [];
  // A hierarchy of other topics (a result edited without one) cannot group these.
  const usable = merges.length === topics.length - 1 && sameMembers(merges[merges.length - 1]?.topics ?? topics, topics);
  const applied = usable ? Math.max(0, Math.min(merges.length, topics.length - Math.max(1, Math.round(count)))) : 0;
  const alive = new Map<number, TopicGroup>(topics.map((id) => [id, { id, topics: [id], words: [] }]));
  for (let k = 0; k < applied; k++) {
    const merge = merges[k];
    alive.delete(merge.left);
    alive.delete(merge.right);
    alive.set(merge.id, { id: merge.id, topics: merge.topics, words: merge.words });
  }
  return [...alive.values()].sort((a, b) => b.topics.length - a.topics.length || a.id - b.id);
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** How many groups to show first: every topic up to `groupAbove` topics, else about √n (at most `groupAbove`). */
export function defaultGroupCount(topicCount: number, groupAbove = DEFAULT_GROUP_ABOVE): number {
  if (topicCount <= groupAbove) return topicCount;
  return Math.max(FEWEST_GROUPS, Math.min(groupAbove, Math.round(Math.sqrt(topicCount))));
}

/**
 * The group counts "Fewer topics" and "More topics" step through, from the most groups (every topic) to the
 * fewest: geometric steps around the default, so a step always changes the picture noticeably.
 */
export function granularityLevels(topicCount: number, groupAbove = DEFAULT_GROUP_ABOVE): number[] {
  if (topicCount < 1) return [];
  const start = defaultGroupCount(topicCount, groupAbove);
  const levels = new Set([topicCount, start]);
  for (let k = start * LEVEL_RATIO; Math.round(k) < topicCount; k *= LEVEL_RATIO) levels.add(Math.round(k));
  for (let k = start / LEVEL_RATIO; Math.round(k) >= FEWEST_GROUPS; k /= LEVEL_RATIO) levels.add(Math.round(k));
  return [...levels].sort((a, b) => b - a);
}

/** The next level with fewer (direction −1) or more (+1) groups than `current`, or undefined at the end. */
export function nextGranularity(levels: readonly number[], current: number, direction: -1 | 1): number | undefined {
  return direction < 0 ? levels.find((k) => k < current) : [...levels].reverse().find((k) => k > current);
}
