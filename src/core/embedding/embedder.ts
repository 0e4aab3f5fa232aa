/** The embedding stage's contract, and the pooling every sentence-embedding backend shares. */
import type { RunControl } from '../control';
import type { Matrix } from '../matrix';

/**
 * Turns texts into L2-normalised rows, one per text, in input order. A text with no known token gets an all-zero
 * row: the pipeline sets such documents aside as unembeddable (see {@link zeroRows}).
 */
export interface Embedder {
  /** Identifies the model and every setting that changes its vectors; the embedding cache keys on it. */
  readonly modelId: string;
  readonly dimension: number;
  readonly capabilities: EmbedderCapabilities;
  embed(texts: readonly string[], control?: RunControl): Promise<Matrix<Float32Array>>;
  dispose(): Promise<void>;
}

/** What the pipeline may do with an embedder's vectors, as the embedder declares it (never guessed from its id). */
export interface EmbedderCapabilities {
  /**
   * The vectors are SIF-weighted averages of word vectors (Arora et al. 2017), so removing the corpus's first
   * singular vector (SIF's second step) belongs to the model.
   */
  readonly sifWeighted: boolean;
  /**
   * A single word (or a few words) embeds as meaningfully as a text: true for word-level static models and for
   * sentence transformers (BERTopic embeds topic words with them for MaximalMarginalRelevance); false for an
   * embedding server, which would cost a round trip on every update of the topic words.
   */
  readonly embedsWords: boolean;
}

/** The output of a model that pools in its graph (ours do): one row per text, [batch, dimension], not yet normalised. */
export const POOLED_OUTPUT = 'sentence_embedding';

/** Indices of the all-zero rows (texts without a single known token). */
export function zeroRows(m: Matrix<Float32Array>): Int32Array {
  const zero: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    let allZero = true;
    for (let c = r * m.cols; c < (r + 1) * m.cols && allZero; c++) allZero = m.data[c] === 0;
    if (allZero) zero.push(r);
  }
  return Int32Array.from(zero);
}

/**
 * Masked mean over the sequence, then L2 normalisation, for token states [batch, sequence, dim]. A row whose
 * mean is zero (only padding or only unknown tokens) stays all zeros instead of becoming NaN.
 */
export function meanPoolNormalized(
  tokenStates: Float32Array,
  attentionMask: ArrayLike<bigint | number>,
  batch: number,
  sequence: number,
  dim: number,
): Float32Array {
  const pooled = new Float32Array(batch * dim);
  const sum = new Float64Array(dim);
  for (let b = 0; b < batch; b++) {
    sum.fill(0);
    for (let s = 0; s < sequence; s++) {
      if (Number(attentionMask[b * sequence + s]) === 0) continue;
      const offset = (b * sequence + s) * dim;
      for (let d = 0; d < dim; d++) sum[d] += tokenStates[offset + d];
    }
    // Dividing by the token count would cancel out in the normalisation below.
    let squares = 0;
    for (let d = 0; d < dim; d++) squares += sum[d] * sum[d];
    if (!(squares > 0) || !Number.isFinite(squares)) continue;
    const inverseNorm = 1 / Math.sqrt(squares);
    for (let d = 0; d < dim; d++) pooled[b * dim + d] = sum[d] * inverseNorm;
  }
  return pooled;
}

/** Scales each row of `dim` values to unit length, in place; all-zero (and non-finite) rows become zeros. */
export function normalizeRows(data: Float32Array, dim: number): Float32Array {
  for (let offset = 0; offset < data.length; offset += dim) {
    let squares = 0;
    for (let d = offset; d < offset + dim; d++) squares += data[d] * data[d];
    if (squares > 0 && Number.isFinite(squares)) {
      const inverseNorm = 1 / Math.sqrt(squares);
      for (let d = offset; d < offset + dim; d++) data[d] *= inverseNorm;
    } else {
      data.fill(0, offset, offset + dim);
    }
  }
  return data;
}
