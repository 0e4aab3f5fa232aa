/**
 * The "corpus" model choice: an embedder that must be fitted on the documents before it embeds them (see
 * corpusModel.ts). Its model id names the fitted basis, so cached embeddings and incremental updates never mix
 * two fits; the basis is stored beside the embedding cache so that a later update can fold documents into it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunControl } from '../control';
import type { Matrix } from '../matrix';
import { CORPUS_MODEL_DEFAULTS, decodeCorpusModel, embedWithCorpusModel, encodeCorpusModel, fitCorpusModel, type CorpusModel } from './corpusModel';
import type { Embedder, EmbedderCapabilities } from './embedder';
import { writeCache } from './embeddingCache';

/** The `model` setting that asks for an embedding fitted on the scanned documents. */
export const CORPUS_MODEL = 'corpus';
const ID_PREFIX = `corpus-tfidf-svd-${CORPUS_MODEL_DEFAULTS.dimension}@`;
/** Whether a result's model id names a corpus-fitted model (of any fit). */
export function isCorpusModelId(modelId: string): boolean {
  return modelId.startsWith(ID_PREFIX);
}

/** Characters of the basis digest in the model id. */
const DIGEST_CHARS = 16;

/** An embedder whose space is fitted on a corpus first. */
export interface CorpusFittedEmbedder extends Embedder {
  readonly fitsCorpus: true;
  /** Fits the space on `texts` (the model id changes with it). */
  fit(texts: readonly string[], control?: RunControl): Promise<void>;
  /** Takes back the space of an earlier fit by its model id, from memory or from `folder`; false when it is gone. */
  restore(modelId: string, folder: string | undefined): Promise<boolean>;
  /** Keeps the fitted space in `folder` for later restores. */
  store(folder: string): Promise<void>;
}

export function fitsCorpus(embedder: Embedder): embedder is CorpusFittedEmbedder {
  return (embedder as Partial<CorpusFittedEmbedder>).fitsCorpus === true;
}

function basisFile(folder: string, modelId: string): string {
  return path.join(folder, `${modelId.slice(ID_PREFIX.length)}.basis`);
}

export class CorpusEmbedder implements CorpusFittedEmbedder {
  readonly fitsCorpus = true;
  readonly capabilities: EmbedderCapabilities = { sifWeighted: false, embedsWords: false };
  private model: CorpusModel | undefined;
  /** The last fit's texts (→ row) and rows: a full run embeds what it was fitted on without counting it twice. */
  private fitted: { readonly rowOf: Map<string, number>; readonly embeddings: Matrix<Float32Array> } | undefined;

  /** `threads`: for fitting (1 or 2, default 2; the fit is the same either way). */
  constructor(private readonly threads = 2) {}

  get modelId(): string {
    if (!this.model) throw new Error('The corpus model is used before it was fitted.');
    return `${ID_PREFIX}${this.model.digest.slice(0, DIGEST_CHARS)}`;
  }

  get dimension(): number {
    if (!this.model) throw new Error('The corpus model is used before it was fitted.');
    return this.model.dimension;
  }

  async fit(texts: readonly string[], control: RunControl = {}): Promise<void> {
    const { model, embeddings } = await fitCorpusModel(texts, CORPUS_MODEL_DEFAULTS, control, this.threads);
    this.model = model;
    this.fitted = { rowOf: new Map(texts.map((text, row) => [text, row])), embeddings };
  }

  async restore(modelId: string, folder: string | undefined): Promise<boolean> {
    if (this.model && this.modelId === modelId) return true;
    if (!isCorpusModelId(modelId) || folder === undefined) return false;
    try {
      const model = decodeCorpusModel(await readFile(basisFile(folder, modelId)));
      if (!model || !model.digest.startsWith(modelId.slice(ID_PREFIX.length))) return false;
      this.model = model;
      this.fitted = undefined;
      return true;
    } catch {
      return false;
    }
  }

  async store(folder: string): Promise<void> {
    // Best effort, as the embedding cache: without it an update asks for a full run.
    await writeCache(basisFile(folder, this.modelId), encodeCorpusModel(this.model!));
  }

  async embed(texts: readonly string[], control?: RunControl): Promise<Matrix<Float32Array>> {
    const { model, fitted } = this;
    if (!model) throw new Error('The corpus model is used before it was fitted.');
    const unseen = fitted ? texts.filter((text) => !fitted.rowOf.has(text)) : texts;
    if (!fitted || unseen.length === texts.length) return embedWithCorpusModel(model, texts, control);
    const folded = unseen.length > 0 ? await embedWithCorpusModel(model, unseen, control) : undefined;
    const { dimension } = model;
    const data = new Float32Array(texts.length * dimension);
    let next = 0;
    texts.forEach((text, i) => {
      const row = fitted.rowOf.get(text);
      const from = row === undefined ? folded!.data : fitted.embeddings.data;
      const at = row === undefined ? next++ : row;
      data.set(from.subarray(at * dimension, (at + 1) * dimension), i * dimension);
    });
    return { rows: texts.length, cols: dimension, data };
  }

  async dispose(): Promise<void> {
    this.model = undefined;
    this.fitted = undefined;
  }
}

/**
 * Fits `embedder` on `texts` and keeps the basis beside the embedding cache; or, given an earlier fit's model id,
 * takes that space back (an incremental update must land where the full run's documents are).
 */
export async function fitOrRestore(
  embedder: CorpusFittedEmbedder,
  texts: readonly string[],
  folder: string | undefined,
  control: RunControl,
  fittedModelId: string | undefined,
): Promise<void> {
  if (fittedModelId === undefined) {
    await embedder.fit(texts, control);
    if (folder !== undefined) await embedder.store(folder);
    return;
  }
  if (!(await embedder.restore(fittedModelId, folder))) {
    throw new Error('The corpus model of the last full run is no longer available: run Detect Topics again.');
  }
}
