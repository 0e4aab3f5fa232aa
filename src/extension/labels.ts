/**
 * Custom topic labels that survive re-runs. Topic ids change from run to run (0 is always the largest), so a
 * label is stored with the documents its topic held and re-attached to the new topic that shares most of them.
 * Pure functions, no `vscode`.
 */
import { documentKeys, type TopicLensResult } from '../core/result';

export interface StoredLabel {
  readonly label: string;
  /** Member keys (`documentKeys`) of the topic when it was labelled or last matched. */
  readonly members: readonly string[];
}

/** A topic keeps its label when the old and new member sets overlap at least this much (Jaccard). */
export const MIN_LABEL_OVERLAP = 1 / 3;

/** Member keys per topic id (clustered topics only). */
export function topicMembers(result: TopicLensResult): Map<number, Set<string>> {
  const members = new Map<number, Set<string>>();
  const keys = documentKeys(result.documents);
  result.documents.forEach((doc, i) => {
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

/** Attaches stored labels to the topics of a result: best overlaps first, each label and each topic used once. */
export function matchLabels(stored: readonly StoredLabel[], result: TopicLensResult): Map<number, string> {
  const members = topicMembers(result);
  const candidates: { label: number; topic: number; overlap: number }[] = [];
  stored.forEach((entry, label) => {
    const old = new Set(entry.members.map(withOccurrence));
    for (const [topic, current] of members) {
      const overlap = jaccard(old, current);
      if (overlap >= MIN_LABEL_OVERLAP) candidates.push({ label, topic, overlap });
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

/** The stored form of the labels of a result. */
export function storeLabels(byTopic: ReadonlyMap<number, string>, result: TopicLensResult): StoredLabel[] {
  const members = topicMembers(result);
  return [...byTopic].filter(([topic]) => members.has(topic)).map(([topic, label]) => ({ label, members: [...members.get(topic)!] }));
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
      typeof entry === 'object' && entry !== null && typeof entry.label === 'string' && Array.isArray(entry.members) && entry.members.every((m: unknown) => typeof m === 'string'),
  );
  return { labels, dropped: value.length - labels.length };
}
