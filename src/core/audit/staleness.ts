/**
 * Pages the rest of their topic has moved past: a file whose last commit is much older than the typical last
 * commit of the files of its main topic, by a robust z-score (distance below the median in units of
 * 1.4826 × the median absolute deviation, which estimates a standard deviation without letting a few very old or
 * very new files pull it).
 */
import { AuditContext } from './context';
import type { Finding } from './finding';

const DAY = 86_400;
/** A topic whose files all changed together has no spread: ages are compared to at least a month's. */
const MIN_DEVIATION = 30 * DAY;
/** Topics need this many dated files for a median to mean something. */
const MIN_TOPIC_FILES = 4;
/** Scales the median absolute deviation to a standard deviation for normally distributed data. */
const MAD_SCALE = 1.4826;

export interface TopicAge {
  readonly topic: number;
  /** Files of the topic with a known last change. */
  readonly files: number;
  /** Unix seconds. */
  readonly median: number;
  readonly oldest: number;
  readonly newest: number;
}

export function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function day(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function span(seconds: number): string {
  const days = seconds / DAY;
  return days >= 365 ? `${(days / 365.25).toFixed(1)} years` : `${Math.round(days)} days`;
}

/** The last changes of the files holding documents of each topic. */
function datedFilesByTopic(context: AuditContext, lastChange: Readonly<Record<string, number>>): Map<number, Map<string, number>> {
  const byTopic = new Map<number, Map<string, number>>();
  context.result.documents.forEach((doc) => {
    const time = lastChange[doc.path];
    if (doc.topic < 0 || time === undefined) return;
    let files = byTopic.get(doc.topic);
    if (!files) byTopic.set(doc.topic, (files = new Map()));
    files.set(doc.path, time);
  });
  return byTopic;
}

export function topicAges(context: AuditContext, lastChange: Readonly<Record<string, number>>): TopicAge[] {
  return [...datedFilesByTopic(context, lastChange)]
    .map(([topic, files]) => {
      const times = [...files.values()].sort((a, b) => a - b);
      return { topic, files: times.length, median: median(times), oldest: times[0], newest: times[times.length - 1] };
    })
    .sort((a, b) => a.topic - b.topic);
}

export function staleFindings(context: AuditContext, lastChange: Readonly<Record<string, number>>, atOrBefore: ReadonlySet<string>): Finding[] {
  const { staleZ, staleMinDays } = context.options;
  const stats = new Map<number, { median: number; deviation: number; files: number; newest: number }>();
  for (const [topic, files] of datedFilesByTopic(context, lastChange)) {
    if (files.size < MIN_TOPIC_FILES) continue;
    const times = [...files.values()].sort((a, b) => a - b);
    const middle = median(times);
    const mad = median(times.map((t) => Math.abs(t - middle)).sort((a, b) => a - b));
    stats.set(topic, { median: middle, deviation: Math.max(MAD_SCALE * mad, MIN_DEVIATION), files: times.length, newest: times[times.length - 1] });
  }
  const findings: Finding[] = [];
  for (const path of context.documentsOfFile.keys()) {
    const time = lastChange[path];
    const topic = context.mainTopic(path);
    const topicStats = topic === undefined ? undefined : stats.get(topic);
    if (time === undefined || topic === undefined || !topicStats) continue;
    const behind = topicStats.median - time;
    const z = behind / topicStats.deviation;
    if (z < staleZ || behind < staleMinDays * DAY) continue;
    const when = atOrBefore.has(path) ? `${day(time)} or earlier (the clone is shallow)` : day(time);
    findings.push({
      fingerprint: context.fingerprint('stale', path),
      kind: 'stale',
      severity: 'warning',
      message:
        `Last changed ${when}, ${span(behind)} before the median of its topic ${context.topicName(topic)} ` +
        `(${day(topicStats.median)}, ${topicStats.files} dated files, the newest changed ${day(topicStats.newest)}).`,
      score: Math.round(z * 100) / 100,
      locations: [context.fileLocation(path)],
      topics: [topic],
    });
  }
  return findings;
}
