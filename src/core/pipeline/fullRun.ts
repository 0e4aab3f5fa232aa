/** The full run: documents → embeddings → UMAP → HDBSCAN → c-TF-IDF → result. */
import { hdbscan } from '../cluster/hdbscan';
import type { RunControl } from '../control';
import { readFolder } from '../documents/folder';
import type { SkippedFile, SourceDocument } from '../documents/types';
import { firstSingularVector, removeComponent } from '../embedding/commonComponent';
import { withFileContext } from '../embedding/fileContext';
import { contentHash } from '../embedding/embeddingCache';
import type { EmbeddingOptions } from '../embedding/options';
import type { Matrix } from '../matrix';
import { seededRandom } from '../random';
import { firstNeighbors, nearestNeighbors, type Knn } from '../reduce/knn';
import { startLayoutHelper, type LayoutHelper } from '../reduce/layoutThread';
import { UmapLayout } from '../reduce/umap';
import { RESULT_VERSION, sourceOfPath, type DocumentResult, type PipelineParameters, type StageTiming, type TopicLensResult } from '../result';
import { modelTopics, type TopicModelRun } from '../topics/model';
import { embeddingKey, type PipelineSession } from './session';
import {
  countTerms,
  descriptionContext,
  documentBase,
  embeddableDocuments,
  embedDocuments,
  setAsideEntry,
  stage,
  topicRandom,
  withDocumentIndices,
  withSession,
  type EmbeddableDocuments,
} from './steps';

export type PipelineInput =
  | { readonly kind: 'folder'; readonly root: string; readonly include?: readonly string[]; readonly maxFileBytes?: number; readonly maxFiles?: number }
  /** `source`: a URI string naming where the documents came from (see `TopicLensResult.source`). */
  | { readonly kind: 'documents'; readonly source: string; readonly documents: readonly SourceDocument[]; readonly skipped: readonly SkippedFile[] };

export interface PipelineOptions {
  readonly parameters: PipelineParameters;
  readonly embedding: EmbeddingOptions;
  /**
   * Threads the run may use; unset = the machine's cores. They go to the embedder, and the layouts get a second
   * thread unless this is 1 (the topics and the map are the same either way).
   */
  readonly threads?: number;
  /** Keeps the model and the word counts for later runs and incremental updates. */
  readonly session?: PipelineSession;
  /** Receives what the run computed on the way that later stages (the audit) reuse rather than recompute. */
  readonly onIntermediates?: (intermediates: PipelineIntermediates) => void;
}

/** A run's inputs and by-products that the result does not keep. */
export interface PipelineIntermediates {
  /** The documents as read (with their text), in the order of `result.documents`. */
  readonly documents: readonly SourceDocument[];
  /** Row r of `embeddings` and of `neighbours` is document `rows[r]` (unembeddable documents have no row). */
  readonly rows: Int32Array;
  /** The embeddings the topics were computed from (the same space as the topic embeddings). */
  readonly embeddings: Matrix;
  /** UMAP's nearest-neighbour graph over the rows (cosine), or null when there were too few documents to cluster. */
  readonly neighbours: Knn | null;
}

/** Below this many embeddable documents there is nothing to cluster: all of them are outliers. */
const MIN_DOCUMENTS_TO_CLUSTER = 3;

export function runPipeline(input: PipelineInput, options: PipelineOptions, control: RunControl = {}): Promise<TopicLensResult> {
  return withSession(options.session, (session) => runInSession(input, options, session, control));
}

async function runInSession(input: PipelineInput, options: PipelineOptions, session: PipelineSession, control: RunControl): Promise<TopicLensResult> {
  const { parameters } = options;
  const timings: StageTiming[] = [];

  const { documents, skipped, source } = await stage('read', timings, control, async () => {
    if (input.kind === 'documents') return { documents: input.documents, skipped: input.skipped, source: input.source };
    const read = await readFolder(
      input.root,
      { unit: parameters.unit, include: input.include, maxFileBytes: input.maxFileBytes, maxFiles: input.maxFiles },
      control,
    );
    return { ...read, source: sourceOfPath(input.root) };
  });
  const texts = documents.map((d) => d.text);
  const hashes = texts.map(contentHash);

  const { embeddings, model, capabilities } = await stage('embed', timings, control, () =>
    embedDocuments(texts, options.embedding, options.threads, control, session),
  );
  const embeddable = embeddableDocuments(embeddings);
  const keptEmbeddings = embeddable.embeddings;
  const n = embeddable.indices.length;
  // SIF's own second step, so only for SIF-weighted models.
  const commonComponent = parameters.removeCommonComponent && capabilities.sifWeighted && n > 1 ? firstSingularVector(keptEmbeddings) : null;
  if (commonComponent) removeComponent(keptEmbeddings, commonComponent);
  // The space the topics are found in; the session keeps the sections' own embeddings (an update blends again).
  const clustered = withFileContext(
    keptEmbeddings,
    Array.from(embeddable.indices, (i) => documents[i].path),
    parameters.fileContext,
  );

  const random = seededRandom(parameters.seed);
  let reduced: Matrix | undefined;
  let neighbourGraph: Knn | null = null;
  // The layouts share a second thread: see layoutThread.ts.
  let layouts: LayoutHelper | undefined;
  let topicModel: TopicModelRun;
  let coordinates: Float32Array;
  try {
    if (n >= MIN_DOCUMENTS_TO_CLUSTER) {
      const neighbours = Math.min(parameters.umapNeighbors, n - 1);
      reduced = await stage('umap', timings, control, async () => {
        const knn = await nearestNeighbors(clustered, neighbours, { metric: 'cosine', random }, control);
        neighbourGraph = knn;
        const mapNeighbours = Math.min(parameters.mapNeighbors, knn.k);
        layouts = startLayoutHelper(
          clustered,
          {
            nComponents: 2,
            nNeighbors: mapNeighbours,
            minDist: 0,
            nEpochs: parameters.umapEpochs,
            seed: parameters.seed + 1,
            knn: firstNeighbors(knn, mapNeighbours),
          },
          // One thread asked for: the whole run stays on it.
          options.threads !== 1,
        );
        const layout = await UmapLayout.initialize(
          clustered,
          { nComponents: parameters.umapComponents, nNeighbors: neighbours, minDist: parameters.umapMinDist, nEpochs: parameters.umapEpochs, random, knn },
          control,
        );
        return layouts.layOut(layout, 'umap', control);
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
          splitClusterSize: Math.floor(parameters.splitTopicShare * n),
        },
        control,
      );
    });

    topicModel = await stage('represent', timings, control, async () => {
      const paths = documents.map((d) => d.path);
      const terms = await countTerms(texts, hashes, paths, embeddable.indices, parameters, session, control);
      const context = await descriptionContext(documents, embeddable.indices, parameters, session, { ...options, commonComponent }, control);
      return modelTopics(
        { terms, assignments: clusters.labels, probabilities: clusters.probabilities, embeddings: clustered, random: topicRandom(parameters) },
        parameters,
        context,
        control,
      );
    });

    coordinates = await stage('map', timings, control, async () => (layouts ? (await layouts.map(control)).data : new Float32Array(n * 2)));
  } finally {
    // Ends the helper, its work done, failed or cancelled.
    layouts?.stop();
  }

  const results: DocumentResult[] = documents.map((doc, i) => {
    const position = embeddable.positionOf[i];
    if (position < 0) return setAsideEntry(doc, hashes[i]);
    return {
      ...documentBase(doc, hashes[i]),
      topic: topicModel.assignments[position],
      probability: topicModel.probabilities[position],
      ...(topicModel.weak[position] ? { weak: true as const } : {}),
      x: coordinates[position * 2],
      y: coordinates[position * 2 + 1],
    };
  });

  options.onIntermediates?.({ documents, rows: embeddable.indices, embeddings: clustered, neighbours: neighbourGraph });
  const result: TopicLensResult = {
    version: RESULT_VERSION,
    createdAt: new Date().toISOString(),
    source,
    model,
    parameters,
    documents: results,
    topics: withDocumentIndices(topicModel.topics, embeddable.indices),
    skipped,
    timings,
    ...(commonComponent ? { commonComponent: Array.from(commonComponent) } : {}),
    hierarchy: topicModel.hierarchy,
  };
  options.session?.keep({ result, documents, hashes, embeddings: perDocument(keptEmbeddings, embeddable), embedding: embeddingKey(options.embedding) });
  return result;
}

/** Rows of the embeddable documents spread back to one row per document (zero for those set aside). */
function perDocument(rows: Matrix, embeddable: EmbeddableDocuments): Matrix {
  if (embeddable.indices.length === embeddable.positionOf.length) return rows;
  const { cols } = rows;
  const data = new Float32Array(embeddable.positionOf.length * cols);
  embeddable.indices.forEach((doc, p) => data.set(rows.data.subarray(p * cols, (p + 1) * cols), doc * cols));
  return { rows: embeddable.positionOf.length, cols, data };
}
