/**
 * The default answer to HDBSCAN's outliers on documentation: an outlier joins its nearest topic, marked *weakly
 * placed*, when it is as close to that topic as the topic's own less typical members are; true strays stay in -1.
 * "As close" is relative to each topic (a quantile of its members' cosine to the topic embedding), so the rule
 * holds for any embedding space and for tight and loose topics alike. Weakly placed documents do not shape the
 * topics: words, representative documents and topic embeddings stay those of the HDBSCAN members.
 */
import { dotsWithRows, row, type Matrix } from '../matrix';
import { OUTLIER_TOPIC, type TopicInfo } from '../result';
import type { TopicDescription } from './describe';

export interface OutlierPlacement {
  readonly assignments: Int32Array;
  /** HDBSCAN probability, or for weakly placed documents their cosine to the topic. */
  readonly probabilities: Float64Array;
  /** 1 for documents placed here rather than by HDBSCAN. */
  readonly weak: Uint8Array;
  readonly placed: number;
}

/** Σ data[from + i]² for i < length, in index order. */
function squaredNorm(data: Float32Array, from: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += data[from + i] * data[from + i];
  return sum;
}

/** The cosine from a dot product and both squared norms; 0 when either vector is zero. */
function cosineOf(dot: number, aa: number, bb: number): number {
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return cosineOf(dot, squaredNorm(a, 0, a.length), squaredNorm(b, 0, b.length));
}

/** The q-quantile (lower) of `values`; NaN when empty. */
function quantile(values: Float64Array, q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))];
}

/**
 * Places outliers of `description` (whose rows are `embeddings`) in their nearest topic when their cosine to it
 * reaches the `memberQuantile` quantile of that topic's members' cosines.
 */
export function placeOutliers(description: TopicDescription, embeddings: Matrix, probabilities: Float64Array, memberQuantile: number): OutlierPlacement {
  const weak = new Uint8Array(description.assignments.length);
  const vectors = description.topicEmbeddings;
  const { topicIds, members } = description.groups;
  const outlierRow = topicIds.indexOf(OUTLIER_TOPIC);
  if (!vectors || outlierRow < 0) return { assignments: description.assignments, probabilities, weak, placed: 0 };
  const assignments = description.assignments.slice();
  const placedProbabilities = probabilities.slice();

  const rowsOfTopics: number[] = [];
  const admission: number[] = [];
  topicIds.forEach((id, r) => {
    if (id < 0) return;
    const topic = row(vectors, r);
    const similarities = Float64Array.from(members[r], (doc) => cosine(row(embeddings, doc), topic));
    rowsOfTopics.push(r);
    admission.push(quantile(similarities, memberQuantile));
  });

  // Each outlier against every topic: the norms once each, then only the dot products.
  // Float64 copies: exact, and one element type for the shared dot-product loop.
  const topicRows = Int32Array.from(rowsOfTopics);
  const length = vectors.cols;
  const topicVectors = new Float64Array(topicRows.length * length);
  topicRows.forEach((r, t) => topicVectors.set(row(vectors, r), t * length));
  const topicNorms = Float64Array.from(topicRows, (r) => squaredNorm(vectors.data, r * length, length));
  const vector = new Float64Array(length);
  const dots = new Float64Array(topicRows.length);
  let placed = 0;
  for (const doc of members[outlierRow]) {
    vector.set(row(embeddings, doc));
    const norm = squaredNorm(embeddings.data, doc * length, length);
    dotsWithRows(vector, topicVectors, topicRows.length, length, dots);
    let best = -1;
    let bestSimilarity = 0;
    for (let t = 0; t < topicRows.length; t++) {
      const similarity = cosineOf(dots[t], norm, topicNorms[t]);
      if (similarity > bestSimilarity) {
        best = t;
        bestSimilarity = similarity;
      }
    }
    if (best < 0 || bestSimilarity < admission[best]) continue;
    assignments[doc] = topicIds[topicRows[best]];
    placedProbabilities[doc] = bestSimilarity;
    weak[doc] = 1;
    placed++;
  }
  return { assignments, probabilities: placedProbabilities, weak, placed };
}

/** Topic rows whose counts include their weakly placed documents (and the outliers' count without them). */
export function withWeakMembers(topics: readonly TopicInfo[], assignments: Int32Array, weak: Uint8Array): TopicInfo[] {
  const moved = new Map<number, number>();
  let left = 0;
  weak.forEach((flag, i) => {
    if (!flag) return;
    moved.set(assignments[i], (moved.get(assignments[i]) ?? 0) + 1);
    left++;
  });
  return topics.map((topic) => ({ ...topic, count: topic.count + (topic.id === OUTLIER_TOPIC ? -left : (moved.get(topic.id) ?? 0)) }));
}
