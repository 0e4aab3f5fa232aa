/**
 * The pipeline's topic stage: number the clusters by size, describe them, optionally merge similar topics
 * (nr_topics) and reduce outliers, and build the topic hierarchy.
 */
import type { RunControl } from '../control';
import { mergeSimilarTopics, reduceTopicCount } from '../hierarchy/reduceTopics';
import { buildTopicHierarchy } from '../hierarchy/topicHierarchy';
import type { PipelineParameters, TopicHierarchy, TopicInfo } from '../result';
import {
  describeCountedTopics,
  topicInfos,
  type CountedTopicInput,
  type DescriptionContext,
  type TopicDescription,
  type TopicRepresentationOptions,
} from './describe';
import { TermCounter } from './documentTerms';
import { placeOutliers, withWeakMembers } from './outlierPlacement';
import { reduceOutliers } from './outliers';
import { renumberTopicsBySize } from './renumber';
import { stripMarkup } from './stripMarkup';
import type { TokenizerOptions } from './tokenize';

export interface TopicModelRunInput extends CountedTopicInput {
  /** HDBSCAN membership probability per document. */
  readonly probabilities: Float64Array;
}

export interface TopicModelRun {
  /** Final topic per document (ids by size; -1 outliers). */
  readonly assignments: Int32Array;
  /** HDBSCAN probability, or the similarity for documents moved out of the outliers. */
  readonly probabilities: Float64Array;
  /** 1 for documents placed in a topic by similarity rather than by HDBSCAN (see outlierPlacement.ts). */
  readonly weak: Uint8Array;
  readonly topics: TopicInfo[];
  /** Kept for later edits (merging, outlier reduction) without counting the words again. */
  readonly description: TopicDescription;
  readonly hierarchy: TopicHierarchy;
}

export function representationOptions(parameters: PipelineParameters): TopicRepresentationOptions {
  const { bm25Weighting, reduceFrequentWords, topNWords, representativeDocs } = parameters;
  // Results saved before these existed keep the words they were described with.
  const foldPlurals = parameters.foldPlurals === true;
  const diversity = parameters.diversity ?? null;
  return { ...tokenizerOptions(parameters), bm25Weighting, reduceFrequentWords, topNWords, representativeDocs, foldPlurals, diversity };
}

/** How `parameters` turn text into terms. (Results saved before bigrams existed counted words only.) */
function tokenizerOptions(parameters: PipelineParameters): TokenizerOptions {
  const { cleanText, stopWords } = parameters;
  return { cleanText, stopWords, bigrams: parameters.bigrams === true, skipNumbers: parameters.stripMarkup };
}

/** A term counter for the topic words `parameters` ask for (markup stripped by format when they say so). */
export function topicTermCounter(parameters: PipelineParameters): TermCounter {
  return new TermCounter(tokenizerOptions(parameters), parameters.stripMarkup ? stripMarkup : undefined);
}

/** The hierarchy of described topics, with as many words per merge as per topic. */
export function describeHierarchy(description: TopicDescription): TopicHierarchy {
  return buildTopicHierarchy(description.ctfidf, description.options.topNWords);
}

export async function modelTopics(
  input: TopicModelRunInput,
  parameters: PipelineParameters,
  context: DescriptionContext = {},
  control: RunControl = {},
): Promise<TopicModelRun> {
  const options = representationOptions(parameters);
  let description = describeCountedTopics({ ...input, assignments: renumberTopicsBySize(input.assignments).assignments }, options);
  const reduced =
    parameters.nrTopics !== null
      ? await reduceTopicCount(description, parameters.nrTopics, control)
      : parameters.mergeSimilarity !== null
        ? mergeSimilarTopics(description, parameters.mergeSimilarity)
        : null;
  if (reduced) description = describeCountedTopics({ ...input, assignments: reduced.assignments }, options);
  const { assignments } = description;
  if (parameters.outlierReduction) {
    const reduced = reduceOutliers(
      { description, probabilities: input.probabilities, embeddings: input.embeddings, random: input.random },
      parameters.outlierReduction,
    );
    const weak = Uint8Array.from(assignments, (topic, i) => (topic === -1 && reduced.assignments[i] >= 0 ? 1 : 0));
    const topics = await topicInfos(reduced.description, context);
    return {
      assignments: reduced.assignments,
      probabilities: reduced.probabilities,
      weak,
      topics,
      description: reduced.description,
      hierarchy: describeHierarchy(reduced.description),
    };
  }
  const hierarchy = describeHierarchy(description);
  if (parameters.outlierPlacement !== null && input.embeddings) {
    const placement = placeOutliers(description, input.embeddings, input.probabilities, parameters.outlierPlacement);
    const topics = withWeakMembers(await topicInfos(description, context), placement.assignments, placement.weak);
    return { assignments: placement.assignments, probabilities: placement.probabilities, weak: placement.weak, topics, description, hierarchy };
  }
  return {
    assignments,
    probabilities: input.probabilities,
    weak: new Uint8Array(assignments.length),
    topics: await topicInfos(description, context),
    description,
    hierarchy,
  };
}
