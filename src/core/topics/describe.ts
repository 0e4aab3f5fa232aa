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
import { topicTitles, type TitleEvidence } from './topicTitle';
import { CANDIDATE_WORDS, refineTopicWords, type TopicWordOptions, type WordEmbedder } from './topicWords';
import { EMPTY_TOPIC_WORD, topicName, topWords } from './topWords';

export interface TopicRepresentationOptions extends TokenizerOptions, CtfidfWeighting, TopicWordOptions {
  readonly representativeDocs: number;
}

/** What describing topics for readers may use beyond the counts: headings for titles, a model for MMR. */
export interface DescriptionContext {
  readonly evidence?: TitleEvidence;
  readonly wordEmbedder?: WordEmbedder;
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
  /** `topNWords` slots as BERTopic's c-TF-IDF returns them: slots without a positive score hold EMPTY_TOPIC_WORD. */
  readonly words: readonly TopicWord[];
  /** The best CANDIDATE_WORDS (at least `topNWords`) words with a positive score, best first: what topicInfos refines. */
  readonly candidates: readonly TopicWord[];
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
  if (!sameTokenizer(terms.options, options)) {
    throw new Error('The documents were counted with other tokenizer options than the representation asks for.');
  }
  if (assignments.length !== terms.counts.rows || (embeddings && embeddings.rows !== assignments.length)) {
    throw new RangeError('Texts, assignments and embeddings must have one entry per document.');
  }
  const groups = groupByTopic(assignments);
  const ctfidf = fitClassTfidf(terms, groups, options);
  const representatives = representativeDocuments(ctfidf, terms, groups, options.representativeDocs, random);
  const candidateCount = Math.max(CANDIDATE_WORDS, options.topNWords);
  const topics = Array.from(groups.topicIds, (id, r): DescribedTopic => {
    const candidates = topWords(ctfidf, r, candidateCount).filter((w) => w !== EMPTY_TOPIC_WORD);
    const words = [...candidates.slice(0, options.topNWords)];
    while (words.length < options.topNWords) words.push(EMPTY_TOPIC_WORD);
    return { id, size: groups.members[r].length, words, candidates, representativeDocs: representatives[r] };
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

function sameTokenizer(a: TokenizerOptions, b: TokenizerOptions): boolean {
  return a.cleanText === b.cleanText && a.stopWords === b.stopWords && !!a.bigrams === !!b.bigrams && !!a.skipNumbers === !!b.skipNumbers;
}

/**
 * The result's topic rows (BERTopic's get_topic_info) as readers see them: the words refined from the c-TF-IDF
 * candidates (plurals folded, MMR), the `N_w1_w2_w3_w4` name from those words, and a readable title.
 */
export async function topicInfos(description: TopicDescription, context: DescriptionContext = {}): Promise<TopicInfo[]> {
  const { topicEmbeddings: embeddings, options } = description;
  const words = await refineTopicWords(
    description.topics.map((topic) => topic.candidates),
    options,
    context.wordEmbedder,
  );
  const evidence = context.evidence ?? { headings: Array.from(description.assignments, () => null), formats: [] };
  const titles = await topicTitles(description.ctfidf, description.groups, words, evidence, options);
  return description.topics.map((topic, r) => ({
    id: topic.id,
    count: topic.size,
    name: topicName(topic.id, words[r]),
    title: titles[r],
    words: words[r],
    representativeDocs: Array.from(topic.representativeDocs),
    embedding: embeddings ? Array.from(row(embeddings, r)) : [],
  }));
}
