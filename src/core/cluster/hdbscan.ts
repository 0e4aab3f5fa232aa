/**
 * HDBSCAN over Euclidean points, matching the Python hdbscan 0.8.40 package that BERTopic uses, on an
 * exact minimum spanning tree (see test/fixtures/hdbscan and the fixtures README for the reference cases).
 */
import type { RunControl } from '../control';
import type { Matrix } from '../matrix';
import { createCheckpoint } from './checkpoint';
import { condenseTree, type CondensedTree } from './condensedTree';
import { coreDistances } from './coreDistances';
import { buildKdTree } from './kdTree';
import { clusterPersistence, labelPoints, membershipProbabilities, outlierScores } from './membership';
import { type ClusterSelectionMethod, selectClusters } from './selection';
import { mutualReachabilitySpanningTree } from './minimumSpanningTree';
import { singleLinkageTree } from './singleLinkage';

export type { CondensedTree } from './condensedTree';
export type { ClusterSelectionMethod } from './selection';

export interface HdbscanOptions {
  /** Smallest group of points that counts as a cluster (≥ 2). */
  readonly minClusterSize: number;
  /** Neighbours behind a core distance, not counting the point itself; null/undefined = minClusterSize. Clipped to n − 1. */
  readonly minSamples?: number | null;
  readonly clusterSelectionMethod?: ClusterSelectionMethod;
  /** Let the root be selected, i.e. return a single cluster when that is the most stable answer. */
  readonly allowSingleCluster?: boolean;
  /** Merge clusters born below this distance into their ancestors (0 = off). */
  readonly clusterSelectionEpsilon?: number;
  /** hdbscan's max_cluster_size: EOM never selects a larger cluster (0 or absent = no limit). */
  readonly maxClusterSize?: number;
  /** See SelectionOptions.splitClusterSize: a cluster over this size is replaced by its children when they hold half of it. */
  readonly splitClusterSize?: number;
}

export interface HdbscanResult {
  /** Cluster per point, 0 … clusterCount − 1, or −1 for noise. Numbered in condensed-tree order, not by size. */
  readonly labels: Int32Array;
  /** Strength of each point's membership in its cluster, in [0, 1]; 0 for noise. */
  readonly probabilities: Float64Array;
  /** GLOSH outlier score per point (NaN where hdbscan gives NaN: a parent cluster with λ = ∞). */
  readonly outlierScores: Float64Array;
  readonly condensedTree: CondensedTree;
  readonly clusterCount: number;
  /** hdbscan's cluster_persistence_, per label. */
  readonly clusterPersistence: Float64Array;
}

/** hdbscan's min_samples after clipping: min(minSamples ?? minClusterSize, n − 1), at least 1. */
export function effectiveMinSamples(options: HdbscanOptions, pointCount: number): number {
  return Math.max(1, Math.min(options.minSamples ?? options.minClusterSize, pointCount - 1));
}

export async function hdbscan(points: Matrix<Float32Array | Float64Array>, options: HdbscanOptions, control?: RunControl): Promise<HdbscanResult> {
  validate(points, options);
  const n = points.rows;
  const method = options.clusterSelectionMethod ?? 'eom';
  const allowSingleCluster = options.allowSingleCluster ?? false;
  const epsilon = options.clusterSelectionEpsilon ?? 0;
  // Progress units: n for core distances, n for spanning-tree edges, n for the tree work.
  const checkpoint = createCheckpoint(control, 3 * n);
  await checkpoint(0, 'kd-tree');
  if (n < 2) return emptyResult(n);

  const tree = buildKdTree(points);
  const core = await coreDistances(tree, effectiveMinSamples(options, n), checkpoint);
  const mst = await mutualReachabilitySpanningTree(tree, core, (done, message) => checkpoint(n + done, message));
  const condensedTree = condenseTree(singleLinkageTree(mst, n), n, options.minClusterSize);
  await checkpoint(2 * n + (n >> 1), 'condensed tree');
  const { clusters, stability } = selectClusters(condensedTree, n, {
    method,
    allowSingleCluster,
    epsilon,
    maxClusterSize: options.maxClusterSize,
    splitClusterSize: options.splitClusterSize,
  });
  const labels = labelPoints(condensedTree, n, clusters, { allowSingleCluster, epsilon });
  const result: HdbscanResult = {
    labels,
    probabilities: membershipProbabilities(condensedTree, n, clusters, labels),
    outlierScores: outlierScores(condensedTree, n),
    condensedTree,
    clusterCount: clusters.length,
    clusterPersistence: clusterPersistence(condensedTree, n, clusters, stability, labels),
  };
  await checkpoint(3 * n, 'clusters selected');
  return result;
}

function validate(points: Matrix<Float32Array | Float64Array>, options: HdbscanOptions): void {
  const { minClusterSize, minSamples = null, clusterSelectionEpsilon = 0 } = options;
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2) throw new RangeError(`minClusterSize must be an integer ≥ 2, got ${minClusterSize}.`);
  if (minSamples !== null && (!Number.isInteger(minSamples) || minSamples < 1)) throw new RangeError(`minSamples must be an integer ≥ 1, got ${minSamples}.`);
  if (!(clusterSelectionEpsilon >= 0)) throw new RangeError(`clusterSelectionEpsilon must be ≥ 0, got ${clusterSelectionEpsilon}.`);
  if (points.data.length !== points.rows * points.cols) throw new RangeError('points.data does not hold rows × cols values.');
  for (let i = 0; i < points.data.length; i++) {
    if (!Number.isFinite(points.data[i])) throw new RangeError(`points must be finite (row ${Math.floor(i / points.cols)} is not).`);
  }
}

/** Fewer than two points: nothing to link, everything is noise. */
function emptyResult(n: number): HdbscanResult {
  return {
    labels: new Int32Array(n).fill(-1),
    probabilities: new Float64Array(n),
    outlierScores: new Float64Array(n),
    condensedTree: { parent: new Int32Array(0), child: new Int32Array(0), lambda: new Float64Array(0), childSize: new Int32Array(0) },
    clusterCount: 0,
    clusterPersistence: new Float64Array(0),
  };
}
