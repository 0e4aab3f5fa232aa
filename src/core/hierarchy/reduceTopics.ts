/**
 * BERTopic 0.17.4's topic reduction (`nr_topics` / `reduce_topics`): similar topics are merged, then every topic is
 * renumbered by size. To a number N: average-linkage clustering of 1 − cosine between topic representations into
 * N clusters (N − 1 when there are outliers, which stay apart). "auto": HDBSCAN (min_cluster_size 2) over the
 * L2-normalised representations; topics it leaves as noise stay as they are.
 */
import { hdbscan } from '../cluster/hdbscan';
import type { RunControl } from '../control';
import { selectRows, type Matrix } from '../matrix';
import type { TopicDescription } from '../topics/describe';
import { renumberTopicsBySize, type Renumbering } from '../topics/renumber';
import { denseCosineDistances, sparseCosineDistances } from './cosineDistances';
import { linkage } from './linkage';

export type TopicReduction = number | 'auto';

/** The fewest topics a reduction may ask for (outliers count as one, as in BERTopic). */
export const MIN_REDUCED_TOPICS = 2;

/** A reduction as people write it: "auto", or a whole number ≥ 2; "" or "none" is none (null); else undefined. */
export function parseTopicReduction(text: string): TopicReduction | null | undefined {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'none') return null;
  if (value === 'auto') return 'auto';
  const count = Number(value);
  return /^\d+$/.test(value) && count >= MIN_REDUCED_TOPICS ? count : undefined;
}

/**
 * BERTopic's `_reduce_topics` on freshly numbered topics (0 … n − 1, -1 outliers): the merged and renumbered
 * assignments, or null when there is nothing to merge. Topics are represented by their embeddings (BERTopic's
 * default), or by their c-TF-IDF rows when there are none.
 */
export async function reduceTopicCount(description: TopicDescription, target: TopicReduction, control?: RunControl): Promise<Renumbering | null> {
  const { topicIds } = description.groups;
  const firstTopicRow = topicIds[0] === -1 ? 1 : 0;
  const n = topicIds.length - firstTopicRow;
  const rows = Int32Array.from({ length: n }, (_, t) => firstTopicRow + t);
  let clusterOfTopic: Int32Array;
  if (target === 'auto') {
    clusterOfTopic = await autoTopicClusters(topicRepresentations(description, rows), control);
  } else {
    // BERTopic counts the outliers as one of the N topics, and reduces only below the current count.
    const clusters = target - firstTopicRow;
    if (target >= topicIds.length || clusters < 1) return null;
    clusterOfTopic = averageLinkageLabels(topicDistances(description, rows), n, clusters);
  }
  if (clusterOfTopic.every((c) => c < 0)) return null;
  return mergeTopicClusters(description.assignments, clusterOfTopic);
}

/**
 * Topics whose representations are alike become one (`mergeSimilarity`): average-linkage clusters of 1 − cosine
 * between topic embeddings (c-TF-IDF rows without embeddings), every merge whose distance is at most
 * 1 − minSimilarity applied; then all topics are renumbered by size. Null when no two topics are that alike.
 * Unlike "auto", which keeps HDBSCAN's densest groups of topics whatever their similarity (on 5,000 posts of
 * 20 Newsgroups it joined 95 topics into 32 and NMI fell from 0.39 to 0.07), only topics alike enough meet here.
 */
export function mergeSimilarTopics(description: TopicDescription, minSimilarity: number): Renumbering | null {
  const { topicIds } = description.groups;
  const firstTopicRow = topicIds[0] === -1 ? 1 : 0;
  const n = topicIds.length - firstTopicRow;
  if (n < 2) return null;
  const rows = Int32Array.from({ length: n }, (_, t) => firstTopicRow + t);
  const tree = linkage(topicDistances(description, rows), n, 'average');
  // Merges come sorted by distance: those within reach form the clusters, each named by its last merge.
  const clusterOfNode = Int32Array.from({ length: 2 * n - 1 }, (_, node) => node);
  let merges = 0;
  while (merges < n - 1 && tree.distance[merges] <= 1 - minSimilarity) merges++;
  for (let k = merges - 1; k >= 0; k--) {
    clusterOfNode[tree.left[k]] = clusterOfNode[n + k];
    clusterOfNode[tree.right[k]] = clusterOfNode[n + k];
  }
  if (merges === 0) return null;
  const clusterIds = new Map<number, number>();
  const clusterOfTopic = Int32Array.from(clusterOfNode.subarray(0, n), (node) => {
    if (node < n) return -1;
    if (!clusterIds.has(node)) clusterIds.set(node, clusterIds.size);
    return clusterIds.get(node)!;
  });
  return mergeTopicClusters(description.assignments, clusterOfTopic);
}

/** Condensed 1 − cosine distances between the topics of `rows`: their embeddings, or their c-TF-IDF rows. */
function topicDistances(description: TopicDescription, rows: Int32Array): Float64Array {
  const { topicEmbeddings } = description;
  return topicEmbeddings ? denseCosineDistances(selectRows(topicEmbeddings, rows)) : sparseCosineDistances(description.ctfidf.weights, rows);
}

/** The topics' embeddings, or their c-TF-IDF rows made dense. */
function topicRepresentations(description: TopicDescription, rows: Int32Array): Matrix<Float32Array | Float64Array> {
  if (description.topicEmbeddings) return selectRows(description.topicEmbeddings, rows);
  const { weights } = description.ctfidf;
  const data = new Float64Array(rows.length * weights.cols);
  rows.forEach((r, i) => {
    for (let k = weights.rowStart[r]; k < weights.rowStart[r + 1]; k++) data[i * weights.cols + weights.columns[k]] = weights.values[k];
  });
  return { rows: rows.length, cols: weights.cols, data };
}

/**
 * scikit-learn's `AgglomerativeClustering(clusters, metric="precomputed", linkage="average").fit(D).labels_` for
 * the condensed distances of `n` observations: scipy's average linkage, cut by scikit-learn's `_hc_cut`, whose
 * labels follow its heap of cluster ids (not size, not order of appearance).
 */
export function averageLinkageLabels(distances: Float64Array, n: number, clusters: number): Int32Array {
  if (!Number.isInteger(clusters) || clusters < 1 || clusters > n) throw new RangeError(`Cannot cut ${n} observations into ${clusters} clusters.`);
  const labels = new Int32Array(n);
  if (n === 1) return labels;
  const tree = linkage(distances, n, 'average');
  const childrenOf = (id: number): [number, number] => [tree.left[id - n], tree.right[id - n]];
  // Python's heapq over negated ids: the top of the heap is the newest cluster, which is split next.
  const heap = [-(Math.max(...childrenOf(2 * n - 2)) + 1)];
  for (let split = 0; split < clusters - 1; split++) {
    const [first, second] = childrenOf(-heap[0]);
    heapPush(heap, -first);
    heapPushPop(heap, -second);
  }
  heap.forEach((negated, label) => {
    const stack = [-negated];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id < n) labels[id] = label;
      else stack.push(...childrenOf(id));
    }
  });
  return labels;
}

/** BERTopic's "auto": an HDBSCAN cluster id per topic row, -1 for a topic that stays on its own. */
export async function autoTopicClusters(representations: Matrix<Float32Array | Float64Array>, control?: RunControl): Promise<Int32Array> {
  const { rows, cols } = representations;
  if (rows < 2) return new Int32Array(rows).fill(-1);
  const normalised = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let squares = 0;
    for (let j = 0; j < cols; j++) squares += representations.data[i * cols + j] ** 2;
    const norm = Math.sqrt(squares);
    for (let j = 0; j < cols; j++) normalised[i * cols + j] = norm > 0 ? representations.data[i * cols + j] / norm : 0;
  }
  return (await hdbscan({ rows, cols, data: normalised }, { minClusterSize: 2, clusterSelectionMethod: 'eom' }, control)).labels;
}

/**
 * Topics 0 … n − 1 in the same cluster become one; then all topics are renumbered by size, equal sizes ordered as
 * BERTopic orders them. `clusterOfTopic[t]` < 0 leaves topic t alone. (BERTopic's "auto" gives
 * cluster c the id `c + max_topic`, so its cluster 0 also swallows the last topic; we keep the clusters apart.)
 */
export function mergeTopicClusters(assignments: Int32Array, clusterOfTopic: Int32Array): Renumbering {
  const n = clusterOfTopic.length;
  const merged = assignments.map((topic) => (topic >= 0 && clusterOfTopic[topic] >= 0 ? n + clusterOfTopic[topic] : topic));
  return renumberTopicsBySize(merged, 'bertopic');
}

function heapPush(heap: number[], item: number): void {
  heap.push(item);
  siftDown(heap, 0, heap.length - 1);
}

function heapPushPop(heap: number[], item: number): number {
  if (heap.length > 0 && heap[0] < item) {
    [item, heap[0]] = [heap[0], item];
    siftUp(heap, 0);
  }
  return item;
}

function siftDown(heap: number[], start: number, at: number): void {
  const item = heap[at];
  while (at > start) {
    const parent = (at - 1) >> 1;
    if (!(item < heap[parent])) break;
    heap[at] = heap[parent];
    at = parent;
  }
  heap[at] = item;
}

function siftUp(heap: number[], at: number): void {
  const end = heap.length;
  const start = at;
  const item = heap[at];
  let child = 2 * at + 1;
  while (child < end) {
    const right = child + 1;
    if (right < end && !(heap[child] < heap[right])) child = right;
    heap[at] = heap[child];
    at = child;
    child = 2 * at + 1;
  }
  heap[at] = item;
  siftDown(heap, start, at);
}
