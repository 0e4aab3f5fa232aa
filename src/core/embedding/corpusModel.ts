/**
 * An embedding fitted on the corpus itself (latent semantic analysis): TF-IDF with sublinear tf, words in at least
 * 2 and at most half of the documents, English stop words left out, markup stripped → truncated SVD to 256
 * dimensions → unit rows. It knows a documentation tree's own vocabulary (API names, product terms) that a
 * general word model does not. New documents are folded in with the fitted vocabulary, idf and basis, so an
 * incremental update lands in the same space as the full run.
 */
import { createHash } from 'node:crypto';
import type { RunControl } from '../control';
import type { Matrix } from '../matrix';
import { seededRandom } from '../random';
import { TermCounter } from '../topics/documentTerms';
import { SparseRowsBuilder, type SparseMatrix } from '../topics/sparse';
import { stripMarkup } from '../topics/stripMarkup';
import { normalizeRows } from './embedder';
import { randomizedSvd } from './randomizedSvd';

export interface CorpusModelOptions {
  readonly dimension: number;
  /** Words in fewer documents are left out. */
  readonly minDocuments: number;
  /** Words in a larger share of the documents are left out. */
  readonly maxDocumentShare: number;
  readonly seed: number;
}

export const CORPUS_MODEL_DEFAULTS: CorpusModelOptions = { dimension: 256, minDocuments: 2, maxDocumentShare: 0.5, seed: 42 };

export interface CorpusModel {
  readonly vocabulary: readonly string[];
  readonly idf: Float64Array;
  /** vocabulary × dimension, row-major: each word's coordinates side by side. */
  readonly basis: Float32Array;
  readonly dimension: number;
  /** sha256 of vocabulary, idf and basis: changes whenever the fitted space does. */
  readonly digest: string;
}

function newCounter(): TermCounter {
  return new TermCounter({ cleanText: false, stopWords: true }, stripMarkup);
}

/** Sublinear TF-IDF rows over `columnOf` (counted word → model column, −1 = not in the model), L2-normalised. */
function tfidfRows(counts: SparseMatrix, columnOf: Int32Array, idf: Float64Array): SparseMatrix {
  const builder = new SparseRowsBuilder();
  const columns: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < counts.rows; r++) {
    columns.length = 0;
    values.length = 0;
    for (let e = counts.rowStart[r]; e < counts.rowStart[r + 1]; e++) {
      const column = columnOf[counts.columns[e]];
      if (column < 0) continue;
      columns.push(column);
      values.push((1 + Math.log(counts.values[e])) * idf[column]);
    }
    const order = columns.map((_, i) => i).sort((i, j) => columns[i] - columns[j]);
    // Summed in column order: a text gives the same row whichever counter numbered its words (fit or fold-in).
    let norm = 0;
    for (const i of order) norm += values[i] * values[i];
    norm = Math.sqrt(norm);
    builder.addRow(
      order.map((i) => columns[i]),
      order.map((i) => values[i] / norm),
      order.length,
    );
  }
  return builder.build(idf.length);
}

/** Rows × basisᵀ, unit length (rows without a model word stay zero: the pipeline sets them aside). */
function project(rows: SparseMatrix, model: Pick<CorpusModel, 'basis' | 'dimension'>): Matrix<Float32Array> {
  const { basis, dimension } = model;
  const out = new Float32Array(rows.rows * dimension);
  for (let r = 0; r < rows.rows; r++) {
    for (let e = rows.rowStart[r]; e < rows.rowStart[r + 1]; e++) {
      const word = rows.columns[e];
      const value = rows.values[e];
      for (let c = 0; c < dimension; c++) out[r * dimension + c] += value * basis[word * dimension + c];
    }
  }
  return { rows: rows.rows, cols: dimension, data: normalizeRows(out, dimension) };
}

export function corpusModelDigest(vocabulary: readonly string[], idf: Float64Array, basis: Float32Array): string {
  const hash = createHash('sha256').update(vocabulary.join('\n'));
  hash.update(new Uint8Array(idf.buffer, idf.byteOffset, idf.byteLength));
  hash.update(new Uint8Array(basis.buffer, basis.byteOffset, basis.byteLength));
  return hash.digest('hex');
}

export interface CorpusFit {
  readonly model: CorpusModel;
  /** The fitted texts' rows, as {@link embedWithCorpusModel} gives them, without counting their words again. */
  readonly embeddings: Matrix<Float32Array>;
}

/**
 * Fits the model on `texts`. Fewer usable words or documents than the dimension give a smaller basis. `threads`
 * (1 or 2) only changes how fast: the fit is the same.
 */
export async function fitCorpusModel(
  texts: readonly string[],
  options: CorpusModelOptions = CORPUS_MODEL_DEFAULTS,
  control: RunControl = {},
  threads = 1,
): Promise<CorpusFit> {
  const terms = await newCounter().count(texts, control);
  const n = texts.length;
  const documentFrequency = new Int32Array(terms.vocabulary.length);
  for (let e = 0; e < terms.counts.columns.length; e++) documentFrequency[terms.counts.columns[e]]++;
  const columnOf = new Int32Array(terms.vocabulary.length).fill(-1);
  const vocabulary: string[] = [];
  const idfValues: number[] = [];
  terms.vocabulary.forEach((word, id) => {
    const df = documentFrequency[id];
    if (df < options.minDocuments || df > options.maxDocumentShare * n) return;
    columnOf[id] = vocabulary.length;
    vocabulary.push(word);
    // scikit-learn's smooth idf.
    idfValues.push(Math.log((1 + n) / (1 + df)) + 1);
  });
  const idf = Float64Array.from(idfValues);
  const rows = tfidfRows(terms.counts, columnOf, idf);
  const k = Math.max(1, Math.min(options.dimension, vocabulary.length, n));
  let basis = new Float32Array(0);
  let dimension = 1;
  if (vocabulary.length > 0 && n > 0) {
    const svd = randomizedSvd(rows, k, seededRandom(options.seed), { threads });
    dimension = Math.max(svd.k, 1);
    basis = svd.k > 0 ? Float32Array.from(svd.components) : new Float32Array(vocabulary.length);
  }
  const model = { vocabulary, idf, basis, dimension, digest: corpusModelDigest(vocabulary, idf, basis) };
  return { model, embeddings: embedRows(rows, model) };
}

function embedRows(rows: SparseMatrix, model: CorpusModel): Matrix<Float32Array> {
  if (model.vocabulary.length === 0) return { rows: rows.rows, cols: model.dimension, data: new Float32Array(rows.rows * model.dimension) };
  return project(rows, model);
}

/** Embeds texts in a fitted model's space (fold-in): the same rows the fit gave for texts it was fitted on. */
export async function embedWithCorpusModel(model: CorpusModel, texts: readonly string[], control: RunControl = {}): Promise<Matrix<Float32Array>> {
  const terms = await newCounter().count(texts, control);
  const index = new Map(model.vocabulary.map((word, column) => [word, column]));
  const columnOf = Int32Array.from(terms.vocabulary, (word) => index.get(word) ?? -1);
  return embedRows(tfidfRows(terms.counts, columnOf, model.idf), model);
}

const MAGIC = 'TLCORPUS1';

/** The model as bytes: a JSON header line (magic, dimension, vocabulary) then idf (float64) and basis (float32). */
export function encodeCorpusModel(model: CorpusModel): Buffer {
  const header = Buffer.from(`${JSON.stringify({ magic: MAGIC, dimension: model.dimension, vocabulary: model.vocabulary })}\n`, 'utf8');
  return Buffer.concat([
    header,
    Buffer.from(model.idf.buffer, model.idf.byteOffset, model.idf.byteLength),
    Buffer.from(model.basis.buffer, model.basis.byteOffset, model.basis.byteLength),
  ]);
}

/** The model stored by {@link encodeCorpusModel}, or null when the bytes are not one (or not the expected digest). */
export function decodeCorpusModel(bytes: Buffer, expectedDigest?: string): CorpusModel | null {
  const newline = bytes.indexOf(10);
  if (newline < 0) return null;
  let header: { magic?: string; dimension?: number; vocabulary?: string[] };
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline));
  } catch {
    return null;
  }
  const { dimension, vocabulary } = header;
  if (header.magic !== MAGIC || !Number.isInteger(dimension) || !Array.isArray(vocabulary)) return null;
  const v = vocabulary.length;
  const body = new Uint8Array(bytes.subarray(newline + 1));
  const basisCount = v === 0 ? 0 : dimension! * v;
  if (body.byteLength !== 8 * v + 4 * basisCount) return null;
  const idf = new Float64Array(body.buffer.slice(0, 8 * v));
  const basis = new Float32Array(body.buffer.slice(8 * v));
  const digest = corpusModelDigest(vocabulary, idf, basis);
  if (expectedDigest !== undefined && digest !== expectedDigest) return null;
  return { vocabulary, idf, basis, dimension: dimension!, digest };
}
