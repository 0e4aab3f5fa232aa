/** The readable audit report: what the folder is about, what overlaps, what is orphaned. */
import type { TopicGroup } from '../hierarchy/granularity';
import { groupLabel, OUTLIER_TOPIC, SET_ASIDE_TOPIC, sourceLabel, topicLabel, type DocumentResult, type TopicLensResult } from '../result';

export interface MarkdownReportOptions {
  /** Turns a document into a link target (relative to where the report is written), or null for no link. */
  readonly linkFor: (doc: DocumentResult) => string | null;
  /** Custom topic labels (renamed in the editor), by topic id. */
  readonly customLabels?: ReadonlyMap<number, string>;
  /** Cap on listed outliers/skipped files, so huge runs stay readable. */
  readonly listLimit?: number;
  /** The topics in groups (a granularity of the topic hierarchy): listed as groups when some hold several topics. */
  readonly groups?: readonly TopicGroup[];
}

/** Line breaks in user data would end a list item or a table row: they become spaces. */
function oneLine(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ');
}

/**
 * Escapes text so Markdown renders it literally (file names and headings are user data): emphasis, code, links,
 * HTML and entities, table pipes, strikethrough and math are backslash-escaped, and so is what would start a
 * block at the beginning of a list item or cell (a heading, a list, a quote).
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>|~&$]/g, '\\$&')
    .replace(/^([#+-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text as an inline code span that shows it whole, whatever backticks it holds (a longer fence, CommonMark's rule). */
export function codeSpan(text: string): string {
  const flat = oneLine(text);
  const fence = '`'.repeat(Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

export function documentTitle(doc: DocumentResult): string {
  const place = doc.heading ? `${doc.path} › ${doc.heading}` : doc.path;
  return doc.startLine > 0 ? `${place} (line ${doc.startLine})` : place;
}

function documentLink(doc: DocumentResult, options: MarkdownReportOptions): string {
  const title = escapeMarkdown(documentTitle(doc));
  const target = options.linkFor(doc);
  // Parentheses would end the destination; "&" would start an entity that Markdown decodes ("&amp;" → "&").
  return target === null ? title : `[${title}](${encodeURI(target).replace(/[()&]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

export function renderMarkdownReport(result: TopicLensResult, options: MarkdownReportOptions): string {
  const limit = options.listLimit ?? 200;
  const docs = result.documents;
  const clustered = result.topics.filter((t) => t.id >= 0);
  const outliers = docs.filter((d) => d.topic === OUTLIER_TOPIC);
  const unembeddable = docs.filter((d) => d.topic === SET_ASIDE_TOPIC);
  const files = new Set(docs.map((d) => d.path)).size;
  const lines: string[] = [];
  lines.push(`# Topic Lens report`, '');
  lines.push(`Source: ${codeSpan(sourceLabel(result.source))}  `);
  lines.push(`Model: ${codeSpan(result.model.id)} (${result.model.dimension}-d) · unit: ${result.parameters.unit} · seed ${result.parameters.seed}  `);
  lines.push(`Created: ${result.createdAt}`, '');
  const weak = docs.filter((d) => d.weak).length;
  lines.push(
    `**${clustered.length} topics** over ${docs.length} documents from ${files} files; ` +
      `${outliers.length} outliers (${percent(outliers.length, docs.length)}), ` +
      (weak > 0 ? `${weak} weakly placed (${percent(weak, docs.length)}: near a topic but outside its dense core), ` : '') +
      `${unembeddable.length} unembeddable, ` +
      `${result.skipped.length} files skipped.`,
    '',
  );
  lines.push('| Topic | Title | Count | Top words |', '|---:|---|---:|---|');
  for (const topic of clustered) {
    const words = topic.words.map((w) => escapeMarkdown(w.word)).join(', ');
    lines.push(
      `| ${escapeMarkdown(topicLabel(topic.id, topic.words, options.customLabels))} | ${escapeMarkdown(topic.title ?? '')} | ${topic.count} | ${words} |`,
    );
  }
  lines.push('');
  const groups = (options.groups ?? []).filter((g) => g.topics.length > 1);
  if (groups.length > 0) renderGroups(lines, groups, result, options.customLabels);
  // Counted in one pass: once per topic over every document took most of the report's time on big trees.
  const weakCounts = new Map<number, number>();
  for (const doc of docs) if (doc.weak) weakCounts.set(doc.topic, (weakCounts.get(doc.topic) ?? 0) + 1);
  for (const topic of clustered) {
    lines.push(`## ${escapeMarkdown(topicLabel(topic.id, topic.words, options.customLabels))}`, '');
    if (topic.title) lines.push(`**${escapeMarkdown(topic.title)}**`, '');
    const weakMembers = weakCounts.get(topic.id) ?? 0;
    lines.push(`${topic.count} documents${weakMembers > 0 ? ` (${weakMembers} weakly placed)` : ''} · ${codeSpan(topic.name)}`, '');
    lines.push(topic.words.map((w) => `${escapeMarkdown(w.word)} (${w.score.toFixed(3)})`).join(' · '), '');
    lines.push('Representative documents:', '');
    for (const index of topic.representativeDocs) lines.push(`- ${documentLink(docs[index], options)}`);
    lines.push('');
  }
  lines.push(`## Outliers (${outliers.length})`, '');
  lines.push('Documents that fit no topic: candidates for orphaned or one-off content.', '');
  for (const doc of outliers.slice(0, limit)) lines.push(`- ${documentLink(doc, options)}`);
  if (outliers.length > limit) lines.push(`- … and ${outliers.length - limit} more (see topics.json)`);
  lines.push('');
  if (unembeddable.length > 0) {
    lines.push(`## Unembeddable documents (${unembeddable.length})`, '');
    lines.push('No word of these documents is known to the model, so they were set aside before clustering.', '');
    for (const doc of unembeddable.slice(0, limit)) lines.push(`- ${documentLink(doc, options)}: ${escapeMarkdown(doc.unembeddableReason ?? '')}`);
    if (unembeddable.length > limit) lines.push(`- … and ${unembeddable.length - limit} more`);
    lines.push('');
  }
  lines.push(`## Skipped files (${result.skipped.length})`, '');
  for (const skip of result.skipped.slice(0, limit)) lines.push(`- ${codeSpan(skip.path)} — ${skip.reason}: ${escapeMarkdown(skip.detail)}`);
  if (result.skipped.length > limit) lines.push(`- … and ${result.skipped.length - limit} more (see topics.json)`);
  lines.push('');
  lines.push('## Timings', '', '| Stage | Seconds |', '|---|---:|');
  for (const timing of result.timings) lines.push(`| ${timing.stage} | ${timing.seconds.toFixed(2)} |`);
  lines.push('');
  return lines.join('\n');
}

/** The groups of topics, largest first: name, documents, share, and their topics. */
function renderGroups(lines: string[], groups: readonly TopicGroup[], result: TopicLensResult, customLabels?: ReadonlyMap<number, string>): void {
  const topics = new Map(result.topics.map((t) => [t.id, t]));
  const sizeOf = (g: TopicGroup) => g.topics.reduce((sum, t) => sum + (topics.get(t)?.count ?? 0), 0);
  const sorted = [...groups].sort((a, b) => sizeOf(b) - sizeOf(a) || a.id - b.id);
  lines.push(`## Topic groups (${sorted.length})`, '');
  lines.push('Topics that the topic hierarchy puts together (Ward linkage on their c-TF-IDF words).', '');
  lines.push('| Group | Documents | Share | Topics |', '|---|---:|---:|---|');
  for (const group of sorted) {
    const members = group.topics.map((t) => escapeMarkdown(topicLabel(t, topics.get(t)?.words ?? [], customLabels))).join(', ');
    lines.push(
      `| ${escapeMarkdown(groupLabel(group, topics, customLabels))} | ${sizeOf(group)} | ${percent(sizeOf(group), result.documents.length)} | ${members} |`,
    );
  }
  lines.push('');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${((100 * part) / whole).toFixed(1)} %`;
}
