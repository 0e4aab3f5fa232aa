/** One row per document with its topic: BERTopic's get_document_info, for spreadsheets. */
import { SET_ASIDE_TOPIC, topicLabel, type TopicLensResult } from '../result';

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

export function renderCsvReport(result: TopicLensResult, customLabels?: ReadonlyMap<number, string>): string {
  const topics = new Map(result.topics.map((t) => [t.id, t]));
  const rows = result.documents.map((doc) => {
    const topic = topics.get(doc.topic);
    const label = doc.topic === SET_ASIDE_TOPIC ? 'Not embeddable' : topicLabel(doc.topic, topic?.words ?? [], customLabels);
    const title = doc.topic >= 0 ? (topic?.title ?? '') : '';
    return [doc.path, doc.heading ?? '', doc.startLine, doc.endLine, doc.topic, label, title, Number(doc.probability.toFixed(4))].map(csvCell).join(',');
  });
  return [HEADER.join(','), ...rows].join('\r\n') + '\r\n';
}
