/**
 * BERTopic's `reduce_outliers` for the "c-tf-idf" and "embeddings" strategies, followed by `update_topics`: every
 * outlier goes to its most similar topic when that similarity reaches the threshold, then the topics are described
 * again. Topic ids are kept (BERTopic does not renumber here).
 */
import { row, type Matrix } from '../matrix';
import type { Random } from '../random';
import type { OutlierStrategy } from '../result';
import { documentVector, longestRow } from './classTfidf';
import { describeCountedTopics, type TopicDescription } from './describe';
import { rowNorms, transpose } from './sparse';

export interface OutlierReductionOptions {
  readonly strategy: OutlierStrategy;
  /** Minimum cosine similarity for a reassignment (BERTopic's default is 0). */
  readonly threshold: number;
}

export interface OutlierReductionInput {
  readonly description: TopicDescription;
  /** Current probability per document; reassigned documents get their similarity instead. */
  readonly probabilities: Float64Array;
  /** Document embeddings, the rows the description was made from: needed for "embeddings" and for topic embeddings. */
  readonly embeddings?: Matrix;
  readonly random: Random;
}

export interface OutlierReduction {
  readonly assignments: Int32Array;
  readonly probabilities: Float64Array;
  readonly reassigned: number;
  /** The topics described again with the new assignments. */
  readonly description: TopicDescription;
}

export function reduceOutliers(input: OutlierReductionInput, options: OutlierReductionOptions): OutlierReduction {
  const { description } = input;
  const topicIds = description.ctfidf.topicIds;
  const outlierRow = topicIds.indexOf(-1);
  const outliers = outlierRow >= 0 ? description.groups.members[outlierRow] : new Int32Array(0);
  // outliers × topic rows (the -1 row included, never chosen).
  const similarity =
    options.strategy === 'c-tf-idf' ? ctfidfSimilarities(description, outliers) : embeddingSimilarities(description, input.embeddings, outliers);

  const assignments = description.assignments.slice();
  const probabilities = input.probabilities.slice();
  let reassigned = 0;
  const topics = topicIds.length;
  outliers.forEach((doc, i) => {
    let best = -1;
    for (let r = 0; r < topics; r++) {
      if (topicIds[r] < 0) continue;
      if (best < 0 || similarity[i * topics + r] > similarity[i * topics + best]) best = r;
    }
    if (best < 0) return;
    const value = similarity[i * topics + best];
    // BERTopic zeroes similarities below the threshold and keeps outliers whose similarities are then all zero.
    if (value > 0 && value >= options.threshold) {
      assignments[doc] = topicIds[best];
      probabilities[doc] = value;
      reassigned++;
    }
  });

  const updated = describeCountedTopics({ terms: description.terms, assignments, embeddings: input.embeddings, random: input.random }, description.options);
  return { assignments, probabilities, reassigned, description: updated };
}

/** Cosine of each document's c-TF-IDF vector to each topic row, through a word → topics index. */
function ctfidfSimilarities(description: TopicDescription, docs: Int32Array): Float64Array {
  const { ctfidf, terms } = description;
  const topics = ctfidf.topicIds.length;
  const byWord = transpose(ctfidf.weights);
  const topicNorms = rowNorms(ctfidf.weights);
  const columns = new Int32Array(longestRow(terms.counts));
  const values = new Float64Array(columns.length);
  const similarity = new Float64Array(docs.length * topics);
  docs.forEach((doc, i) => {
    const length = documentVector(ctfidf, terms, doc, columns, values);
    const dots = similarity.subarray(i * topics, (i + 1) * topics);
    let squares = 0;
    for (let k = 0; k < length; k++) {
      squares += values[k] * values[k];
      const word = columns[k];
      for (let e = byWord.rowStart[word]; e < byWord.rowStart[word + 1]; e++) dots[byWord.columns[e]] += values[k] * byWord.values[e];
    }
    const norm = Math.sqrt(squares);
    for (let r = 0; r < topics; r++) dots[r] = dots[r] === 0 ? 0 : dots[r] / (norm * topicNorms[r]);
  });
  return similarity;
}

/** Cosine of each document embedding to each (unit-length) topic embedding. */
function embeddingSimilarities(description: TopicDescription, embeddings: Matrix | undefined, docs: Int32Array): Float64Array {
  const topicVectors = description.topicEmbeddings;
  if (!embeddings || !topicVectors) throw new Error('The "embeddings" strategy needs the document embeddings the topics were described with.');
  const dim = embeddings.cols;
  const similarity = new Float64Array(docs.length * topicVectors.rows);
  docs.forEach((doc, i) => {
    const vector = row(embeddings, doc);
    let squares = 0;
    for (const x of vector) squares += x * x;
    if (squares === 0) return;
    const norm = Math.sqrt(squares);
    for (let r = 0; r < topicVectors.rows; r++) {
      const topic = row(topicVectors, r);
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += vector[j] * topic[j];
      similarity[i * topicVectors.rows + r] = dot / norm;
    }
  });
  return similarity;
}
