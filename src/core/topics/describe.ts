/** Everything that describes a set of topics: c-TF-IDF words, names, representative documents, topic embeddings. */
import type { RunControl } from '../control';
import { row, type Matrix } from '../matrix';
import type { Random } from '../random';
import type { TopicInfo, TopicWord } from '../result';
import { fitClassTfidf, type ClassTfidf, type CtfidfWeighting } from './classTfidf';
import { countDocumentTerms, type DocumentTerms } from './documentTerms';
import { representativeDocuments } from './representativeDocs';
import { topicEmbeddings } from './topicEmbeddings';
import { groupByTopic, type TopicGroups } from './topicGroups';
import type { TokenizerOptions } from './tokenize';
import { topicName, topWords } from './topWords';

export interface TopicRepresentationOptions extends TokenizerOptions, CtfidfWeighting {
  readonly topNWords: number;
  readonly representativeDocs: number;
}

export interface TopicModelInput {
  readonly texts: readonly string[];
  /** Topic per document: ≥ 0 topics, -1 outliers, below -1 documents set aside (part of no topic). */
  readonly assignments: Int32Array;
  /** Document embeddings, one row per text; without them there are no topic embeddings. */
  readonly embeddings?: Matrix;
  /** Samples the candidates for representative documents of large topics. */
  readonly random: Random;
}

/** The same, with the texts already counted (to describe new assignments of the same documents). */
export interface CountedTopicInput extends Omit<TopicModelInput, 'texts'> {
  readonly terms: DocumentTerms;
}

export interface DescribedTopic {
  readonly id: number;
  readonly size: number;
  /** `topNWords` slots as BERTopic returns them: slots without a positive score hold EMPTY_TOPIC_WORD. */
  readonly words: readonly TopicWord[];
  /** "{id}_w1_w2_w3_w4" */
  readonly name: string;
  /** Document indices, most representative first. */
  readonly representativeDocs: Int32Array;
}

export interface TopicDescription {
  readonly options: TopicRepresentationOptions;
  readonly assignments: Int32Array;
  readonly groups: TopicGroups;
  readonly terms: DocumentTerms;
  /** The fitted c-TF-IDF (vocabulary, idf, topic rows), for outlier reduction and new documents. */
  readonly ctfidf: ClassTfidf;
  /** In `groups.topicIds` order (ascending, -1 first). */
  readonly topics: readonly DescribedTopic[];
  /** One unit-length row per topic, in `topics` order; null without document embeddings. */
  readonly topicEmbeddings: Matrix | null;
}

export async function describeTopics(input: TopicModelInput, options: TopicRepresentationOptions, control: RunControl = {}): Promise<TopicDescription> {
  const terms = await countDocumentTerms(input.texts, options, control);
  return describeCountedTopics({ ...input, terms }, options);
}

export function describeCountedTopics(input: CountedTopicInput, options: TopicRepresentationOptions): TopicDescription {
  const { terms, assignments, embeddings, random } = input;
  if (terms.options.cleanText !== options.cleanText || terms.options.stopWords !== options.stopWords) {
    throw new Error('The documents were counted with other tokenizer options than the representation asks for.');
  }
  if (assignments.length !== terms.counts.rows || (embeddings && embeddings.rows !== assignments.length)) {
    throw new RangeError('Texts, assignments and embeddings must have one entry per document.');
  }
  const groups = groupByTopic(assignments);
  const ctfidf = fitClassTfidf(terms, groups, options);
  const representatives = representativeDocuments(ctfidf, terms, groups, options.representativeDocs, random);
  const topics = Array.from(groups.topicIds, (id, r): DescribedTopic => {
    const words = topWords(ctfidf, r, options.topNWords);
    return { id, size: groups.members[r].length, words, name: topicName(id, words), representativeDocs: representatives[r] };
  });
  return {
    options,
    assignments,
    groups,
    terms,
    ctfidf,
    topics,
    topicEmbeddings: embeddings ? topicEmbeddings(embeddings, groups) : null,
  };
}

/** The result's topic rows (BERTopic's get_topic_info), without the empty word slots. */
export function toTopicInfos(description: TopicDescription): TopicInfo[] {
  const { topicEmbeddings: embeddings } = description;
  return description.topics.map((topic, r) => ({
    id: topic.id,
    count: topic.size,
    name: topic.name,
    words: topic.words.filter((w) => w.word !== ''),
    representativeDocs: Array.from(topic.representativeDocs),
    embedding: embeddings ? Array.from(row(embeddings, r)) : [],
  }));
}
