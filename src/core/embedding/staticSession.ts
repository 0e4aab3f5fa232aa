/**
 * The ONNX Runtime session of a static model: runs packed batches and returns their rows L2-normalised. The model
 * pools in its graph (`sentence_embedding`), so each batch hands JavaScript one small row per text. It can also
 * tokenise a batch itself, with buffers allocated once.
 */
import './ortEnvironment';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { normalizeRows, POOLED_OUTPUT } from './embedder';
import { readStaticTokenizer, STATIC_MODEL_FILE, TokenBatch, type PackedBatch } from './staticTokens';
import type { WordLevelTokenizer } from './wordLevelTokenizer';

/** Where the model is, and the batches it runs: at most `batchSize` texts, `maxLength` tokens each. */
export interface StaticSessionOptions {
  readonly folder: string;
  readonly maxLength: number;
  readonly batchSize: number;
}

/** The session options of the static embedder; also what the benchmark's bare baseline uses. */
export function staticSessionOptions(threads = 1): InferenceSession.SessionOptions {
  return { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1, logSeverityLevel: 3 };
}

/** The model's inputs over a packed batch's arrays (no copies). */
export function batchTensors(batch: PackedBatch): { readonly input_ids: Tensor; readonly attention_mask: Tensor } {
  const dims = [batch.rows, batch.sequence];
  return { input_ids: new Tensor('int64', batch.ids, dims), attention_mask: new Tensor('int64', batch.mask, dims) };
}

export class StaticSession {
  private readonly batch: TokenBatch;
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly session: InferenceSession,
    tokenizer: WordLevelTokenizer,
    options: StaticSessionOptions,
    readonly dimension: number,
  ) {
    this.batch = new TokenBatch(options.batchSize, options.maxLength, tokenizer);
  }

  /** The session over `folder` (its tokenizer read already, or now), or undefined when it is not a pooled word-level model. */
  static async open(options: StaticSessionOptions, known?: WordLevelTokenizer): Promise<StaticSession | undefined> {
    const tokenizer = known ?? (await readStaticTokenizer(options.folder));
    if (!tokenizer) return undefined;
    const session = await InferenceSession.create(path.join(options.folder, STATIC_MODEL_FILE), staticSessionOptions());
    if (!session.outputNames.includes(POOLED_OUTPUT)) {
      await session.release();
      return undefined;
    }
    const probe = new TokenBatch(1, 1, tokenizer).fill(['probe'], 0, 1).pack();
    const { dims } = (await session.run(batchTensors(probe), [POOLED_OUTPUT]))[POOLED_OUTPUT];
    return new StaticSession(session, tokenizer, options, dims[1]);
  }

  /** The L2-normalised rows of a packed batch. */
  async run(batch: PackedBatch): Promise<Float32Array> {
    const pooled = (await this.session.run(batchTensors(batch), [POOLED_OUTPUT]))[POOLED_OUTPUT];
    return normalizeRows(pooled.data as Float32Array, this.dimension);
  }

  /**
   * Tokenises `texts[from, to)` (at most one batch) here and runs them. Calls take turns: they share the buffers,
   * which ONNX Runtime reads only when the deferred run starts.
   */
  embed(texts: readonly string[], from: number, to: number): Promise<Float32Array> {
    const result = this.turn.then(() => this.run(this.batch.fill(texts, from, to).pack()));
    this.turn = result.catch(() => undefined);
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
