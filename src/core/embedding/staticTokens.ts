/**
 * Texts into the int64 batches a static model takes: the folder's word-level tokenizer, and right-padded
 * `input_ids` / `attention_mask` written through 32-bit views into buffers allocated once. No ONNX Runtime here,
 * so tokenizer threads load only this.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileWordLevelTokenizer, type WordLevelTokenizer } from './wordLevelTokenizer';

/** The int8 weights every model of ours is stored as. */
export const STATIC_MODEL_FILE = path.join('onnx', 'model_quantized.onnx');

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

/** The folder's fast tokenizer, or undefined when the folder is not a word-level static model we can run directly. */
export async function readStaticTokenizer(folder: string): Promise<WordLevelTokenizer | undefined> {
  const tokenizerFile = path.join(folder, 'tokenizer.json');
  if (!existsSync(tokenizerFile) || !existsSync(path.join(folder, STATIC_MODEL_FILE))) return undefined;
  const configFile = path.join(folder, 'tokenizer_config.json');
  return compileWordLevelTokenizer(await readJson(tokenizerFile), existsSync(configFile) ? await readJson(configFile) : {});
}

/** One batch as the model takes it: [rows, sequence] int64, right-padded, little-endian. */
export interface PackedBatch {
  readonly rows: number;
  readonly sequence: number;
  readonly ids: BigInt64Array;
  readonly mask: BigInt64Array;
}

/** Tokenises up to `capacity` texts at a time and pads them into int64 arrays. */
export class TokenBatch {
  /** Ids of row r start at r × maxLength. */
  private readonly tokenIds: Int32Array;
  readonly lengths: Int32Array;
  private rows = 0;
  private readonly ids: BigInt64Array;
  private readonly mask: BigInt64Array;

  constructor(
    readonly capacity: number,
    readonly maxLength: number,
    private readonly tokenizer: WordLevelTokenizer,
  ) {
    this.tokenIds = new Int32Array(capacity * maxLength);
    this.lengths = new Int32Array(capacity);
    this.ids = new BigInt64Array(capacity * maxLength);
    this.mask = new BigInt64Array(capacity * maxLength);
  }

  /** Tokenises `texts[from, to)`, at most `capacity` of them. */
  fill(texts: readonly string[], from: number, to: number): this {
    this.rows = to - from;
    for (let r = 0; r < this.rows; r++) {
      this.lengths[r] = this.tokenizer.encodeInto(texts[from + r], this.maxLength, this.tokenIds, r * this.maxLength);
    }
    return this;
  }

  /**
   * The filled rows padded to the longest (at least one column: a batch without tokens is one masked pad), in the
   * buffers allocated once, or in new arrays that can be handed to another thread.
   */
  pack(fresh = false): PackedBatch {
    const { rows, lengths, tokenIds, maxLength } = this;
    const padId = this.tokenizer.padId;
    let sequence = 1;
    for (let r = 0; r < rows; r++) sequence = Math.max(sequence, lengths[r]);
    const ids = fresh ? new BigInt64Array(rows * sequence) : this.ids.subarray(0, rows * sequence);
    const mask = fresh ? new BigInt64Array(rows * sequence) : this.mask.subarray(0, rows * sequence);
    // Little-endian int64 = low word, high word. Ids are non-negative 31-bit values, so the high words stay zero.
    const idWords = new Int32Array(ids.buffer, ids.byteOffset, 2 * ids.length);
    const maskWords = new Int32Array(mask.buffer, mask.byteOffset, 2 * mask.length);
    for (let r = 0; r < rows; r++) {
      const length = lengths[r];
      const source = r * maxLength;
      for (let s = 0; s < sequence; s++) {
        const word = 2 * (r * sequence + s);
        idWords[word] = s < length ? tokenIds[source + s] : padId;
        maskWords[word] = s < length ? 1 : 0;
      }
    }
    return { rows, sequence, ids, mask };
  }
}
