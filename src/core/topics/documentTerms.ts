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
export async function countDocumentTerms(texts: readonly string[], options: TokenizerOptions, control: RunControl = {}): Promise<DocumentTerms> {
  const table = new WordTable();
  // Stop words take the first ids, so that skipping them is one comparison.
  if (options.stopWords) for (const word of ENGLISH_STOP_WORDS) table.idOfString(word);
  const firstCounted = table.words.length;
  // Every counted token's word id, document after document (a typed buffer: pushing millions of numbers is slow).
  let tokenIds = new Int32Array(1 << 16);
  let tokenCount = 0;
  const docStart = new Int32Array(texts.length + 1);
  const emptyAfterCleaning = new Uint8Array(texts.length);
  const count = (id: number) => {
    if (id < firstCounted) return;
    if (tokenCount === tokenIds.length) {
      const grown = new Int32Array(2 * tokenCount);
      grown.set(tokenIds);
      tokenIds = grown;
    }
    tokenIds[tokenCount++] = id;
  };

  for (let d = 0; d < texts.length; d++) {
    if (d % DOCUMENTS_PER_CHUNK === 0 && d > 0) {
      control.onProgress?.({ stage: 'represent', done: d, total: texts.length, message: 'Counting words' });
      await yieldToEventLoop();
      throwIfAborted(control.signal);
    }
    if (!table.readTokens(texts[d], options.cleanText, count)) emptyAfterCleaning[d] = 1;
    docStart[d + 1] = tokenCount;
  }

  const { words } = table;
  const order = words.map((_, id) => id).slice(firstCounted).sort((i, j) => compareCodePoints(words[i], words[j]));
  const column = new Int32Array(words.length).fill(-1);
  order.forEach((id, position) => (column[id] = position));
  const vocabulary = order.map((id) => words[id]);
  return { options, vocabulary, counts: countMatrix(tokenIds, docStart, column, vocabulary.length), emptyAfterCleaning };
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
