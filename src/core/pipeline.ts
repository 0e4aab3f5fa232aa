/** The whole topic pipeline: documents → embeddings → UMAP → HDBSCAN → c-TF-IDF → result. */
import { hdbscan } from './cluster/hdbscan';
import { throwIfAborted, type RunControl, type StageName } from './control';
import { readFolder } from './documents/folder';
import type { SkippedFile, SourceDocument } from './documents/types';
import { BUNDLED_MODEL_NAME } from './embedding/bundledModel';
import { firstSingularVector, removeComponent } from './embedding/commonComponent';
import { zeroRows } from './embedding/embedder';
import { contentHash, embedWithCache } from './embedding/embeddingCache';
import type { HttpEmbedderOptions } from './embedding/httpEmbedder';
import { selectRows, type Matrix } from './matrix';
import { seededRandom } from './random';
import { firstNeighbors, nearestNeighbors } from './reduce/knn';
import { startLayoutInThread, type LayoutInThread } from './reduce/layoutThread';
import { umap } from './reduce/umap';
import {
  RESULT_VERSION,
  type DocumentResult,
  type PipelineParameters,
  type StageTiming,
  type TopicLensResult,
} from './result';
import { modelTopics, topicTermCounter, type TopicModelRun } from './topics/model';
import { PipelineSession } from './session';

/** A local model: the bundled one, a Hugging Face id, or a folder. */
export interface LocalEmbeddingOptions {
  readonly backend?: 'local';
  /** "bundled" (the GloVe-SIF static model), a Hugging Face model id, or a local model folder. */
  readonly model: string;
  readonly allowRemoteModels: boolean;
  /** Where downloaded models go (only used when remote models are allowed). */
  readonly modelCacheDir?: string;
  /**
   * Threads: for the bundled static model, all threads in use (one runs the model, the rest tokenise; default
   * min(cores, 2)); for a transformer, ONNX intra-op threads (default all cores). 1 also keeps the map's layout
   * on the pipeline's thread.
   */
  readonly threads?: number;
  /** Where embeddings are cached by content hash + model id; none = no cache. */
  readonly embeddingCacheDir?: string;
}

/** An OpenAI-compatible embedding server (TEI, Ollama, vLLM, OpenAI). */
export type ServerEmbeddingOptions = { readonly backend: 'openai'; readonly embeddingCacheDir?: string } & HttpEmbedderOptions;

export type EmbeddingOptions = LocalEmbeddingOptions | ServerEmbeddingOptions;

export type PipelineInput =
  | { readonly kind: 'folder'; readonly root: string; readonly include?: readonly string[]; readonly maxFileBytes?: number; readonly maxFiles?: number }
  | { readonly kind: 'documents'; readonly source: string; readonly documents: readonly SourceDocument[]; readonly skipped: readonly SkippedFile[] };

export interface PipelineOptions {
  readonly parameters: PipelineParameters;
  readonly embedding: EmbeddingOptions;
  /** Keeps the model and the word counts for later runs and incremental updates. */
  readonly session?: PipelineSession;
}

const SNIPPET_CHARS = 200;
/** Below this many embeddable documents there is nothing to cluster: all of them are outliers. */
const MIN_DOCUMENTS_TO_CLUSTER = 3;

/** Times each stage into `timings` and reports its start. */
async function stage<T>(name: StageName, timings: StageTiming[], control: RunControl, work: () => Promise<T>): Promise<T> {
  throwIfAborted(control.signal);
  control.onProgress?.({ stage: name, done: 0, total: 1 });
  const started = performance.now();
  const value = await work();
  timings.push({ stage: name, seconds: (performance.now() - started) / 1000 });
  control.onProgress?.({ stage: name, done: 1, total: 1 });
  return value;
}

/**
 * Embeds texts through the on-disk cache (only texts not embedded before by this model are computed), with the
 * session's model when there is a session.
 */
export async function embedDocuments(
  texts: readonly string[],
  options: EmbeddingOptions,
  control: RunControl,
  session?: PipelineSession,
): Promise<{ embeddings: Matrix; model: { id: string; dimension: number } }> {
  const owner = session ?? new PipelineSession();
  try {
    const embedder = await owner.embedder(options, control);
    const embeddings = await embedWithCache(embedder, texts, options.embeddingCacheDir, control);
    return { embeddings, model: { id: embedder.modelId, dimension: embedder.dimension } };
  } finally {
    if (!session) await owner.dispose();
  }
}

export function describeDocument(doc: SourceDocument, hash: string) {
  return {
    path: doc.path,
    heading: doc.heading,
    startLine: doc.startLine,
    endLine: doc.endLine,
    snippet: snippet(doc.text),
    hash,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
  };
}

/** A short, whitespace-flattened excerpt for hovers and reports. */
function snippet(text: string): string {
  // Long texts: flatten only the start, which is all a snippet shows.
  const flat = text.slice(0, SNIPPET_CHARS * 4).replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1)}…` : flat;
}

/** Why a document embedded to zero. */
export function unembeddableReason(text: string): string {
  return text.trim() === '' ? 'The document has no text.' : 'No word of the document is in the model’s vocabulary.';
}

/** The same control, with progress reported under another stage name (the map's UMAP is its own stage). */
function asStage(control: RunControl, name: StageName): RunControl {
  const { onProgress } = control;
  return { signal: control.signal, onProgress: onProgress && ((event) => onProgress({ ...event, stage: name })) };
}

export async function runPipeline(input: PipelineInput, options: PipelineOptions, control: RunControl = {}): Promise<TopicLensResult> {
  const { parameters } = options;
  const timings: StageTiming[] = [];

  const { documents, skipped, source } = await stage('read', timings, control, async () => {
    if (input.kind === 'documents') return { documents: input.documents, skipped: input.skipped, source: input.source };
    const read = await readFolder(
      input.root,
      { unit: parameters.unit, include: input.include, maxFileBytes: input.maxFileBytes, maxFiles: input.maxFiles },
      control,
    );
    return { ...read, source: input.root };
  });
  const texts = documents.map((d) => d.text);
  const hashes = texts.map(contentHash);

  const { embeddings, model } = await stage('embed', timings, control, () => embedDocuments(texts, options.embedding, control, options.session));

  // Documents with no word the model knows embed to zero: left in, they form one dense blob that swallows the clustering.
  const unembeddable = new Set(zeroRows(embeddings));
  const embeddable: number[] = [];
  for (let i = 0; i < documents.length; i++) if (!unembeddable.has(i)) embeddable.push(i);
  const kept = Int32Array.from(embeddable);
  const keptEmbeddings = selectRows(embeddings, kept);
  // SIF's own second step, so only for the bundled SIF-weighted static model.
  const isSifModel = model.id.startsWith(BUNDLED_MODEL_NAME);
  const commonComponent = parameters.removeCommonComponent && isSifModel && kept.length > 1 ? firstSingularVector(keptEmbeddings) : null;
  if (commonComponent) removeComponent(keptEmbeddings, commonComponent);
  const n = kept.length;

  const random = seededRandom(parameters.seed);
  let reduced: Matrix | undefined;
  // The 2-d map needs only the neighbours: it is laid out on another thread while this one does the rest.
  let mapLayout: LayoutInThread | undefined;
  let topicModel: TopicModelRun;
  let coordinates: Float32Array;
  try {
    if (n >= MIN_DOCUMENTS_TO_CLUSTER) {
      const neighbours = Math.min(parameters.umapNeighbors, n - 1);
      reduced = await stage('umap', timings, control, async () => {
        const knn = await nearestNeighbors(keptEmbeddings, neighbours, { metric: 'cosine', random }, control);
        const mapNeighbours = Math.min(parameters.mapNeighbors, knn.k);
        mapLayout = startLayoutInThread(
          keptEmbeddings,
          { nComponents: 2, nNeighbors: mapNeighbours, minDist: 0, nEpochs: parameters.umapEpochs, seed: parameters.seed + 1, knn: firstNeighbors(knn, mapNeighbours) },
          'map',
          // One thread asked for: the whole run stays on it.
          options.embedding.backend === 'openai' || options.embedding.threads !== 1,
        );
        return umap(
          keptEmbeddings,
          { nComponents: parameters.umapComponents, nNeighbors: neighbours, minDist: parameters.umapMinDist, nEpochs: parameters.umapEpochs, random, knn },
          control,
        );
      });
    }

    const clusters = await stage('cluster', timings, control, async () => {
      if (!reduced) return { labels: new Int32Array(n).fill(-1), probabilities: new Float64Array(n) };
      return hdbscan(
        reduced,
        {
          minClusterSize: parameters.minTopicSize,
          minSamples: parameters.minSamples,
          clusterSelectionMethod: parameters.clusterSelection,
          maxClusterSize: Math.floor(parameters.maxTopicShare * n),
        },
        control,
      );
    });

    topicModel = await stage('represent', timings, control, async () => {
      const counter = options.session?.termCounter(parameters) ?? topicTermCounter(parameters);
      const terms = await counter.count(embeddable.map((i) => texts[i]), control, embeddable.map((i) => hashes[i]));
      return modelTopics({ terms, assignments: clusters.labels, probabilities: clusters.probabilities, embeddings: keptEmbeddings, random }, parameters, control);
    });

    coordinates = await stage('map', timings, control, async () =>
      mapLayout ? (await mapLayout.result(asStage(control, 'map'))).data : new Float32Array(n * 2),
    );
  } finally {
    // Stops the map's thread when anything before it failed or was cancelled (a finished thread is gone already).
    mapLayout?.stop();
  }

  const keptPosition = new Int32Array(documents.length).fill(-1);
  kept.forEach((docIndex, position) => (keptPosition[docIndex] = position));
  const results: DocumentResult[] = documents.map((doc, i) => {
    const position = keptPosition[i];
    const base = describeDocument(doc, hashes[i]);
    if (position < 0) {
      return { ...base, topic: -2, probability: 0, x: 0, y: 0, unembeddableReason: unembeddableReason(doc.text) };
    }
    return {
      ...base,
      topic: topicModel.assignments[position],
      probability: topicModel.probabilities[position],
      x: coordinates[position * 2],
      y: coordinates[position * 2 + 1],
    };
  });

  return {
    version: RESULT_VERSION,
    createdAt: new Date().toISOString(),
    source,
    model,
    parameters,
    documents: results,
    // Topic rows refer to positions among embeddable documents: map them back to document indices.
    topics: topicModel.topics.map((topic) => ({ ...topic, representativeDocs: topic.representativeDocs.map((p) => kept[p]) })),
    skipped,
    timings,
    ...(commonComponent ? { commonComponent: Array.from(commonComponent) } : {}),
    hierarchy: topicModel.hierarchy,
  };
}
