/**
 * Class-based TF-IDF exactly as BERTopic 0.17.4 (`_c_tf_idf` + `ClassTfidfTransformer`): each topic's documents
 * form one class document; X = topics × words counts; f_t = Σ_c X[c,t] (a total count, not a document
 * frequency); A = int(mean_c Σ_t X[c,t]); idf_t = ln(1 + A/f_t), or with BM25 ln(1 + (A − f_t + 0.5)/(f_t + 0.5));
 * tf = L1-normalised rows, square-rooted when reducing frequent words; weight = tf · idf.
 */
import { compareCodePoints, type DocumentTerms } from './documentTerms';
import { SparseRowsBuilder, type SparseMatrix } from './sparse';
import type { TopicGroups } from './topicGroups';
import { EMPTY_CLASS_TEXT } from './tokenize';

export interface CtfidfWeighting {
  readonly bm25Weighting: boolean;
  readonly reduceFrequentWords: boolean;
}

export interface ClassTfidf {
  readonly weighting: CtfidfWeighting;
  /** Row order of every matrix below (ascending, -1 first). */
  readonly topicIds: Int32Array;
  /** The words of at least one topic, in code-point order. */
  readonly vocabulary: readonly string[];
  /** Column in `vocabulary` of each column of the DocumentTerms it was fitted on; -1 for words in no topic. */
  readonly columnOfTerm: Int32Array;
  /** X: topics × vocabulary counts. */
  readonly counts: SparseMatrix;
  /** Σ_t X[c,t] per topic. */
  readonly tokenTotals: Float64Array;
  /** A: the mean of `tokenTotals`, truncated to an integer. */
  readonly averageTokens: number;
  readonly idf: Float64Array;
  /** topics × vocabulary c-TF-IDF scores. */
  readonly weights: SparseMatrix;
}

export function fitClassTfidf(terms: DocumentTerms, groups: TopicGroups, weighting: CtfidfWeighting): ClassTfidf {
  const { rows: termRows, emptyTopics, totals } = sumTopicRows(terms, groups);
  const { vocabulary, columnOfTerm, emptyDocColumn } = fittedVocabulary(terms.vocabulary, totals, emptyTopics.includes(1));

  // The summed rows over the fitted vocabulary; columnOfTerm is increasing on the words kept, so rows stay ascending.
  const rowStart = new Int32Array(termRows.rows + 1);
  for (let r = 0; r < termRows.rows; r++) rowStart[r + 1] = rowStart[r] + (emptyTopics[r] ? 1 : termRows.rowStart[r + 1] - termRows.rowStart[r]);
  const columns = new Int32Array(rowStart[termRows.rows]);
  const values = new Float64Array(rowStart[termRows.rows]);
  for (let r = 0; r < termRows.rows; r++) {
    if (emptyTopics[r]) {
      columns[rowStart[r]] = emptyDocColumn;
      values[rowStart[r]] = 1;
      continue;
    }
    for (let k = termRows.rowStart[r], at = rowStart[r]; k < termRows.rowStart[r + 1]; k++, at++) {
      columns[at] = columnOfTerm[termRows.columns[k]];
      values[at] = termRows.values[k];
    }
  }
  const counts: SparseMatrix = { rows: termRows.rows, cols: vocabulary.length, rowStart, columns, values };

  const wordTotals = new Float64Array(vocabulary.length);
  for (let k = 0; k < counts.columns.length; k++) wordTotals[counts.columns[k]] += counts.values[k];
  const tokenTotals = new Float64Array(counts.rows);
  let allTokens = 0;
  for (let r = 0; r < counts.rows; r++) {
    for (let k = counts.rowStart[r]; k < counts.rowStart[r + 1]; k++) tokenTotals[r] += counts.values[k];
    allTokens += tokenTotals[r];
  }
  const averageTokens = counts.rows > 0 ? Math.trunc(allTokens / counts.rows) : 0;
  const idf = inverseFrequencies(wordTotals, averageTokens, weighting.bm25Weighting);

  const weightValues = new Float64Array(counts.values.length);
  for (let r = 0; r < counts.rows; r++) {
    const start = counts.rowStart[r];
    const end = counts.rowStart[r + 1];
    weightRow(counts.columns.subarray(start, end), counts.values.subarray(start, end), idf, weighting, weightValues.subarray(start, end));
  }
  const weights: SparseMatrix = { ...counts, values: weightValues };

  return { weighting, topicIds: groups.topicIds, vocabulary, columnOfTerm, counts, tokenTotals, averageTokens, idf, weights };
}

function inverseFrequencies(wordTotals: Float64Array, averageTokens: number, bm25Weighting: boolean): Float64Array {
  return wordTotals.map((f) => (bm25Weighting ? Math.log(1 + (averageTokens - f + 0.5) / (f + 0.5)) : Math.log(1 + averageTokens / f)));
}

/**
 * tf · idf of one row of counts over the fitted vocabulary (BERTopic's `ctfidf_model.transform` of a counts row),
 * written to `out` (which may alias `counts`).
 */
export function weightRow(columns: Int32Array, counts: Float64Array, idf: Float64Array, weighting: CtfidfWeighting, out: Float64Array): void {
  let total = 0;
  for (const count of counts) total += count;
  for (let k = 0; k < columns.length; k++) {
    const tf = counts[k] / total;
    out[k] = (weighting.reduceFrequentWords ? Math.sqrt(tf) : tf) * idf[columns[k]];
  }
}

/**
 * One document's c-TF-IDF vector (BERTopic's `ctfidf_model.transform(vectorizer_model.transform([doc]))`): its
 * counts over the fitted vocabulary, tf-normalised as the topic rows and multiplied by the fitted idf. Writes into
 * `columns`/`values` (sized for the longest document) and returns the number of entries.
 */
export function documentVector(model: ClassTfidf, terms: DocumentTerms, doc: number, columns: Int32Array, values: Float64Array): number {
  let length = 0;
  for (let k = terms.counts.rowStart[doc]; k < terms.counts.rowStart[doc + 1]; k++) {
    const column = model.columnOfTerm[terms.counts.columns[k]];
    if (column < 0) continue;
    columns[length] = column;
    values[length++] = terms.counts.values[k];
  }
  weightRow(columns.subarray(0, length), values.subarray(0, length), model.idf, model.weighting, values.subarray(0, length));
  return length;
}

/** The longest row of a sparse matrix: the scratch size `documentVector` needs. */
export function longestRow(m: SparseMatrix): number {
  let longest = 0;
  for (let i = 0; i < m.rows; i++) longest = Math.max(longest, m.rowStart[i + 1] - m.rowStart[i]);
  return longest;
}

/** Each topic's summed document counts, in DocumentTerms columns, and which topics BERTopic turns into "emptydoc". */
function sumTopicRows(terms: DocumentTerms, groups: TopicGroups): { rows: SparseMatrix; emptyTopics: Uint8Array; totals: Float64Array } {
  const { counts } = terms;
  const builder = new SparseRowsBuilder();
  const totals = new Float64Array(counts.cols);
  const sum = new Float64Array(counts.cols);
  const emptyTopics = new Uint8Array(groups.topicIds.length);
  const touched = new Int32Array(counts.cols);
  const values = new Float64Array(counts.cols);
  groups.members.forEach((members, r) => {
    // Cleaning applies to the joined topic text: only a lone document can leave it exactly "".
    if (members.length === 1 && terms.emptyAfterCleaning[members[0]]) emptyTopics[r] = 1;
    let size = 0;
    for (const doc of members) {
      for (let k = counts.rowStart[doc]; k < counts.rowStart[doc + 1]; k++) {
        const c = counts.columns[k];
        if (sum[c] === 0) touched[size++] = c;
        sum[c] += counts.values[k];
      }
    }
    const columns = touched.subarray(0, size).sort();
    for (let k = 0; k < size; k++) {
      values[k] = sum[columns[k]];
      totals[columns[k]] += values[k];
      sum[columns[k]] = 0;
    }
    builder.addRow(columns, values, size);
  });
  return { rows: builder.build(counts.cols), emptyTopics, totals };
}

/** Keeps the words some topic uses, inserting "emptydoc" in order when a topic needs it. */
function fittedVocabulary(
  termVocabulary: readonly string[],
  totals: Float64Array,
  needsEmptyDoc: boolean,
): { vocabulary: string[]; columnOfTerm: Int32Array; emptyDocColumn: number } {
  const vocabulary: string[] = [];
  const columnOfTerm = new Int32Array(termVocabulary.length).fill(-1);
  let emptyDocColumn = -1;
  termVocabulary.forEach((word, c) => {
    if (needsEmptyDoc && emptyDocColumn < 0 && compareCodePoints(word, EMPTY_CLASS_TEXT) > 0) {
      emptyDocColumn = vocabulary.length;
      vocabulary.push(EMPTY_CLASS_TEXT);
    }
    const isEmptyDoc = needsEmptyDoc && word === EMPTY_CLASS_TEXT;
    if (totals[c] > 0 || isEmptyDoc) {
      if (isEmptyDoc) emptyDocColumn = vocabulary.length;
      columnOfTerm[c] = vocabulary.length;
      vocabulary.push(word);
    }
  });
  if (needsEmptyDoc && emptyDocColumn < 0) {
    emptyDocColumn = vocabulary.length;
    vocabulary.push(EMPTY_CLASS_TEXT);
  }
  return { vocabulary, columnOfTerm, emptyDocColumn };
}
