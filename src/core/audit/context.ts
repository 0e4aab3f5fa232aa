/** What every kind of finding needs to know about the result: places, topic names, and stable fingerprints. */
import { contentHash } from '../embedding/embeddingCache';
import { topicLabel, type TopicLensResult } from '../result';
import type { AuditOptions, FindingKind, FindingLocation } from './finding';

export class AuditContext {
  /** Document indices of each file, in document order. */
  readonly documentsOfFile = new Map<string, number[]>();
  /** The scanned files in the order their first documents come (file f is `paths[f]`). */
  readonly paths: readonly string[];
  /** The file of each document, as an index into `paths`. */
  readonly fileOf: Int32Array;
  private readonly topics: Map<number, TopicLensResult['topics'][number]>;

  constructor(
    readonly result: TopicLensResult,
    readonly options: AuditOptions,
  ) {
    const paths: string[] = [];
    const fileIndex = new Map<string, number>();
    this.fileOf = new Int32Array(result.documents.length);
    let previous: { path: string; file: number; members: number[] } | null = null;
    result.documents.forEach((doc, i) => {
      // A file's sections come one after another: the maps are asked only when the file changes.
      if (previous?.path !== doc.path) {
        const file = fileIndex.get(doc.path);
        if (file !== undefined) previous = { path: doc.path, file, members: this.documentsOfFile.get(doc.path)! };
        else {
          previous = { path: doc.path, file: paths.length, members: [] };
          fileIndex.set(doc.path, paths.length);
          this.documentsOfFile.set(doc.path, previous.members);
          paths.push(doc.path);
        }
      }
      previous.members.push(i);
      this.fileOf[i] = previous.file;
    });
    this.paths = paths;
    this.topics = new Map(result.topics.map((t) => [t.id, t]));
  }

  private mainTopics: Int32Array | undefined;

  /** File f's main topic: the one most of its documents are in (ties: the smaller id), −1 when all are outliers. */
  mainTopicOf(file: number): number {
    if (!this.mainTopics) {
      const mainTopics = new Int32Array(this.paths.length).fill(-1);
      this.paths.forEach((path, f) => {
        const members = this.documentsOfFile.get(path)!;
        if (members.length === 1) {
          mainTopics[f] = Math.max(-1, this.result.documents[members[0]].topic);
          return;
        }
        const counts = new Map<number, number>();
        for (const i of members) {
          const topic = this.result.documents[i].topic;
          if (topic >= 0) counts.set(topic, (counts.get(topic) ?? 0) + 1);
        }
        let best = -1;
        for (const [topic, count] of counts) if (best < 0 || count > counts.get(best)! || (count === counts.get(best)! && topic < best)) best = topic;
        mainTopics[f] = best;
      });
      this.mainTopics = mainTopics;
    }
    return this.mainTopics[file];
  }

  /** A file's main topic (see `mainTopicOf`); undefined when all its documents are outliers. */
  mainTopic(path: string): number | undefined {
    const members = this.documentsOfFile.get(path);
    const topic = members ? this.mainTopicOf(this.fileOf[members[0]]) : -1;
    return topic >= 0 ? topic : undefined;
  }

  topic(id: number): TopicLensResult['topics'][number] | undefined {
    return this.topics.get(id);
  }

  /** "7: install_pip_package", as the tree and reports name topics. */
  topicName(id: number): string {
    return topicLabel(id, this.topics.get(id)?.words ?? []);
  }

  documentLocation(index: number): FindingLocation {
    const doc = this.result.documents[index];
    return { path: doc.path, startLine: doc.startLine, endLine: doc.endLine, ...(doc.heading !== null ? { heading: doc.heading } : {}) };
  }

  /** The whole file, from its first document's first line to its last document's last line. */
  fileLocation(path: string): FindingLocation {
    const members = this.documentsOfFile.get(path) ?? [];
    let startLine = Infinity;
    let endLine = 1;
    for (const i of members) {
      startLine = Math.min(startLine, this.result.documents[i].startLine);
      endLine = Math.max(endLine, this.result.documents[i].endLine);
    }
    return { path, startLine: Number.isFinite(startLine) ? startLine : 1, endLine };
  }

  /**
   * A document's identity across runs: path, heading and which of the file's sections with that heading it is
   * (line numbers move with every edit above it).
   */
  documentIdentity(index: number): string {
    const doc = this.result.documents[index];
    const same = (this.documentsOfFile.get(doc.path) ?? []).filter((i) => this.result.documents[i].heading === doc.heading);
    return `${doc.path}#${doc.heading ?? ''}#${same.indexOf(index)}`;
  }

  fingerprint(kind: FindingKind, ...parts: readonly string[]): string {
    return `${kind}:${contentHash([kind, ...parts].join('\u0000')).slice(0, 16)}`;
  }
}
