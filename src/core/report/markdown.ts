/** The readable audit report: what the folder is about, what overlaps, what is orphaned. */
import type { TopicGroup } from '../hierarchy/granularity';
import type { DocumentResult, TopicInfo, TopicLensResult } from '../result';

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

/** Escapes text so Markdown renders it literally (file names and headings are user data). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/\r?\n/g, ' ');
}

export function documentTitle(doc: DocumentResult): string {
  const place = doc.heading ? `${doc.path} › ${doc.heading}` : doc.path;
  return doc.startLine > 0 ? `${place} (line ${doc.startLine})` : place;
}

function documentLink(doc: DocumentResult, options: MarkdownReportOptions): string {
  const title = escapeMarkdown(documentTitle(doc));
  const target = options.linkFor(doc);
  return target === null ? title : `[${title}](${encodeURI(target).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

export function topicDisplayName(topicId: number, words: readonly { word: string }[], customLabels?: ReadonlyMap<number, string>): string {
  const custom = customLabels?.get(topicId);
  if (custom) return `${topicId}: ${custom}`;
  if (topicId === -1) return 'Unassigned (-1)';
  return `${topicId}: ${words.slice(0, 3).map((w) => w.word).join('_')}`;
}

/** Words in a group's name. */
const GROUP_NAME_WORDS = 3;

/**
 * A group's name: a single topic's own name; else the group's custom label, or the top words of its documents
 * taken together ("w1 · w2 · w3").
 */
export function groupDisplayName(group: TopicGroup, topics: ReadonlyMap<number, Pick<TopicInfo, 'words'>>, customLabels?: ReadonlyMap<number, string>): string {
  if (group.topics.length === 1) return topicDisplayName(group.topics[0], topics.get(group.topics[0])?.words ?? [], customLabels);
  return customLabels?.get(group.id) ?? group.words.slice(0, GROUP_NAME_WORDS).map((w) => w.word).join(' · ');
}

export function renderMarkdownReport(result: TopicLensResult, options: MarkdownReportOptions): string {
  const limit = options.listLimit ?? 200;
  const docs = result.documents;
  const clustered = result.topics.filter((t) => t.id >= 0);
  const outliers = docs.filter((d) => d.topic === -1);
  const unembeddable = docs.filter((d) => d.topic === -2);
  const files = new Set(docs.map((d) => d.path)).size;
  const lines: string[] = [];
  lines.push(`# Topic Lens report`, '');
  lines.push(`Source: \`${result.source}\`  `);
  lines.push(`Model: \`${result.model.id}\` (${result.model.dimension}-d) · unit: ${result.parameters.unit} · seed ${result.parameters.seed}  `);
  lines.push(`Created: ${result.createdAt}`, '');
  lines.push(
    `**${clustered.length} topics** over ${docs.length} documents from ${files} files; ` +
      `${outliers.length} outliers (${percent(outliers.length, docs.length)}), ${unembeddable.length} unembeddable, ` +
      `${result.skipped.length} files skipped.`,
    '',
  );
  lines.push('| Topic | Count | Top words |', '|---:|---:|---|');
  for (const topic of clustered) {
    const words = topic.words.map((w) => escapeMarkdown(w.word)).join(', ');
    lines.push(`| ${escapeMarkdown(topicDisplayName(topic.id, topic.words, options.customLabels))} | ${topic.count} | ${words} |`);
  }
  lines.push('');
  const groups = (options.groups ?? []).filter((g) => g.topics.length > 1);
  if (groups.length > 0) renderGroups(lines, options.groups ?? [], result, options.customLabels);
  for (const topic of clustered) {
    lines.push(`## ${escapeMarkdown(topicDisplayName(topic.id, topic.words, options.customLabels))}`, '');
    lines.push(`${topic.count} documents · \`${topic.name}\``, '');
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
  for (const skip of result.skipped.slice(0, limit)) lines.push(`- \`${skip.path}\` — ${skip.reason}: ${escapeMarkdown(skip.detail)}`);
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
    const members = group.topics.map((t) => escapeMarkdown(topicDisplayName(t, topics.get(t)?.words ?? [], customLabels))).join(', ');
    lines.push(`| ${escapeMarkdown(groupDisplayName(group, topics, customLabels))} | ${sizeOf(group)} | ${percent(sizeOf(group), result.documents.length)} | ${members} |`);
  }
  lines.push('');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${((100 * part) / whole).toFixed(1)} %`;
}
