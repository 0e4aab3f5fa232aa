/** One row per document with its topic: BERTopic's get_document_info, for spreadsheets. */
import type { TopicGroup } from '../hierarchy/granularity';
import { groupLabel, SET_ASIDE_TOPIC, topicLabel, type TopicLensResult } from '../result';

const HEADER = ['path', 'heading', 'start_line', 'end_line', 'topic', 'topic_label', 'topic_title', 'probability'];

/**
 * RFC 4180 quoting; cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) get a
 * leading apostrophe, because file names and headings are user data.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** With `groups` holding several topics somewhere, two more columns: the group's id and name (empty for outliers). */
export function renderCsvReport(result: TopicLensResult, customLabels?: ReadonlyMap<number, string>, groups?: readonly TopicGroup[]): string {
  const topics = new Map(result.topics.map((t) => [t.id, t]));
  const grouped = (groups ?? []).some((g) => g.topics.length > 1);
  const groupOf = new Map((groups ?? []).flatMap((g) => g.topics.map((t) => [t, g] as const)));
  const rows = result.documents.map((doc) => {
    const topic = topics.get(doc.topic);
    const label = doc.topic === SET_ASIDE_TOPIC ? 'Not embeddable' : topicLabel(doc.topic, topic?.words ?? [], customLabels);
    const title = doc.topic >= 0 ? (topic?.title ?? '') : '';
    const cells: (string | number)[] = [doc.path, doc.heading ?? '', doc.startLine, doc.endLine, doc.topic, label, title, Number(doc.probability.toFixed(4))];
    if (grouped) {
      const group = groupOf.get(doc.topic);
      cells.push(group ? group.id : '', group ? groupLabel(group, topics, customLabels) : '');
    }
    return cells.map(csvCell).join(',');
  });
  return [[...HEADER, ...(grouped ? ['group', 'group_label'] : [])].join(','), ...rows].join('\r\n') + '\r\n';
}
