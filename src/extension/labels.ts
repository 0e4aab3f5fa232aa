/**
 * Custom topic labels that survive re-runs. Topic ids change from run to run (0 is always the largest), so a
 * label is stored with the documents its topic held and re-attached to the new topic that shares most of them.
 * Groups of topics (clusters of the topic hierarchy, by merge id) are labelled the same way, by their documents.
 * Pure functions, no `vscode`.
 */
import { documentKeys, type TopicLensResult } from '../core/result';

/** What label matching reads of each document of a result, in the result's order. */
export type LabelledDocuments = readonly { readonly path: string; readonly heading: string | null; readonly topic: number }[];

/** What label matching reads of a result: its documents and the groups of its topic hierarchy. */
export type LabelledResult = { readonly documents: LabelledDocuments } & Pick<TopicLensResult, 'hierarchy'>;

export interface StoredLabel {
  readonly label: string;
  /** Member keys (`documentKeys`) of the topic when it was labelled or last matched. */
  readonly members: readonly string[];
}

/** A topic keeps its label when the old and new member sets overlap at least this much (Jaccard). */
export const MIN_LABEL_OVERLAP = 1 / 3;

/** Member keys per topic id (clustered topics only). */
export function topicMembers(documents: LabelledDocuments): Map<number, Set<string>> {
  const members = new Map<number, Set<string>>();
  const keys = documentKeys(documents);
  documents.forEach((doc, i) => {
    if (doc.topic < 0) return;
    let set = members.get(doc.topic);
    if (!set) members.set(doc.topic, (set = new Set()));
    set.add(keys[i]);
  });
  return members;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const key of a) if (b.has(key)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The topics under each group of the result's topic hierarchy, by merge id. */
function groupTopics(result: LabelledResult): Map<number, readonly number[]> {
  return new Map((result.hierarchy?.merges ?? []).map((m) => [m.id, m.topics]));
}

/** Member keys of a topic, or of a group (its topics' together); undefined for an id that is neither. */
function membersOf(id: number, topics: ReadonlyMap<number, ReadonlySet<string>>, groups: ReadonlyMap<number, readonly number[]>): Set<string> | undefined {
  const topic = topics.get(id);
  if (topic) return new Set(topic);
  const group = groups.get(id);
  return group && new Set(group.flatMap((t) => [...(topics.get(t) ?? [])]));
}

/**
 * Attaches stored labels to the topics and groups of a result: best overlaps first, each label and each topic or
 * group used once. A group's overlap adds up its topics' (no member sets are built for groups).
 */
export function matchLabels(stored: readonly StoredLabel[], result: LabelledResult): Map<number, string> {
  const members = topicMembers(result.documents);
  const groups = groupTopics(result);
  const candidates: { label: number; topic: number; overlap: number }[] = [];
  stored.forEach((entry, label) => {
    const old = new Set(entry.members.map(withOccurrence));
    const shared = new Map<number, number>();
    for (const [topic, current] of members) {
      let common = 0;
      for (const key of current) if (old.has(key)) common++;
      shared.set(topic, common);
      const overlap = jaccard(old, current);
      if (overlap >= MIN_LABEL_OVERLAP) candidates.push({ label, topic, overlap });
    }
    for (const [group, topics] of groups) {
      const common = topics.reduce((sum, t) => sum + (shared.get(t) ?? 0), 0);
      const size = topics.reduce((sum, t) => sum + (members.get(t)?.size ?? 0), 0);
      const union = old.size + size - common;
      const overlap = union === 0 ? 0 : common / union;
      if (overlap >= MIN_LABEL_OVERLAP) candidates.push({ label, topic: group, overlap });
    }
  });
  candidates.sort((a, b) => b.overlap - a.overlap || a.topic - b.topic || a.label - b.label);
  const byTopic = new Map<number, string>();
  const usedLabels = new Set<number>();
  for (const { label, topic } of candidates) {
    if (usedLabels.has(label) || byTopic.has(topic)) continue;
    usedLabels.add(label);
    byTopic.set(topic, stored[label].label);
  }
  return byTopic;
}

/** The stored form of the labels of a result (of its topics and of its groups). */
export function storeLabels(byTopic: ReadonlyMap<number, string>, result: LabelledResult): StoredLabel[] {
  if (byTopic.size === 0) return [];
  const members = topicMembers(result.documents);
  const groups = groupTopics(result);
  return [...byTopic].flatMap(([id, label]) => {
    const keys = membersOf(id, members, groups);
    return keys ? [{ label, members: [...keys] }] : [];
  });
}

/** Labels stored before keys counted sections with the same heading (`path\nheading`) mean the first of them. */
function withOccurrence(key: string): string {
  return key.split('\n').length === 2 ? `${key}\n0` : key;
}

/** The labels of workspace state as read back: entries that are not a label with its members are dropped. */
export function checkStoredLabels(value: unknown): { readonly labels: StoredLabel[]; readonly dropped: number } {
  if (!Array.isArray(value)) return { labels: [], dropped: value === undefined ? 0 : 1 };
  const labels = value.filter(
    (entry): entry is StoredLabel =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry.label === 'string' &&
      Array.isArray(entry.members) &&
      entry.members.every((m: unknown) => typeof m === 'string'),
  );
  return { labels, dropped: value.length - labels.length };
}
