/** The document × word count matrix every topic measure starts from (CountVectorizer's output, per document). */
import { throwIfAborted, yieldToEventLoop, type RunControl } from '../control';
import { ENGLISH_STOP_WORDS } from './englishStopWords';
import type { SparseMatrix } from './sparse';
import type { TextFormat } from '../documents/structure';
import { PairTable } from './pairTable';
import type { TokenizerOptions } from './tokenize';
import { WordTable } from './wordTable';

export interface DocumentTerms {
  readonly options: TokenizerOptions;
  /** Distinct terms (words, and "a b" for bigrams) in code-point order (scikit-learn's `get_feature_names_out`). */
  readonly vocabulary: readonly string[];
  /** documents × vocabulary term counts. */
  readonly counts: SparseMatrix;
  /** 1 where the cleaned text is exactly "": alone in a topic, such a document makes that topic "emptydoc". */
  readonly emptyAfterCleaning: Uint8Array;
}

const DOCUMENTS_PER_CHUNK = 2000;
/** A word that starts with a digit, of any script. */
const NUMBER_LED = /^\p{N}/u;

/** Orders strings by Unicode code point (as Python does); plain `<` compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrderKey(x) - codePointOrderKey(y);
  }
  return a.length - b.length;
}

/** Surrogates (characters above U+FFFF) must sort after U+E000–U+FFFF. */
function codePointOrderKey(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Tokenises every text and counts its words; yields to the event loop between chunks so a run can be cancelled. */
export function countDocumentTerms(texts: readonly string[], options: TokenizerOptions, control: RunControl = {}): Promise<DocumentTerms> {
  return new TermCounter(options).count(texts, control);
}

/**
 * A counted document (see TermCounter): its distinct terms with how often each occurs, the terms in code-point
 * order of their strings — the order of any vocabulary that holds them, so its row needs no sorting when counted
 * again — and whether it cleaned to "".
 */
interface CountedText {
  readonly terms: Int32Array;
  readonly counts: Uint32Array;
  readonly empty: boolean;
}

/**
 * Counts the terms of documents — words, and with `bigrams` pairs of consecutive words — and remembers each
 * document's counts by a key the caller gives (a content hash), so that counting a corpus again after a few
 * documents changed only tokenises those. Term ids stay stable for the counter's life: word w is term 2w,
 * pair p is term 2p + 1. What it remembers is what the last call counted.
 */
export class TermCounter {
  private readonly table = new WordTable();
  private readonly pairs = new PairTable();
  private readonly firstCounted: number;
  /** Per word id, 1 when the word is not counted (a stop word, or a number with `skipNumbers`). */
  private skipped = new Uint8Array(1024);
  private flagged = 0;
  private remembered = new Map<string, CountedText>();
  /** See wordsInOrder. */
  private sortedWords = new Int32Array(0);

  /**
   * `prepare` turns a text into what is counted (e.g. stripMarkup, which needs the document's format); it runs
   * only for texts not remembered.
   */
  constructor(
    readonly options: TokenizerOptions,
    private readonly prepare: (text: string, format: TextFormat) => string = (text) => text,
  ) {
    // Stop words take the first ids.
    if (options.stopWords) for (const word of ENGLISH_STOP_WORDS) this.table.idOfString(word);
    this.firstCounted = this.table.words.length;
  }

  /**
   * The counts of `texts`; with `keys` (one per text), texts counted under the same key (and format) last time
   * are not read. `formats` (default plain) is what `prepare` is told.
   */
  async count(texts: readonly string[], control: RunControl = {}, keys?: readonly string[], formats?: readonly TextFormat[]): Promise<DocumentTerms> {
    const { table, pairs } = this;
    const bigrams = this.options.bigrams === true;
    // The terms of the text being read, in order (a typed buffer: pushing millions of numbers is slow).
    let termIds = new Int32Array(1 << 12);
    let termCount = 0;
    const push = (term: number) => {
      if (termCount === termIds.length) {
        const grown = new Int32Array(2 * termIds.length);
        grown.set(termIds);
        termIds = grown;
      }
      termIds[termCount++] = term;
    };
    let previous = -1;
    const countWord = (id: number) => {
      if (this.isSkipped(id)) return;
      push(2 * id);
      // A word repeated ("git git", "fastify.fastify") is no phrase a reader would say: scikit-learn counts it, we do not.
      if (bigrams && previous >= 0 && previous !== id) push(2 * pairs.idOf(previous, id) + 1);
      previous = id;
    };
    const endParagraph = () => (previous = -1);
    const counted = new Array<CountedText>(texts.length);
    /** Documents read this time: their terms are in first-seen order until the vocabulary is known. */
    const fresh: number[] = [];
    const remembered = new Map<string, CountedText>();
    let tally = new Float64Array(1024);

    for (let d = 0; d < texts.length; d++) {
      if (d % DOCUMENTS_PER_CHUNK === 0 && d > 0) {
        control.onProgress?.({ stage: 'represent', done: d, total: texts.length, message: 'Counting words' });
        await yieldToEventLoop();
        throwIfAborted(control.signal);
      }
      const format = formats?.[d] ?? 'plain';
      const key = keys === undefined ? undefined : `${format}:${keys[d]}`;
      let text = key === undefined ? undefined : (this.remembered.get(key) ?? remembered.get(key));
      if (!text) {
        termCount = 0;
        previous = -1;
        const empty = !table.readTokens(this.prepare(texts[d], format), this.options.cleanText, countWord, bigrams ? endParagraph : undefined);
        const termSpace = 2 * Math.max(table.words.length, pairs.size) + 2;
        if (tally.length < termSpace) tally = new Float64Array(Math.max(termSpace, 2 * tally.length));
        text = distinctTerms(termIds.subarray(0, termCount), tally, empty);
        fresh.push(d);
      }
      if (key !== undefined) remembered.set(key, text);
      counted[d] = text;
    }
    if (keys) this.remembered = remembered;

    const { vocabulary, column, termAt } = this.vocabularyOf(counted);
    // What was read this time takes the vocabulary's order (what was remembered has it already).
    for (const d of fresh) sortByColumn(counted[d], column, termAt, tally);
    return {
      options: this.options,
      vocabulary,
      counts: countMatrix(counted, column, vocabulary.length),
      emptyAfterCleaning: Uint8Array.from(counted, (c) => (c.empty ? 1 : 0)),
    };
  }

  /**
   * Every counted word's id in code-point order of the words. Sorted once: words met since the last call are
   * sorted alone and merged in, so counting again after an update does not sort the whole vocabulary again.
   */
  private wordsInOrder(): Int32Array {
    const { words } = this.table;
    const known = this.sortedWords.length;
    const from = this.firstCounted + known;
    if (from === words.length) return this.sortedWords;
    const byWord = (i: number, j: number) => compareCodePoints(words[i], words[j]);
    const fresh = Int32Array.from({ length: words.length - from }, (_, k) => from + k).sort(byWord);
    const merged = new Int32Array(known + fresh.length);
    for (let a = 0, b = 0, at = 0; at < merged.length; at++) {
      merged[at] = b === fresh.length || (a < known && byWord(this.sortedWords[a], fresh[b]) < 0) ? this.sortedWords[a++] : fresh[b++];
    }
    this.sortedWords = merged;
    return merged;
  }

  private isSkipped(id: number): boolean {
    if (id >= this.flagged) this.flagWords();
    return this.skipped[id] === 1;
  }

  /** Flags the words added since the last call. */
  private flagWords(): void {
    const { words } = this.table;
    if (this.skipped.length < words.length) {
      const grown = new Uint8Array(Math.max(2 * this.skipped.length, words.length));
      grown.set(this.skipped);
      this.skipped = grown;
    }
    for (let id = this.flagged; id < words.length; id++) {
      this.skipped[id] = id < this.firstCounted || (this.options.skipNumbers === true && NUMBER_LED.test(words[id])) ? 1 : 0;
    }
    this.flagged = words.length;
  }

  /**
   * The terms used, in code-point order of their strings (scikit-learn's `get_feature_names_out`), and each
   * term's column. A bigram "a b" sorts by (a, b), after the word "a" and before any word "a…" longer than a:
   * a space sorts before every token character. So the words are sorted as strings once, and the terms by their
   * words' ranks: a counting sort by second word (a word alone first), then a stable one by first word.
   */
  private vocabularyOf(counted: readonly CountedText[]): { vocabulary: string[]; column: Int32Array; termAt: Int32Array } {
    const { words } = this.table;
    const { pairs } = this;
    const termSpace = 2 * Math.max(words.length, pairs.size) + 2;
    const used = new Uint8Array(termSpace);
    for (const { terms } of counted) for (let k = 0; k < terms.length; k++) used[terms[k]] = 1;
    const usedWords: number[] = [];
    for (const id of this.wordsInOrder()) if (used[2 * id]) usedWords.push(id);
    const rank = new Int32Array(words.length);
    usedWords.forEach((id, r) => (rank[id] = r));

    // Per used term: its first word's rank, and its second word's rank + 1 (0 for a word alone).
    let count = 0;
    for (let term = 0; term < termSpace; term++) count += used[term];
    const usedTerms = new Int32Array(count);
    const firstRank = new Int32Array(termSpace);
    const secondKey = new Int32Array(termSpace);
    for (let term = 0, k = 0; term < termSpace; term++) {
      if (!used[term]) continue;
      usedTerms[k++] = term;
      const bigram = term % 2 === 1;
      firstRank[term] = rank[bigram ? pairs.first(term >> 1) : term >> 1];
      secondKey[term] = bigram ? rank[pairs.second(term >> 1)] + 1 : 0;
    }
    const order = countingSort(countingSort(usedTerms, secondKey, usedWords.length + 1), firstRank, usedWords.length);

    const column = new Int32Array(termSpace).fill(-1);
    const vocabulary = new Array<string>(order.length);
    for (let position = 0; position < order.length; position++) {
      const term = order[position];
      column[term] = position;
      vocabulary[position] = term % 2 === 0 ? words[term >> 1] : pairs.text(term >> 1, words);
    }
    return { vocabulary, column, termAt: order };
  }
}

/** `items` stably sorted by `key[item]` ∈ [0, keys). */
function countingSort(items: Int32Array, key: Int32Array, keys: number): Int32Array {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < items.length; i++) start[key[items[i]] + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const sorted = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) sorted[start[key[items[i]]]++] = items[i];
  return sorted;
}

/** A text's distinct terms in first-seen order with their counts (`tally`: all zero, left so). */
function distinctTerms(termIds: Int32Array, tally: Float64Array, empty: boolean): CountedText {
  const distinct: number[] = [];
  for (let k = 0; k < termIds.length; k++) if (tally[termIds[k]]++ === 0) distinct.push(termIds[k]);
  const terms = Int32Array.from(distinct);
  const counts = Uint32Array.from(distinct, (term) => tally[term]);
  for (const term of distinct) tally[term] = 0;
  return { terms, counts, empty };
}

/** Puts a freshly read text's terms (and their counts) into vocabulary order, in place (`tally`: all zero, left so). */
function sortByColumn(text: CountedText, column: Int32Array, termAt: Int32Array, tally: Float64Array): void {
  const { terms, counts } = text;
  const columns = new Int32Array(terms.length);
  for (let k = 0; k < terms.length; k++) {
    columns[k] = column[terms[k]];
    tally[terms[k]] = counts[k];
  }
  columns.sort();
  for (let k = 0; k < terms.length; k++) {
    terms[k] = termAt[columns[k]];
    counts[k] = tally[terms[k]];
    tally[terms[k]] = 0;
  }
}

/**
 * Per document: the columns of its terms, ascending, with how often each occurs. Terms are in code-point order
 * and columns follow that order, so a counted text's row is its terms mapped to columns.
 */
function countMatrix(counted: readonly CountedText[], column: Int32Array, columns: number): SparseMatrix {
  const rowStart = new Int32Array(counted.length + 1);
  counted.forEach((text, d) => (rowStart[d + 1] = rowStart[d] + text.terms.length));
  const rowColumns = new Int32Array(rowStart[counted.length]);
  const values = new Float64Array(rowStart[counted.length]);
  counted.forEach((text, d) => {
    const at = rowStart[d];
    for (let k = 0; k < text.terms.length; k++) rowColumns[at + k] = column[text.terms[k]];
    values.set(text.counts, at);
  });
  return { rows: counted.length, cols: columns, rowStart, columns: rowColumns, values };
}
