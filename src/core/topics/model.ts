/** The pipeline's topic stage: number the clusters by size, describe them, and optionally reduce outliers. */
import type { PipelineParameters, TopicInfo } from '../result';
import { describeCountedTopics, toTopicInfos, type CountedTopicInput, type TopicDescription, type TopicRepresentationOptions } from './describe';
import { TermCounter } from './documentTerms';
import { reduceOutliers } from './outliers';
import { renumberTopicsBySize } from './renumber';
import { stripMarkup } from './stripMarkup';

export interface TopicModelRunInput extends CountedTopicInput {
  /** HDBSCAN membership probability per document. */
  readonly probabilities: Float64Array;
}

export interface TopicModelRun {
  /** Final topic per document (ids by size; -1 outliers). */
  readonly assignments: Int32Array;
  /** HDBSCAN probability, or the similarity for documents moved out of the outliers. */
  readonly probabilities: Float64Array;
  readonly topics: TopicInfo[];
  /** Kept for later edits (merging, outlier reduction) without counting the words again. */
  readonly description: TopicDescription;
}

export function representationOptions(parameters: PipelineParameters): TopicRepresentationOptions {
  const { cleanText, stopWords, bm25Weighting, reduceFrequentWords, topNWords, representativeDocs } = parameters;
  return { cleanText, stopWords, bm25Weighting, reduceFrequentWords, topNWords, representativeDocs };
}

/** A word counter for the topic words `parameters` ask for (markup stripped when they say so). */
export function topicTermCounter(parameters: PipelineParameters): TermCounter {
  const { cleanText, stopWords } = representationOptions(parameters);
  return new TermCounter({ cleanText, stopWords }, parameters.stripMarkup ? stripMarkup : undefined);
}

export function modelTopics(input: TopicModelRunInput, parameters: PipelineParameters): TopicModelRun {
  const { assignments } = renumberTopicsBySize(input.assignments);
  const description = describeCountedTopics({ ...input, assignments }, representationOptions(parameters));
  if (!parameters.outlierReduction) {
    return { assignments, probabilities: input.probabilities, topics: toTopicInfos(description), description };
  }
  const reduced = reduceOutliers(
    { description, probabilities: input.probabilities, embeddings: input.embeddings, random: input.random },
    parameters.outlierReduction,
  );
  return { assignments: reduced.assignments, probabilities: reduced.probabilities, topics: toTopicInfos(reduced.description), description: reduced.description };
}
