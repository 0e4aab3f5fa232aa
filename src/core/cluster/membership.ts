/** Per-point outputs of HDBSCAN from the condensed tree and the selected clusters, with hdbscan 0.8.40's rules. */
import { condensedClusterCount, type CondensedTree } from './condensedTree';

export interface MembershipOptions {
  readonly allowSingleCluster: boolean;
  readonly epsilon: number;
}

/** Largest λ among each cluster's own rows (not its subtree), indexed by cluster id − n. */
export function maxOwnLambdas(tree: CondensedTree, pointCount: number): Float64Array {
  const deaths = new Float64Array(condensedClusterCount(tree, pointCount));
  for (let r = 0; r < tree.parent.length; r++) {
    const c = tree.parent[r] - pointCount;
    if (tree.lambda[r] > deaths[c]) deaths[c] = tree.lambda[r];
  }
  return deaths;
}

/**
 * Label k for points under the k-th selected cluster (nearest selected ancestor), −1 otherwise.
 * When the root is the single selection (allowSingleCluster), only points whose λ reaches the root's
 * largest λ (or 1/ε with ε > 0) are labelled; the rest are noise.
 */
export function labelPoints(tree: CondensedTree, pointCount: number, clusters: Int32Array, options: MembershipOptions): Int32Array {
  const clusterCount = condensedClusterCount(tree, pointCount);
  const labelOf = new Int32Array(clusterCount).fill(-1);
  clusters.forEach((c, k) => (labelOf[c - pointCount] = k));
  // Label inherited from the nearest selected ancestor; parents precede children in id order.
  const inherited = new Int32Array(clusterCount).fill(-1);
  for (let r = 0; r < tree.child.length; r++) {
    const c = tree.child[r] - pointCount;
    if (c < 0) continue;
    inherited[c] = labelOf[c] >= 0 ? labelOf[c] : inherited[tree.parent[r] - pointCount];
  }
  const rootOnly = options.allowSingleCluster && clusters.length === 1 && clusters[0] === pointCount;
  const rootThreshold = options.epsilon > 0 ? 1 / options.epsilon : rootOnly ? maxOwnLambdas(tree, pointCount)[0] : 0;

  const labels = new Int32Array(pointCount).fill(-1);
  for (let r = 0; r < tree.child.length; r++) {
    const point = tree.child[r];
    if (point >= pointCount) continue;
    const parent = tree.parent[r] - pointCount;
    if (parent === 0 || inherited[parent] < 0) {
      // Points whose nearest selected ancestor would be the root.
      if (rootOnly && tree.lambda[r] >= rootThreshold) labels[point] = 0;
    } else {
      labels[point] = inherited[parent];
    }
  }
  return labels;
}

/** λ_p / (largest λ among the selected cluster's own rows), capped at 1; 1 for λ_p = ∞ or a zero maximum; 0 for noise. */
export function membershipProbabilities(tree: CondensedTree, pointCount: number, clusters: Int32Array, labels: Int32Array): Float64Array {
  const deaths = maxOwnLambdas(tree, pointCount);
  const probabilities = new Float64Array(pointCount);
  for (let r = 0; r < tree.child.length; r++) {
    const point = tree.child[r];
    if (point >= pointCount || labels[point] < 0) continue;
    const maxLambda = deaths[clusters[labels[point]] - pointCount];
    const l = tree.lambda[r];
    probabilities[point] = maxLambda === 0 || !Number.isFinite(l) ? 1 : Math.min(l, maxLambda) / maxLambda;
  }
  return probabilities;
}

/**
 * GLOSH as hdbscan 0.8.40 computes it: (m − λ_p) / m with m the largest λ among the own rows of the
 * cluster the point left (its upward propagation stops early, so subtrees never count). NaN when m = ∞.
 */
export function outlierScores(tree: CondensedTree, pointCount: number): Float64Array {
  const deaths = maxOwnLambdas(tree, pointCount);
  const scores = new Float64Array(pointCount);
  for (let r = 0; r < tree.child.length; r++) {
    const point = tree.child[r];
    if (point >= pointCount) continue;
    const m = deaths[tree.parent[r] - pointCount];
    const l = tree.lambda[r];
    scores[point] = m === 0 || !Number.isFinite(l) ? 0 : (m - l) / m;
  }
  return scores;
}

/** hdbscan's cluster_persistence_: stability / (points labelled × largest λ in the tree), 1 when that λ is 0 or ∞. */
export function clusterPersistence(tree: CondensedTree, pointCount: number, clusters: Int32Array, stability: Float64Array, labels: Int32Array): Float64Array {
  let maxLambda = 0;
  for (let r = 0; r < tree.lambda.length; r++) if (tree.lambda[r] > maxLambda) maxLambda = tree.lambda[r];
  const sizes = new Int32Array(clusters.length);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) sizes[labels[i]]++;
  return Float64Array.from(clusters, (c, k) =>
    !Number.isFinite(maxLambda) || maxLambda === 0 || sizes[k] === 0 ? 1 : stability[c - pointCount] / (sizes[k] * maxLambda),
  );
}
