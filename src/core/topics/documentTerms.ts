/** The document × word count matrix every topic measure starts from (CountVectorizer's output, per document). */
import { throwIfAborted, yieldToEventLoop, type RunControl } from '../control';
import { ENGLISH_STOP_WORDS } from './englishStopWords';
import type { SparseMatrix } from './sparse';
import type { TokenizerOptions } from './tokenize';
import { WordTable } from './wordTable';

export interface DocumentTerms {
  readonly options: TokenizerOptions;
  /** Distinct words in code-point order (scikit-learn's `get_feature_names_out` order). */
  readonly vocabulary: readonly string[];
  /** documents × vocabulary word counts. */
  readonly counts: SparseMatrix;
  /** 1 where the cleaned text is exactly "": alone in a topic, such a document makes that topic "emptydoc". */
  readonly emptyAfterCleaning: Uint8Array;
}

const DOCUMENTS_PER_CHUNK = 2000;
/** The tokens of a text nobody will ask for again (counted without a key): not copied. */
const EMPTY_TOKENS = new Int32Array(0);

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

/** A counted document's tokens (word ids of the counter's table, stop words left out), and whether it cleaned to "". */
interface CountedText {
  readonly tokens: Int32Array;
  readonly empty: boolean;
}

/**
 * Counts the words of documents, and remembers each document's tokens by a key the caller gives (a content
 * hash), so that counting a corpus again after a few documents changed only tokenises those. Word ids stay
 * stable for the counter's life; what it remembers is what the last call counted.
 */
export class TermCounter {
  private readonly table = new WordTable();
  private readonly firstCounted: number;
  private remembered = new Map<string, CountedText>();

  /** `prepare` turns a text into what is counted (e.g. stripMarkup); it runs only for texts not remembered. */
  constructor(
    readonly options: TokenizerOptions,
    private readonly prepare: (text: string) => string = (text) => text,
  ) {
    // Stop words take the first ids, so that skipping them is one comparison.
    if (options.stopWords) for (const word of ENGLISH_STOP_WORDS) this.table.idOfString(word);
    this.firstCounted = this.table.words.length;
  }

  /** The counts of `texts`; with `keys` (one per text), texts counted under the same key last time are not read. */
  async count(texts: readonly string[], control: RunControl = {}, keys?: readonly string[]): Promise<DocumentTerms> {
    const { table, firstCounted } = this;
    // Every counted token's word id, document after document (a typed buffer: pushing millions of numbers is slow).
    let tokenIds = new Int32Array(1 << 16);
    let tokenCount = 0;
    const reserve = (more: number) => {
      if (tokenCount + more <= tokenIds.length) return;
      const grown = new Int32Array(Math.max(2 * tokenIds.length, tokenCount + more));
      grown.set(tokenIds.subarray(0, tokenCount));
      tokenIds = grown;
    };
    const countToken = (id: number) => {
      if (id < firstCounted) return;
      reserve(1);
      tokenIds[tokenCount++] = id;
    };
    const docStart = new Int32Array(texts.length + 1);
    const emptyAfterCleaning = new Uint8Array(texts.length);
    const remembered = new Map<string, CountedText>();

    for (let d = 0; d < texts.length; d++) {
      if (d % DOCUMENTS_PER_CHUNK === 0 && d > 0) {
        control.onProgress?.({ stage: 'represent', done: d, total: texts.length, message: 'Counting words' });
        await yieldToEventLoop();
        throwIfAborted(control.signal);
      }
      const key = keys?.[d];
      let counted = key === undefined ? undefined : (this.remembered.get(key) ?? remembered.get(key));
      if (counted) {
        reserve(counted.tokens.length);
        tokenIds.set(counted.tokens, tokenCount);
        tokenCount += counted.tokens.length;
      } else {
        const start = tokenCount;
        const empty = !table.readTokens(this.prepare(texts[d]), this.options.cleanText, countToken);
        counted = { tokens: key === undefined ? EMPTY_TOKENS : tokenIds.slice(start, tokenCount), empty };
      }
      if (key !== undefined) remembered.set(key, counted);
      if (counted.empty) emptyAfterCleaning[d] = 1;
      docStart[d + 1] = tokenCount;
    }
    if (keys) this.remembered = remembered;

    // The vocabulary is the words these texts use, in code-point order.
    const { words } = table;
    const used = new Uint8Array(words.length);
    for (let k = 0; k < tokenCount; k++) used[tokenIds[k]] = 1;
    const order: number[] = [];
    for (let id = firstCounted; id < words.length; id++) if (used[id]) order.push(id);
    order.sort((i, j) => compareCodePoints(words[i], words[j]));
    const column = new Int32Array(words.length).fill(-1);
    order.forEach((id, position) => (column[id] = position));
    const vocabulary = order.map((id) => words[id]);
    return { options: this.options, vocabulary, counts: countMatrix(tokenIds, docStart, column, vocabulary.length), emptyAfterCleaning };
  }
}

/** Per document: the distinct columns of its tokens, ascending, with how often each occurs. */
function countMatrix(tokenIds: Int32Array, docStart: Int32Array, column: Int32Array, columns: number): SparseMatrix {
  const rows = docStart.length - 1;
  const rowStart = new Int32Array(rows + 1);
  // A document has at most as many distinct words as tokens: fill, then trim.
  const rowColumns = new Int32Array(docStart[rows]);
  const values = new Float64Array(docStart[rows]);
  const count = new Float64Array(columns);
  let size = 0;
  for (let d = 0; d < rows; d++) {
    const start = size;
    for (let k = docStart[d]; k < docStart[d + 1]; k++) {
      const c = column[tokenIds[k]];
      if (count[c] === 0) rowColumns[size++] = c;
      count[c]++;
    }
    rowColumns.subarray(start, size).sort();
    for (let k = start; k < size; k++) {
      values[k] = count[rowColumns[k]];
      count[rowColumns[k]] = 0;
    }
    rowStart[d + 1] = size;
  }
  return { rows, cols: columns, rowStart, columns: rowColumns.slice(0, size), values: values.slice(0, size) };
}
