/** Which condensed clusters become the flat clustering: excess of mass (EOM) or leaves, then ε-merging. */
import { clusterBirths, clusterStabilities, type CondensedTree } from './condensedTree';

export type ClusterSelectionMethod = 'eom' | 'leaf';

export interface SelectionOptions {
  readonly method: ClusterSelectionMethod;
  readonly allowSingleCluster: boolean;
  readonly epsilon: number;
  /** hdbscan's max_cluster_size: EOM never selects a cluster of more points (0 = no limit). */
  readonly maxClusterSize?: number;
  /**
   * EOM does not keep a cluster of more points than this when the tree splits it into child clusters holding at least
   * half of its points: it takes its children's selection instead. A larger cluster that never splits so is kept.
   * (0 or absent = off; not in hdbscan.)
   */
  readonly splitClusterSize?: number;
}

export interface Selection {
  /** Selected condensed cluster ids, ascending: label k is clusters[k]. */
  readonly clusters: Int32Array;
  /** Stability per condensed cluster (id − n) after EOM, which replaces a parent's by its children's sum when they win. */
  readonly stability: Float64Array;
}

/** The cluster hierarchy: parent and (zero or two) child clusters of each condensed cluster, by id − n. */
interface ClusterHierarchy {
  readonly parentOf: Int32Array;
  readonly firstChild: Int32Array;
  readonly secondChild: Int32Array;
}

function clusterHierarchy(tree: CondensedTree, pointCount: number, clusterCount: number): ClusterHierarchy {
  const parentOf = new Int32Array(clusterCount).fill(-1);
  const firstChild = new Int32Array(clusterCount).fill(-1);
  const secondChild = new Int32Array(clusterCount).fill(-1);
  for (let r = 0; r < tree.child.length; r++) {
    if (tree.child[r] < pointCount) continue;
    const c = tree.child[r] - pointCount;
    const p = tree.parent[r] - pointCount;
    parentOf[c] = p;
    if (firstChild[p] < 0) firstChild[p] = c;
    else secondChild[p] = c;
  }
  return { parentOf, firstChild, secondChild };
}

export function selectClusters(tree: CondensedTree, pointCount: number, options: SelectionOptions): Selection {
  const stability = clusterStabilities(tree, pointCount);
  const clusterCount = stability.length;
  const hierarchy = clusterHierarchy(tree, pointCount, clusterCount);
  const hasChildClusters = clusterCount > 1;
  let selected: Uint8Array;
  if (options.method === 'eom') {
    const sizes = options.maxClusterSize || options.splitClusterSize ? clusterSizes(tree, pointCount, clusterCount) : null;
    selected = excessOfMass(
      stability,
      hierarchy,
      options.allowSingleCluster,
      sizes && { sizes, max: options.maxClusterSize || 0, split: options.splitClusterSize || 0 },
    );
    const onlyRoot = selected[0] === 1;
    if (options.epsilon > 0 && hasChildClusters && !onlyRoot) {
      selected = epsilonSearch(selected, tree, pointCount, hierarchy, options);
    }
  } else {
    selected = new Uint8Array(clusterCount);
    for (let c = 1; c < clusterCount; c++) if (hierarchy.firstChild[c] < 0) selected[c] = 1;
    if (options.epsilon > 0) selected = epsilonSearch(selected, tree, pointCount, hierarchy, options);
  }
  const ids: number[] = [];
  for (let c = 0; c < clusterCount; c++) if (selected[c]) ids.push(c + pointCount);
  return { clusters: Int32Array.from(ids), stability };
}

/** Points per condensed cluster (by id − n): the root holds every point. */
function clusterSizes(tree: CondensedTree, pointCount: number, clusterCount: number): Int32Array {
  const sizes = new Int32Array(clusterCount);
  sizes[0] = pointCount;
  for (let r = 0; r < tree.child.length; r++) if (tree.child[r] >= pointCount) sizes[tree.child[r] - pointCount] = tree.childSize[r];
  return sizes;
}

/**
 * Visits clusters children-first (descending id; the root only with allowSingleCluster). A cluster is kept
 * when its stability is at least its children's summed stability, which hdbscan holds in a C float; otherwise
 * it takes that sum. A kept cluster overrides every kept descendant. Mutates `stability`. Size limits (0 = none):
 * over `max` a cluster is never kept, over `split` it is not kept when its children hold half its points or more.
 */
function excessOfMass(
  stability: Float64Array,
  hierarchy: ClusterHierarchy,
  allowSingleCluster: boolean,
  limits: { sizes: Int32Array; max: number; split: number } | null,
): Uint8Array {
  const clusterCount = stability.length;
  const kept = new Uint8Array(clusterCount);
  const lowest = allowSingleCluster ? 0 : 1;
  for (let c = clusterCount - 1; c >= lowest; c--) {
    const a = hierarchy.firstChild[c];
    const b = hierarchy.secondChild[c];
    const childSum = Math.fround((a >= 0 ? stability[a] : 0) + (b >= 0 ? stability[b] : 0));
    if (childSum > stability[c] || (limits && overLimit(c, limits, a, b))) stability[c] = childSum;
    else kept[c] = 1;
  }
  // Parents have lower ids than their children, so one ascending pass clears everything under a kept cluster.
  const selected = new Uint8Array(clusterCount);
  const covered = new Uint8Array(clusterCount);
  for (let c = 0; c < clusterCount; c++) {
    const p = hierarchy.parentOf[c];
    if (p >= 0 && (covered[p] || selected[p])) covered[c] = 1;
    else if (kept[c]) selected[c] = 1;
  }
  return selected;
}

function overLimit(c: number, { sizes, max, split }: { sizes: Int32Array; max: number; split: number }, a: number, b: number): boolean {
  if (max > 0 && sizes[c] > max) return true;
  return split > 0 && sizes[c] > split && a >= 0 && 2 * (sizes[a] + sizes[b]) >= sizes[c];
}

/**
 * hdbscan's cluster_selection_epsilon: a selected cluster born below distance ε is replaced by its nearest
 * ancestor born above ε (or, under the root, by itself, or by the root with allowSingleCluster); clusters
 * inside a replacement are not visited again.
 */
function epsilonSearch(candidates: Uint8Array, tree: CondensedTree, pointCount: number, hierarchy: ClusterHierarchy, options: SelectionOptions): Uint8Array {
  const births = clusterBirths(tree, pointCount);
  const birthDistance = (c: number): number => 1 / births[c];
  const selected = new Uint8Array(candidates.length);
  const processed = new Uint8Array(candidates.length);
  const climb = (c: number): number => {
    for (;;) {
      const p = hierarchy.parentOf[c];
      if (p === 0) return options.allowSingleCluster ? 0 : c;
      if (birthDistance(p) > options.epsilon) return p;
      c = p;
    }
  };
  const markDescendants = (top: number): void => {
    const stack = [top];
    while (stack.length > 0) {
      const c = stack.pop() as number;
      for (const child of [hierarchy.firstChild[c], hierarchy.secondChild[c]]) {
        if (child < 0) continue;
        processed[child] = 1;
        stack.push(child);
      }
    }
  };
  for (let c = 0; c < candidates.length; c++) {
    if (!candidates[c]) continue;
    if (birthDistance(c) < options.epsilon) {
      if (processed[c]) continue;
      const replacement = climb(c);
      selected[replacement] = 1;
      markDescendants(replacement);
    } else {
      selected[c] = 1;
    }
  }
  return selected;
}
