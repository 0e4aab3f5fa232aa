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
  const rows = Int32Array.from(ctfidf.topicIds.keys()).filter((r) => ctfidf.topicIds[r] >= 0);
  const n = rows.length;
  if (n < 2) return { merges: [] };
  const topicIds = Array.from(rows, (r) => ctfidf.topicIds[r]);
  const firstMergeId = topicIds[n - 1] + 1;
  // Cluster ids of the linkage (leaves 0 … n − 1, then n + k) as result ids (topic ids, then firstMergeId + k).
  const idOf = (cluster: number) => (cluster < n ? topicIds[cluster] : firstMergeId + cluster - n);
  const distances = sparseCosineDistances(ctfidf.weights, rows);
  const tree = optimalLeafOrdering(linkage(distances, n, 'ward'), distances);
  const mergeDistances = uniqueDistances(tree.distance);

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
  for (let k = 0; k < tree.left.length; k++) {
    const left = tree.left[k];
    const right = tree.right[k];
    // Each cluster is merged once: its parts are not needed afterwards.
    const merged = addCounts(clusterCounts[left]!, clusterCounts[right]!);
    const topics = [...clusterTopics[left]!, ...clusterTopics[right]!].sort((a, b) => a - b);
    clusterCounts[left] = clusterCounts[right] = clusterTopics[left] = clusterTopics[right] = undefined;
    clusterCounts.push(merged);
    clusterTopics.push(topics);
    const scores = new Float64Array(merged.values.length);
    weightRow(merged.columns, merged.values, ctfidf.idf, ctfidf.weighting, scores);
    const words = topWordsOf(ctfidf.vocabulary, merged.columns, scores, topNWords).filter((w) => w.word !== '');
    merges.push({ id: firstMergeId + k, left: idOf(left), right: idOf(right), distance: mergeDistances[k], topics, words });
  }
  return { merges };
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
