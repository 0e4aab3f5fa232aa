/** The one typed, versioned, JSON-serialisable result of a pipeline run. */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AuditReport } from './audit/report';
import type { DocumentUnit, SkippedFile } from './documents/types';
import type { StageName } from './control';

/**
 * Version 2: `source` is always a URI (the CLI wrote a path before). Version 3: topics carry a hierarchy
 * (`TopicLensResult.hierarchy`) and the parameters a topic reduction (`nrTopics`).
 */
export const RESULT_VERSION = 3;

/** The topic of documents that fit no topic (BERTopic's -1). */
export const OUTLIER_TOPIC = -1;
/** The topic of documents set aside before clustering because the model could not embed them. */
export const SET_ASIDE_TOPIC = -2;

export type OutlierStrategy = 'c-tf-idf' | 'embeddings';

export interface PipelineParameters {
  readonly unit: DocumentUnit;
  /** HDBSCAN min_cluster_size (BERTopic's min_topic_size). */
  readonly minTopicSize: number;
  /** HDBSCAN min_samples; null = min_cluster_size, as BERTopic. */
  readonly minSamples: number | null;
  readonly clusterSelection: 'eom' | 'leaf';
  /**
   * Largest share of the documents one topic may hold (hdbscan's max_cluster_size as a fraction); 0 = no limit,
   * the default. A cap makes a subject that dominates the folder vanish into the outliers (its cluster is over the
   * cap and its parts under the minimum size). The "one giant topic" it once held back came from the embeddings:
   * all-zero rows of unembeddable documents and GloVe-SIF's common component, both handled before clustering.
   */
  readonly maxTopicShare: number;
  /**
   * A topic holding more than this share of the documents is replaced by its sub-topics where HDBSCAN's tree splits
   * it into parts that hold at least half of it (0 = off). Such a topic says only "this is the folder": without it,
   * EOM can answer "everything but one corner" on a documentation tree whose subjects share one vocabulary (Sphinx's
   * own docs came out as 2 topics of 585 and 25 sections). Set high (0.9) so that a subject that merely dominates
   * a folder (40 install guides beside 12 cooking notes: 77 %) stays one topic.
   */
  readonly splitTopicShare: number;
  readonly umapNeighbors: number;
  readonly umapComponents: number;
  readonly umapMinDist: number;
  /** null = BERTopic's rule: 500 epochs up to 10,000 points, 200 above. */
  readonly umapEpochs: number | null;
  readonly mapNeighbors: number;
  readonly seed: number;
  /** Remove scikit-learn's English stop words from topic words (BERTopic keeps them). */
  readonly stopWords: boolean;
  /**
   * BERTopic's _preprocess_text before counting words. Off by default: it deletes punctuation rather than
   * spacing it, which glues code and URLs in documentation into non-words ("consolelogfoo").
   */
  readonly cleanText: boolean;
  /**
   * Count only the words a reader of the rendered document sees: the markup of each document's format (reST
   * roles and directives, AsciiDoc attributes and macros, Markdown front matter, link targets and HTML, org
   * keywords), code blocks, URLs and terminal escapes are left out, and so are words that start with a digit.
   */
  readonly stripMarkup: boolean;
  /** BERTopic's n_gram_range (1, 2): pairs of consecutive words compete with single words for the topic words. */
  readonly bigrams: boolean;
  /** Fold a topic word's plural into its best scored form ("class", "classes" → "class"). */
  readonly foldPlurals: boolean;
  /**
   * BERTopic's MaximalMarginalRelevance diversity for the topic words (with a model that embeds single words, as
   * the bundled one does); null = the c-TF-IDF words as they are.
   */
  readonly diversity: number | null;
  readonly bm25Weighting: boolean;
  readonly reduceFrequentWords: boolean;
  readonly topNWords: number;
  readonly representativeDocs: number;
  /** BERTopic's reduce_outliers: every outlier above the threshold joins a topic (and is marked weakly placed). */
  readonly outlierReduction: { readonly strategy: OutlierStrategy; readonly threshold: number } | null;
  /**
   * When outlierReduction is off: an outlier joins its nearest topic, marked weakly placed, if its cosine to the
   * topic reaches this quantile of the topic members' cosines (null = keep every outlier in -1). See
   * topics/outlierPlacement.ts.
   */
  readonly outlierPlacement: number | null;
  /**
   * BERTopic's nr_topics: after clustering, merge similar topics down to this many (outliers included, as BERTopic
   * counts them), or "auto" (HDBSCAN over the topic embeddings); null = keep what HDBSCAN found.
   */
  readonly nrTopics: number | 'auto' | null;
  /**
   * When nrTopics is null: topics whose embeddings are at least this similar (cosine, average linkage over the
   * topics each side) become one. HDBSCAN splits a subject wherever its documents thin out; on documentation,
   * generated reference pages and per-release notes give dozens of topics that say the same thing. null = off.
   */
  readonly mergeSimilarity: number | null;
  /**
   * Weight of a section's file in the embedding the topics are found from (0 = each section alone): see
   * embedding/fileContext.ts. Documents alone in their file are not affected.
   */
  readonly fileContext: number;
  /**
   * SIF's common-component removal for the bundled GloVe-SIF model: project the corpus's first singular vector
   * out of every embedding before UMAP (other models are left as they are).
   */
  readonly removeCommonComponent: boolean;
}

export const DEFAULT_PARAMETERS: PipelineParameters = {
  unit: 'section',
  minTopicSize: 10,
  minSamples: null,
  clusterSelection: 'eom',
  maxTopicShare: 0,
  splitTopicShare: 0.9,
  umapNeighbors: 15,
  umapComponents: 5,
  umapMinDist: 0,
  umapEpochs: null,
  mapNeighbors: 10,
  seed: 42,
  stopWords: true,
  cleanText: false,
  stripMarkup: true,
  bigrams: true,
  foldPlurals: true,
  diversity: 0.1,
  bm25Weighting: false,
  reduceFrequentWords: false,
  topNWords: 10,
  representativeDocs: 3,
  outlierReduction: null,
  outlierPlacement: 0.1,
  nrTopics: null,
  mergeSimilarity: 0.5,
  fileContext: 0.5,
  removeCommonComponent: true,
};

export interface DocumentResult {
  readonly path: string;
  readonly heading: string | null;
  readonly startLine: number;
  readonly endLine: number;
  /** OUTLIER_TOPIC, SET_ASIDE_TOPIC (unembeddable), or a topic id ≥ 0. */
  topic: number;
  /** HDBSCAN membership probability (or similarity after outlier reduction / incremental assignment). */
  probability: number;
  /** Placed in its topic by similarity, not by HDBSCAN: near the topic, but not part of its dense core. */
  readonly weak?: true;
  /** 2-D map coordinates; NaN-free, 0 for unembeddable documents. */
  readonly x: number;
  readonly y: number;
  /** First ~200 characters, for hovers and reports. */
  readonly snippet: string;
  /** sha256 of the text, the embedding cache key together with the model id. */
  readonly hash: string;
  readonly label?: string;
  /** Why an unembeddable document was set aside. */
  readonly unembeddableReason?: string;
}

export interface TopicWord {
  readonly word: string;
  readonly score: number;
}

/** BERTopic's get_topic_info row. */
export interface TopicInfo {
  /** 0 = largest; -1 = outliers. */
  readonly id: number;
  readonly count: number;
  /** "{id}_w1_w2_w3_w4" */
  readonly name: string;
  /** A readable title: the heading that best speaks for the topic, or its best words in a phrase (absent in older results). */
  readonly title?: string;
  readonly words: readonly TopicWord[];
  /** Indices into `documents`. */
  readonly representativeDocs: readonly number[];
  /** Mean of the members' embeddings (L2-normalised), for incremental assignment. */
  readonly embedding: readonly number[];
}

export interface StageTiming {
  readonly stage: StageName;
  readonly seconds: number;
}

/** Set when documents changed since the full run and were assigned to its topics without re-fitting. */
export interface IncrementalUpdate {
  readonly updatedAt: string;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  /** Wall time of the update. */
  readonly seconds: number;
}

/** One row of BERTopic's hierarchical_topics: two clusters of topics become one. */
export interface HierarchyMerge {
  /**
   * Topics are the leaves (by their ids); merge k creates cluster (last topic id + 1 + k): n + k after a full run,
   * BERTopic's Parent_ID.
   */
  readonly id: number;
  /** The merged clusters, in the dendrogram's left-to-right order. */
  readonly left: number;
  readonly right: number;
  /** Ward distance between the two (1 − cosine of c-TF-IDF rows underneath), unique across merges. */
  readonly distance: number;
  /** Every topic under the new cluster, ascending. */
  readonly topics: readonly number[];
  /** The top c-TF-IDF words of those topics' documents taken together (slots without a positive score left out). */
  readonly words: readonly TopicWord[];
}

/** BERTopic's hierarchical_topics of the clustered topics (outliers are not part of it). */
export interface TopicHierarchy {
  /** Ascending distance; the last merge holds every topic. Empty with fewer than two topics. */
  readonly merges: readonly HierarchyMerge[];
}

export interface TopicLensResult {
  readonly version: typeof RESULT_VERSION;
  readonly createdAt: string;
  /** The scanned folder or the JSONL file, as a URI string (`file:///…` from the CLI, any scheme in the editor). */
  readonly source: string;
  readonly model: { readonly id: string; readonly dimension: number };
  readonly parameters: PipelineParameters;
  readonly documents: DocumentResult[];
  readonly topics: TopicInfo[];
  readonly skipped: readonly SkippedFile[];
  readonly timings: readonly StageTiming[];
  readonly incremental?: IncrementalUpdate;
  /** The direction removed from every embedding (removeCommonComponent), for placing new documents. */
  readonly commonComponent?: readonly number[];
  /** How the topics group, from fine to coarse; absent from results of versions 1 and 2. */
  readonly hierarchy?: TopicHierarchy;
  /** The documentation audit of this result (findings), when one was run. */
  readonly audit?: AuditReport;
}

/**
 * The one identity of a document across runs and edits: its file, its heading and which section of that file under
 * that heading it is. Line numbers shift when a file is edited above a section; this does not. `documents` must list
 * each file's documents in file order (as every reader and result does): the key of one entry depends on the
 * entries before it.
 */
export function documentKeys(documents: readonly { readonly path: string; readonly heading: string | null }[]): string[] {
  const seen = new Map<string, number>();
  return documents.map((doc) => {
    const place = `${doc.path}\n${doc.heading ?? ''}`;
    const occurrence = seen.get(place) ?? 0;
    seen.set(place, occurrence + 1);
    return `${place}\n${occurrence}`;
  });
}

/** How a topic is shown everywhere: "N: custom label", "N: w1_w2_w3", or "Unassigned (-1)". */
export function topicLabel(topicId: number, words: readonly { readonly word: string }[], customLabels?: ReadonlyMap<number, string>): string {
  const custom = customLabels?.get(topicId);
  if (custom) return `${topicId}: ${custom}`;
  if (topicId === OUTLIER_TOPIC) return 'Unassigned (-1)';
  return `${topicId}: ${words
    .slice(0, 3)
    .map((w) => w.word)
    .join('_')}`;
}

/** Words in a group's name. */
const GROUP_LABEL_WORDS = 3;

/**
 * How a group of topics (a cluster of the topic hierarchy) is shown: a single topic as that topic; else the group's
 * custom label, or the top words of its documents taken together ("w1 · w2 · w3").
 */
export function groupLabel(
  group: { readonly id: number; readonly topics: readonly number[]; readonly words: readonly { readonly word: string }[] },
  topics: ReadonlyMap<number, { readonly words: readonly { readonly word: string }[] }>,
  customLabels?: ReadonlyMap<number, string>,
): string {
  if (group.topics.length === 1) return topicLabel(group.topics[0], topics.get(group.topics[0])?.words ?? [], customLabels);
  return (
    customLabels?.get(group.id) ??
    group.words
      .slice(0, GROUP_LABEL_WORDS)
      .map((w) => w.word)
      .join(' · ')
  );
}

/** The `source` of a result made from a folder or file on disk. */
export function sourceOfPath(absolutePath: string): string {
  return pathToFileURL(absolutePath).href;
}

/** `source` for people: a local path for `file:` URIs, the URI itself otherwise. */
export function sourceLabel(source: string): string {
  return source.startsWith('file:') ? fileURLToPath(source) : source;
}
