/** What every kind of finding needs to know about the result: places, topic names, and stable fingerprints. */
import { contentHash } from '../embedding/embeddingCache';
import { topicLabel, type TopicLensResult } from '../result';
import type { AuditOptions, FindingKind, FindingLocation } from './finding';

export class AuditContext {
  /** Document indices of each file, in document order. */
  readonly documentsOfFile = new Map<string, number[]>();
  private readonly topics: Map<number, TopicLensResult['topics'][number]>;

  constructor(
    readonly result: TopicLensResult,
    readonly options: AuditOptions,
  ) {
    result.documents.forEach((doc, i) => {
      const list = this.documentsOfFile.get(doc.path);
      if (list) list.push(i);
      else this.documentsOfFile.set(doc.path, [i]);
    });
    this.topics = new Map(result.topics.map((t) => [t.id, t]));
  }

  private mainTopics: Map<string, number> | undefined;

  /** Each file's main topic: the one most of its documents are in (ties: the smaller id); outliers do not count. */
  mainTopic(path: string): number | undefined {
    if (!this.mainTopics) {
      this.mainTopics = new Map();
      for (const [file, members] of this.documentsOfFile) {
        if (members.length === 1) {
          const topic = this.result.documents[members[0]].topic;
          if (topic >= 0) this.mainTopics.set(file, topic);
          continue;
        }
        const counts = new Map<number, number>();
        for (const i of members) {
          const topic = this.result.documents[i].topic;
          if (topic >= 0) counts.set(topic, (counts.get(topic) ?? 0) + 1);
        }
        let best = -1;
        for (const [topic, count] of counts) if (best < 0 || count > counts.get(best)! || (count === counts.get(best)! && topic < best)) best = topic;
        if (best >= 0) this.mainTopics.set(file, best);
      }
    }
    return this.mainTopics.get(path);
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
