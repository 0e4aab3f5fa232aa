/**
 * BERTopic 0.17.4's `hierarchical_topics`: Ward linkage with optimal leaf ordering over 1 − cosine between the
 * topics' c-TF-IDF rows (outliers left out), equal merge distances made unique, and every merge described by the
 * c-TF-IDF of its topics' documents taken together, against the fitted vocabulary and idf.
 */
import type { HierarchyMerge, TopicHierarchy } from '../result';
import { weightRow, type ClassTfidf } from '../topics/classTfidf';
import { topWordsOf } from '../topics/topWords';
import { sparseCosineDistances } from './cosineDistances';
import { optimalLeafOrdering } from './leafOrdering';
import { linkage } from './linkage';

/** BERTopic's `get_unique_distances` nudges a repeated distance up by at most this much. */
const UNIQUE_DISTANCE_NOISE = 1e-7;

/** A sparse vector of word counts over the fitted vocabulary. */
interface Counts {
  readonly columns: Int32Array;
  readonly values: Float64Array;
}

/**
 * `topNWords` words per merge. Leaves are the topics with ids ≥ 0 (ascending: 0 … n − 1 after a full run, maybe
 * with gaps after an incremental update emptied one); merge k gets the id after the last topic's, plus k.
 */
export function buildTopicHierarchy(ctfidf: ClassTfidf, topNWords: number): TopicHierarchy {
  const leaves = topicLeaves(ctfidf);
  const n = leaves.rows.length;
  if (n < 2) return { merges: [] };
  const distances = sparseCosineDistances(ctfidf.weights, leaves.rows);
  const tree = optimalLeafOrdering(linkage(distances, n, 'ward'), distances);
  return { merges: describeMerges(ctfidf, leaves, tree.left, tree.right, uniqueDistances(tree.distance), topNWords) };
}

/**
 * The hierarchy `previous` of the same topics with every merge described again from `ctfidf` (an incremental
 * update's membership): the tree stays the full run's, as the topics themselves do — an update places documents,
 * a full run decides what the topics are and how they group. Null when the topics are not the same (an update
 * emptied one): then only building the tree again fits.
 */
export function redescribeHierarchy(previous: TopicHierarchy, ctfidf: ClassTfidf, topNWords: number): TopicHierarchy | null {
  const leaves = topicLeaves(ctfidf);
  const n = leaves.rows.length;
  const { merges } = previous;
  if (merges.length !== Math.max(0, n - 1)) return null;
  if (n < 2) return { merges: [] };
  const last = merges[merges.length - 1].topics;
  if (last.length !== n || last.some((topic, t) => topic !== leaves.topicIds[t])) return null;
  const firstMergeId = leaves.topicIds[n - 1] + 1;
  const leafOf = new Map(leaves.topicIds.map((topic, t) => [topic, t]));
  const cluster = (id: number) => leafOf.get(id) ?? n + id - firstMergeId;
  return {
    merges: describeMerges(
      ctfidf,
      leaves,
      Int32Array.from(merges, (m) => cluster(m.left)),
      Int32Array.from(merges, (m) => cluster(m.right)),
      Float64Array.from(merges, (m) => m.distance),
      topNWords,
    ),
  };
}

/** The c-TF-IDF rows of the topics with ids ≥ 0, and those ids (ascending). */
function topicLeaves(ctfidf: ClassTfidf): { readonly rows: Int32Array; readonly topicIds: number[] } {
  const rows = Int32Array.from(ctfidf.topicIds.keys()).filter((r) => ctfidf.topicIds[r] >= 0);
  return { rows, topicIds: Array.from(rows, (r) => ctfidf.topicIds[r]) };
}

/**
 * The merges of a linkage over the leaves (cluster ids: leaves 0 … n − 1, then n + k), as result rows with ids
 * (topic ids, then the id after the last topic's plus k), each described by the c-TF-IDF of its topics' documents
 * taken together.
 */
function describeMerges(
  ctfidf: ClassTfidf,
  leaves: { readonly rows: Int32Array; readonly topicIds: number[] },
  left: Int32Array,
  right: Int32Array,
  distances: Float64Array,
  topNWords: number,
): HierarchyMerge[] {
  const { rows, topicIds } = leaves;
  const n = rows.length;
  const firstMergeId = topicIds[n - 1] + 1;
  const idOf = (cluster: number) => (cluster < n ? topicIds[cluster] : firstMergeId + cluster - n);
  const { counts } = ctfidf;
  const clusterCounts: (Counts | undefined)[] = Array.from({ length: n }, (_, t) => {
    const r = rows[t];
    return {
      columns: counts.columns.subarray(counts.rowStart[r], counts.rowStart[r + 1]),
      values: counts.values.subarray(counts.rowStart[r], counts.rowStart[r + 1]),
    };
  });
  const clusterTopics: (number[] | undefined)[] = topicIds.map((topic) => [topic]);
  const merges: HierarchyMerge[] = [];
  for (let k = 0; k < left.length; k++) {
    const a = left[k];
    const b = right[k];
    // Each cluster is merged once: its parts are not needed afterwards.
    const merged = addCounts(clusterCounts[a]!, clusterCounts[b]!);
    const topics = [...clusterTopics[a]!, ...clusterTopics[b]!].sort((x, y) => x - y);
    clusterCounts[a] = clusterCounts[b] = clusterTopics[a] = clusterTopics[b] = undefined;
    clusterCounts.push(merged);
    clusterTopics.push(topics);
    const scores = new Float64Array(merged.values.length);
    weightRow(merged.columns, merged.values, ctfidf.idf, ctfidf.weighting, scores);
    const words = topWordsOf(ctfidf.vocabulary, merged.columns, scores, topNWords).filter((w) => w.word !== '');
    merges.push({ id: firstMergeId + k, left: idOf(a), right: idOf(b), distance: distances[k], topics, words });
  }
  return merges;
}

/** The sum of two sparse count vectors (ascending columns in, ascending columns out). */
function addCounts(a: Counts, b: Counts): Counts {
  const columns = new Int32Array(a.columns.length + b.columns.length);
  const values = new Float64Array(columns.length);
  let i = 0;
  let j = 0;
  let size = 0;
  while (i < a.columns.length || j < b.columns.length) {
    const ca = i < a.columns.length ? a.columns[i] : Infinity;
    const cb = j < b.columns.length ? b.columns[j] : Infinity;
    columns[size] = Math.min(ca, cb);
    values[size++] = (ca <= cb ? a.values[i++] : 0) + (cb <= ca ? b.values[j++] : 0);
  }
  return { columns: columns.slice(0, size), values: values.slice(0, size) };
}

/**
 * BERTopic's `get_unique_distances`: a distance equal to the one before it is raised a little (less than the gap to
 * the next distinct one), so that cutting the tree at a merge's distance never takes a later merge with it.
 * BERTopic draws the amount at random from the upper half of the allowed range; we take its middle.
 */
export function uniqueDistances(distances: Float64Array): Float64Array {
  const out = Float64Array.from(distances);
  for (let i = 0; i + 1 < distances.length; i++) {
    if (distances[i] !== distances[i + 1]) continue;
    let next = distances[i] + UNIQUE_DISTANCE_NOISE;
    for (let j = i + 1; j < distances.length; j++) {
      if (distances[j] !== distances[i]) {
        next = distances[j];
        break;
      }
    }
    const noise = Math.min(UNIQUE_DISTANCE_NOISE, next - out[i]);
    out[i + 1] = out[i] + 0.75 * noise;
  }
  return out;
}
