/**
 * UMAP (McInnes, Healy & Melville 2018) over typed arrays, following umap-learn 0.5: fuzzy simplicial set of
 * the kNN graph, edges sampled in proportion to their weight, SGD with negative sampling and a linearly
 * decaying learning rate, gradients clipped to ±4 (the epochs run in WebAssembly, in blocks that threads can
 * share: sgd-kernel.ts).
 *
 * Deterministic, and invariant to the input's row order: all work runs in a canonical row order (see
 * canonical-order.ts) with every random draw taken from the injected generator, then maps back. The same seed
 * gives the same coordinates however many threads work on the epochs.
 */
import type { RunControl } from '../control';
import type { Matrix } from '../matrix';
import type { Random } from '../random';
import { findAbParams } from './ab-params';
import { canonicalRowOrder, inverseOrder } from './canonical-order';
import { fuzzySimplicialSet, type FuzzyGraph } from './fuzzy-graph';
import { countComponents, gaussian, pcaLayout, randomLayout, spectralLayout, type UmapInit } from './initial-layout';
import { firstNeighbors, nearestNeighbors, type Knn, type Metric } from './knn';
import { runSteps } from './run-steps';
import { BlockRunner, createBlockedLayout, type BlockedLayout } from './sgd-kernel';

export type { UmapInit } from './initial-layout';

export interface UmapOptions {
  readonly nComponents: number;
  /** Neighbours per point, the point itself included (umap-learn's n_neighbors). */
  readonly nNeighbors: number;
  readonly minDist: number;
  /** Default 1. */
  readonly spread?: number;
  /** null or absent: umap-learn's rule, 500 epochs up to 10,000 points, 200 above. */
  readonly nEpochs?: number | null;
  readonly random: Random;
  /** For the neighbour search when no `knn` is given; default cosine. */
  readonly metric?: Metric;
  /** Precomputed neighbours (self first, input row order) with k ≥ nNeighbors; the first nNeighbors are used. */
  readonly knn?: Knn;
  /** Default 'spectral', as umap-learn ('pca' when the graph is disconnected); umap-js starts from 'random'. */
  readonly init?: UmapInit;
  /** Blocks each epoch's edges are split into (see sgd-kernel.ts); default LAYOUT_BLOCKS. 1 = umap-learn's sequential epoch. */
  readonly blocks?: number;
}

/** Two blocks: two threads can share every epoch, on the two-core machines the editor runs on. */
export const LAYOUT_BLOCKS = 2;

/** What another thread needs to work on a layout's epochs and to read its coordinates. */
export interface SharedUmapLayout {
  readonly layout: BlockedLayout;
  /** The canonical row order the layout runs in. */
  readonly order: Int32Array;
}

const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION_STRENGTH = 1;
const INITIAL_LEARNING_RATE = 1;
/** Subspace iterations for the spectral start: on 20 Newsgroups the start's own 10-NN label agreement peaks near 30. */
const SPECTRAL_ITERATIONS = 30;

/**
 * A UMAP run, advanced one epoch per `step()` so callers can report progress and stop between epochs; other threads
 * may work on the same epochs at once (`shared`, `attach`, `work`).
 */
export class UmapLayout {
  private constructor(
    private readonly runner: BlockRunner,
    private readonly order: Int32Array,
  ) {}

  /** Neighbours (unless given), fuzzy graph, edge schedule and starting layout. */
  static async initialize(data: Matrix<Float32Array>, options: UmapOptions, control?: RunControl): Promise<UmapLayout> {
    const n = data.rows;
    const { nComponents: dim, nNeighbors, random } = options;
    if (nNeighbors < 2 || nNeighbors > n) throw new RangeError(`nNeighbors must be in 2..${n} (rows), got ${nNeighbors}.`);
    const knn = options.knn ?? (await nearestNeighbors(data, nNeighbors, { metric: options.metric ?? 'cosine', random }, control));
    if (knn.k < nNeighbors || knn.indices.length !== n * knn.k)
      throw new RangeError(`The precomputed kNN graph must have ${n} rows of at least ${nNeighbors} neighbours.`);

    const order = canonicalRowOrder(data);
    const graph = fuzzySimplicialSet(canonicalKnn(firstNeighbors(knn, nNeighbors), order));
    const nEpochs = options.nEpochs ?? (n <= 10_000 ? 500 : 200);
    const edges = sampledEdges(graph, nEpochs);
    const coordinates = initialLayout(options.init ?? 'spectral', data, order, edges.graph, dim, random);
    const { a, b } = findAbParams(options.spread ?? 1, options.minDist);
    const layout = createBlockedLayout({
      coordinates,
      dim,
      head: edges.head,
      tail: edges.tail,
      epochsPerSample: edges.epochsPerSample,
      negativeSampleRate: NEGATIVE_SAMPLE_RATE,
      a,
      b,
      repulsion: REPULSION_STRENGTH,
      seed: Math.floor(random() * 0x7fffffff),
      blocks: options.blocks ?? LAYOUT_BLOCKS,
      nEpochs,
      learningRate: INITIAL_LEARNING_RATE,
    });
    return new UmapLayout(new BlockRunner(layout), order);
  }

  /** A layout another thread initialised (its `shared`), to work on here. */
  static attach(shared: SharedUmapLayout): UmapLayout {
    return new UmapLayout(new BlockRunner(shared.layout), shared.order);
  }

  get shared(): SharedUmapLayout {
    return { layout: this.runner.layout, order: this.order };
  }

  get nEpochs(): number {
    return this.runner.layout.nEpochs;
  }

  /** Epochs done, by this thread and any other working on the layout. */
  get epochsDone(): number {
    return this.runner.epochsDone;
  }

  /** Runs one epoch here (none once all are done); returns the number of epochs done. */
  step(): number {
    const target = this.epochsDone + 1;
    this.runner.workOnEpochs(() => this.epochsDone >= target);
    return this.epochsDone;
  }

  /** Works on the epochs until all are done (true) or `enough()` says so between two blocks (false). */
  work(enough: () => boolean): boolean {
    return this.runner.workOnEpochs(enough);
  }

  /** The current coordinates, rows in input order. */
  embedding(): Matrix<Float32Array> {
    const { order } = this;
    const dim = this.runner.layout.dim;
    const coordinates = this.runner.coordinates;
    const out = new Float32Array(order.length * dim);
    for (let p = 0; p < order.length; p++) out.set(coordinates.subarray(p * dim, (p + 1) * dim), order[p] * dim);
    return { rows: order.length, cols: dim, data: out };
  }
}

/** UMAP in one call, yielding to the event loop between epochs; progress in epochs on stage 'umap'. */
export async function umap(data: Matrix<Float32Array>, options: UmapOptions, control?: RunControl): Promise<Matrix<Float32Array>> {
  const layout = await UmapLayout.initialize(data, options, control);
  await runSteps(epochs(layout), control, () =>
    control?.onProgress?.({ stage: 'umap', done: layout.epochsDone, total: layout.nEpochs, message: 'Optimising the layout' }),
  );
  return layout.embedding();
}

function* epochs(layout: UmapLayout): Generator<number, void> {
  while (layout.step() < layout.nEpochs) yield layout.epochsDone / layout.nEpochs;
}

/** The kNN graph re-indexed to canonical rows (row p = input row order[p]). */
function canonicalKnn(knn: Knn, order: Int32Array): Knn {
  const { k } = knn;
  const rank = inverseOrder(order);
  const indices = new Int32Array(knn.indices.length);
  const distances = new Float32Array(knn.distances.length);
  for (let p = 0; p < order.length; p++) {
    const from = order[p] * k;
    for (let j = 0; j < k; j++) {
      const neighbor = knn.indices[from + j];
      indices[p * k + j] = neighbor < 0 ? -1 : rank[neighbor];
      distances[p * k + j] = knn.distances[from + j];
    }
  }
  return { k, indices, distances };
}

/**
 * Edges too weak to be sampled even once in nEpochs are dropped (as umap-learn); each remaining directed edge
 * (both directions of every pair) is sampled every max weight / weight epochs.
 */
function sampledEdges(graph: FuzzyGraph, nEpochs: number): { graph: FuzzyGraph; head: Int32Array; tail: Int32Array; epochsPerSample: Float64Array } {
  let maxWeight = 0;
  for (const w of graph.weights) maxWeight = Math.max(maxWeight, w);
  const threshold = maxWeight / nEpochs;
  let kept = 0;
  for (const w of graph.weights) if (w >= threshold) kept++;
  const indptr = new Int32Array(graph.rows + 1);
  const head = new Int32Array(kept);
  const tail = new Int32Array(kept);
  const weights = new Float32Array(kept);
  const epochsPerSample = new Float64Array(kept);
  let edge = 0;
  for (let i = 0; i < graph.rows; i++) {
    for (let e = graph.indptr[i]; e < graph.indptr[i + 1]; e++) {
      if (graph.weights[e] < threshold) continue;
      head[edge] = i;
      tail[edge] = graph.indices[e];
      weights[edge] = graph.weights[e];
      epochsPerSample[edge++] = maxWeight / graph.weights[e];
    }
    indptr[i + 1] = edge;
  }
  return { graph: { rows: graph.rows, indptr, indices: tail, weights }, head, tail, epochsPerSample };
}

/**
 * Starting coordinates in canonical order: scaled so the largest |coordinate| is 10 with N(0, 10⁻⁴) noise
 * (spectral and PCA, as umap-learn's noisy_scale_coords), then every axis mapped onto [0, 10] (as umap-learn).
 */
function initialLayout(init: UmapInit, data: Matrix<Float32Array>, order: Int32Array, graph: FuzzyGraph, dim: number, random: Random): Float32Array {
  let start: Float64Array;
  if (init === 'random') {
    start = randomLayout(order.length, dim, random);
  } else {
    // A spectral layout needs a connected graph (umap-learn then lays out each component and places them
    // relative to each other); the data's principal axes place disconnected pieces sensibly at once.
    const spectral = init === 'spectral' && countComponents(graph) === 1;
    start = spectral ? spectralLayout(graph, dim, random, SPECTRAL_ITERATIONS) : pcaLayout(data, order, dim, random);
    let largest = 0;
    for (const v of start) largest = Math.max(largest, Math.abs(v));
    const scale = largest > 0 ? 10 / largest : 1;
    for (let t = 0; t < start.length; t++) start[t] = start[t] * scale + 1e-4 * gaussian(random);
  }
  const out = new Float32Array(start.length);
  for (let c = 0; c < dim; c++) {
    let min = Infinity;
    let max = -Infinity;
    for (let t = c; t < start.length; t += dim) {
      min = Math.min(min, start[t]);
      max = Math.max(max, start[t]);
    }
    const scale = max > min ? 10 / (max - min) : 0;
    for (let t = c; t < start.length; t += dim) out[t] = (start[t] - min) * scale;
  }
  return out;
}
