/** BERTopic's representative documents: the sampled members whose c-TF-IDF vector is closest to their topic's. */
import type { Random } from '../random';
import { documentVector, longestRow, type ClassTfidf } from './classTfidf';
import type { DocumentTerms } from './documentTerms';
import { rowNorms } from './sparse';
import type { TopicGroups } from './topicGroups';

/** BERTopic scores at most this many members per topic. */
export const REPRESENTATIVE_SAMPLE_SIZE = 500;

/**
 * Per topic (in `groups` order): up to `count` member documents, most similar first (cosine of the document's
 * c-TF-IDF vector to the topic row; equal similarities by document index). Topics with more than 500 members are
 * sampled first, without replacement (BERTopic draws 500 with replacement and drops duplicates).
 */
export function representativeDocuments(model: ClassTfidf, terms: DocumentTerms, groups: TopicGroups, count: number, random: Random): Int32Array[] {
  const topicNorms = rowNorms(model.weights);
  const topicRow = new Float64Array(model.vocabulary.length);
  const scratchColumns = new Int32Array(longestRow(terms.counts));
  const scratchValues = new Float64Array(scratchColumns.length);
  const { rowStart, columns, values } = model.weights;

  return groups.members.map((members, r) => {
    for (let k = rowStart[r]; k < rowStart[r + 1]; k++) topicRow[columns[k]] = values[k];
    const candidates = sampleWithoutReplacement(members, REPRESENTATIVE_SAMPLE_SIZE, random);
    const similarity = new Float64Array(candidates.length);
    candidates.forEach((doc, i) => {
      const length = documentVector(model, terms, doc, scratchColumns, scratchValues);
      let dot = 0;
      let norm = 0;
      for (let k = 0; k < length; k++) {
        dot += scratchValues[k] * topicRow[scratchColumns[k]];
        norm += scratchValues[k] * scratchValues[k];
      }
      similarity[i] = dot === 0 ? 0 : dot / (Math.sqrt(norm) * topicNorms[r]);
    });
    for (let k = rowStart[r]; k < rowStart[r + 1]; k++) topicRow[columns[k]] = 0;

    const order = Array.from(candidates.keys()).sort((i, j) => similarity[j] - similarity[i] || candidates[i] - candidates[j]);
    return Int32Array.from(order.slice(0, count), (i) => candidates[i]);
  });
}

/** All of `items` when there are at most `size`, otherwise `size` of them drawn by a partial Fisher–Yates shuffle. */
function sampleWithoutReplacement(items: Int32Array, size: number, random: Random): Int32Array {
  if (items.length <= size) return items;
  const pool = items.slice();
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.subarray(0, size);
}
