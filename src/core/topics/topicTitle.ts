/**
 * A readable title per topic. Documentation names its own subjects: the headings of a topic's sections are the
 * first evidence. Each heading of a member section is scored by how much of the topic it speaks for: its terms'
 * c-TF-IDF weights in the topic (distinctive words), each times the share of the topic's headings that use the
 * term (shared, not one section's detail), over the square root of its number of terms (short beats long), and
 * over the number of topics whose sections carry that same heading (not "Options" or "Examples", which head
 * sections everywhere). The best heading is the title when it speaks for enough of the topic; otherwise the
 * title is made of the topic words: the best words, each replaced by a bigram among the top words that holds it.
 */
import type { TextFormat } from '../documents/structure';
import type { TopicWord } from '../result';
import type { ClassTfidf } from './classTfidf';
import { compareCodePoints, countDocumentTerms } from './documentTerms';
import { stripMarkup } from './stripMarkup';
import type { TopicGroups } from './topicGroups';
import { PARAGRAPH_BREAK, type TokenizerOptions } from './tokenize';

/** A heading must share a weighted term with at least this share of the topic's headed sections. */
const MIN_HEADING_COVERAGE = 0.2;
const MAX_TITLE_CHARS = 70;
const WORDS_IN_TITLE = 3;

export interface TitleEvidence {
  /** Per document (rows of the description): its section heading, or null. */
  readonly headings: readonly (string | null)[];
  /** Per document: its markup, to read its heading as a reader sees it. */
  readonly formats: readonly TextFormat[];
}

/** An API heading: a name with its argument list ("fastify.register(plugin, [options])"). */
const SIGNATURE = /^([\p{L}\p{N}_$.:]+)\s*\(.*\)$/u;
/** A generic type's heading: a name with its type parameters ("fastify.RouteHandlerMethod<RawServer, …>"). */
const GENERIC = /^([\p{L}\p{N}_$.:]+)\s*<.*>$/u;

/**
 * A heading as a reader sees it: markup, numbering and trailing colons gone, ALL CAPS in sentence case, an API
 * signature without its arguments, a generic type without its type parameters.
 */
export function readableHeading(heading: string, format: TextFormat): string {
  let text = stripMarkup(heading, format)
    .replaceAll(PARAGRAPH_BREAK, ' ')
    .replace(/[`*]+|(?<!\w)_+|_+(?!\w)/g, '')
    .replace(/\s+-{2,3}\s+/g, ' — ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+/, '')
    .replace(/[\s:.]+$/, '');
  if (!/\p{Ll}/u.test(text) && /\p{Lu}{4}/u.test(text)) text = text.charAt(0) + text.slice(1).toLowerCase();
  text = text.replace(SIGNATURE, '$1()').replace(GENERIC, '$1');
  return text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…` : text;
}

/** "Debug mode, debugger and development server" from the topic's words. */
export function wordsTitle(words: readonly TopicWord[]): string {
  const terms = words.map((w) => w.word).filter((w) => w !== '');
  const picked: string[] = [];
  const covered = new Set<string>();
  for (const term of terms) {
    if (picked.length === WORDS_IN_TITLE) break;
    const parts = term.split(' ');
    if (parts.every((p) => covered.has(p))) continue;
    // A word reads better inside the best bigram that holds it ("mode" → "debug mode").
    const phrase =
      parts.length === 1 ? (terms.find((t) => t.includes(' ') && t.split(' ').includes(term) && !t.split(' ').every((p) => covered.has(p))) ?? term) : term;
    picked.push(phrase);
    for (const p of phrase.split(' ')) covered.add(p);
  }
  if (picked.length === 0) return '';
  const listed = picked.length === 1 ? picked[0] : `${picked.slice(0, -1).join(', ')} and ${picked.at(-1)}`;
  return listed.charAt(0).toUpperCase() + listed.slice(1);
}

/** Column of `term` in the sorted vocabulary, or -1. */
function columnOf(vocabulary: readonly string[], term: string): number {
  let low = 0;
  let high = vocabulary.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const order = compareCodePoints(vocabulary[mid], term);
    if (order === 0) return mid;
    if (order < 0) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/**
 * One title per topic (in `groups` order): its best heading, or `wordsTitle` of its words. `words` are the
 * topics' final words, `options` how the topic words were counted (headings are counted the same way).
 */
export async function topicTitles(
  ctfidf: ClassTfidf,
  groups: TopicGroups,
  words: readonly (readonly TopicWord[])[],
  evidence: TitleEvidence,
  options: TokenizerOptions,
): Promise<string[]> {
  if (evidence.headings.every((heading) => heading === null)) return words.map(wordsTitle);
  // Each distinct heading once, as readers see it.
  const phraseOf = new Int32Array(evidence.headings.length).fill(-1);
  const phrases: string[] = [];
  const phraseIndex = new Map<string, number>();
  evidence.headings.forEach((heading, doc) => {
    const phrase = heading === null ? '' : readableHeading(heading, evidence.formats[doc]);
    if (phrase === '') return;
    let index = phraseIndex.get(phrase);
    if (index === undefined) {
      index = phrases.length;
      phrases.push(phrase);
      phraseIndex.set(phrase, index);
    }
    phraseOf[doc] = index;
  });
  // Each phrase's terms, as columns of the fitted c-TF-IDF (terms of no topic dropped).
  const counted = await countDocumentTerms(phrases, options);
  const fittedColumn = counted.vocabulary.map((term) => columnOf(ctfidf.vocabulary, term));
  const termsOf = phrases.map((_, p) => {
    const columns: number[] = [];
    for (let k = counted.counts.rowStart[p]; k < counted.counts.rowStart[p + 1]; k++) columns.push(fittedColumn[counted.counts.columns[k]]);
    return { columns: columns.filter((c) => c >= 0), count: counted.counts.rowStart[p + 1] - counted.counts.rowStart[p] };
  });

  // In how many topics (outliers aside) each phrase heads a section.
  const spread = new Int32Array(phrases.length);
  groups.members.forEach((members, r) => {
    if (groups.topicIds[r] < 0) return;
    for (const p of new Set(Array.from(members, (doc) => phraseOf[doc]))) if (p >= 0) spread[p]++;
  });

  const weight = new Float64Array(ctfidf.vocabulary.length);
  const { rowStart, columns, values } = ctfidf.weights;
  return groups.members.map((members, r) => {
    for (let k = rowStart[r]; k < rowStart[r + 1]; k++) weight[columns[k]] = values[k];
    const title = bestHeading(members, phraseOf, termsOf, spread, weight);
    for (let k = rowStart[r]; k < rowStart[r + 1]; k++) weight[columns[k]] = 0;
    return title === null ? wordsTitle(words[r]) : phrases[title];
  });
}

/** The index of the best phrase among the members' headings, or null when none speaks for enough of the topic. */
function bestHeading(
  members: Int32Array,
  phraseOf: Int32Array,
  termsOf: readonly { readonly columns: readonly number[]; readonly count: number }[],
  spread: Int32Array,
  weight: Float64Array,
): number | null {
  const headed = Array.from(members, (doc) => phraseOf[doc]).filter((p) => p >= 0);
  if (headed.length === 0) return null;
  // How many of the headed members use each weighted term.
  const use = new Map<number, number>();
  for (const p of headed) for (const column of new Set(termsOf[p].columns)) if (weight[column] > 0) use.set(column, (use.get(column) ?? 0) + 1);
  let best: number | null = null;
  let bestScore = 0;
  for (const p of new Set(headed)) {
    const { columns, count } = termsOf[p];
    let score = 0;
    for (const column of columns) score += weight[column] * ((use.get(column) ?? 0) / headed.length);
    score /= Math.sqrt(Math.max(count, 1)) * Math.max(spread[p], 1);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  if (best === null) return null;
  // Coverage: the share of headed members sharing a weighted term with the best heading.
  const bestColumns = new Set(termsOf[best].columns.filter((c) => weight[c] > 0));
  const covered = headed.filter((p) => termsOf[p].columns.some((c) => bestColumns.has(c))).length;
  return covered / headed.length >= MIN_HEADING_COVERAGE ? best : null;
}
