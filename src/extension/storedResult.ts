/**
 * The editor's copy of the current result: the worker's packed columns as they arrived, never turned into tens of
 * thousands of objects on the extension host's thread. Views read one document at a time; the indexes they need
 * (each topic's members) are built once per result, and the whole result as objects only when someone asks for it
 * (an export, the API).
 */
import { documentAt, pathOf, unpackResult, type PackedResult, type ResultMeta } from '../core/packedResult';
import { stringAt } from '../core/packedStrings';
import type { DocumentResult, TopicInfo, TopicLensResult } from '../core/result';
import type { LabelledResult } from './labels';

export class StoredResult {
  private members: Map<number, Int32Array> | undefined;
  private objects: TopicLensResult | undefined;

  constructor(
    readonly packed: PackedResult,
    /** Under this id the worker that made the result keeps it for the next update; none for a restored result. */
    readonly id?: string,
  ) {}

  get meta(): ResultMeta {
    return this.packed.meta;
  }

  get topics(): readonly TopicInfo[] {
    return this.packed.meta.topics;
  }

  get documentCount(): number {
    return this.packed.documents.count;
  }

  topicOf(index: number): number {
    return this.packed.documents.topic[index];
  }

  pathOf(index: number): string {
    return pathOf(this.packed.documents, index);
  }

  headingOf(index: number): string | null {
    return stringAt(this.packed.documents.heading, index);
  }

  /** One document's entry (undefined past the end). */
  document(index: number): DocumentResult | undefined {
    return index >= 0 && index < this.documentCount ? documentAt(this.packed.documents, index) : undefined;
  }

  /** The files the result has documents of. */
  get paths(): readonly string[] {
    return this.packed.documents.paths;
  }

  /** Indices of the documents of a topic (OUTLIER_TOPIC and SET_ASIDE_TOPIC included), ascending. */
  membersOf(topic: number): Int32Array {
    this.members ??= membersByTopic(this.packed.documents.topic);
    return this.members.get(topic) ?? new Int32Array(0);
  }

  /** What the label matching reads: every document's identity and topic, and the topic hierarchy. */
  identities(): LabelledResult {
    const documents = Array.from({ length: this.documentCount }, (_, i) => ({ path: this.pathOf(i), heading: this.headingOf(i), topic: this.topicOf(i) }));
    return { documents, hierarchy: this.meta.hierarchy };
  }

  /** The whole result as objects, built once. */
  toResult(): TopicLensResult {
    this.objects ??= unpackResult(this.packed);
    return this.objects;
  }
}

/** Counting sort of the document indices by topic. */
function membersByTopic(topics: Int32Array): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (const topic of topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  const members = new Map([...counts].map(([topic, count]) => [topic, new Int32Array(count)]));
  const filled = new Map<number, number>();
  topics.forEach((topic, i) => {
    const at = filled.get(topic) ?? 0;
    members.get(topic)![at] = i;
    filled.set(topic, at + 1);
  });
  return members;
}
