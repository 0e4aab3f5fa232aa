/**
 * What both commands (`topic-lens <folder>` and `topic-lens audit <folder>`) share: the pipeline's flags, their
 * checks, and running a command with progress, Ctrl-C and one-line errors.
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CancelledError, type RunControl } from '../core/control';
import { CORPUS_MODEL } from '../core/embedding/corpusEmbedder';
import type { EmbeddingOptions } from '../core/embedding/options';
import { MIN_REDUCED_TOPICS, parseTopicReduction } from '../core/hierarchy/reduceTopics';
import { DEFAULT_PARAMETERS, type OutlierStrategy, type PipelineParameters } from '../core/result';
import { createProgressPrinter, type ProgressPrinter } from './progress';

/** The help lines of the pipeline's flags. */
export const PIPELINE_HELP = `  --model ID|PATH           "corpus" (default: TF-IDF-SVD fitted on the documents, offline), "bundled" (offline
                            GloVe-SIF), "bundled+corpus", a Hugging Face id or a local model folder
  --allow-remote            allow downloading models from the Hugging Face hub
  --cache-dir DIR           model downloads and embedding cache (default: ~/.cache/topic-lens)
  --no-cache                do not cache embeddings
  --unit file|section       what a document is (default: section)
  --include GLOB            include glob, repeatable (default: Markdown, text, rst, AsciiDoc, org)
  --max-file-size KB        skip larger files (default: 1024)
  --max-files N             stop after N files (default: 100000)
  --min-topic-size N        HDBSCAN min_cluster_size (default: 10)
  --min-samples N           HDBSCAN min_samples (default: = min topic size)
  --split-topic-share X     a topic over this share of the documents gives way to the parts HDBSCAN splits it
                            into, when they hold half of it (default: 0.9; 0 = never)
  --selection eom|leaf      HDBSCAN cluster selection (default: eom)
  --merge-similarity X|none topics whose embeddings are this similar (cosine, average linkage) become one
                            (default: 0.5; none = keep every topic HDBSCAN found; ignored with --nr-topics)
  --file-context X          weight of a section's file in the embedding its topic is found from (default: 0.5;
                            0 = each section on its own)
  --neighbors N             UMAP neighbours (default: 15)
  --components N            UMAP components (default: 5)
  --seed N                  random seed (default: 42)
  --keep-stop-words         keep English stop words in topic words (BERTopic's default)
  --bertopic-clean          apply BERTopic's text cleaning before counting words (deletes punctuation)
  --keep-markup             count words in URLs, HTML tags and Markdown link targets too
  --nr-topics N|auto        merge similar topics until N are left (outliers count as one), or "auto" (BERTopic's nr_topics)
  --reduce-outliers S       assign outliers to topics: c-tf-idf | embeddings (BERTopic's reduce_outliers)
  --keep-outliers           keep every outlier in -1 (by default one near a topic joins it, marked weakly placed)
  --outlier-threshold X     minimum similarity for --reduce-outliers (default: 0)
  --threads N               threads for embedding (default: all cores); 1 also keeps the map layout (and the audit) on one thread
  -q, --quiet               no progress output
  -h, --help                this help
`;

/** parseArgs' description of the pipeline's flags. */
export const PIPELINE_FLAGS = {
  out: { type: 'string' },
  model: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  unit: { type: 'string' },
  include: { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
  'max-files': { type: 'string' },
  'min-topic-size': { type: 'string' },
  'min-samples': { type: 'string' },
  'split-topic-share': { type: 'string' },
  'merge-similarity': { type: 'string' },
  'file-context': { type: 'string' },
  selection: { type: 'string' },
  neighbors: { type: 'string' },
  components: { type: 'string' },
  seed: { type: 'string' },
  'keep-stop-words': { type: 'boolean' },
  'bertopic-clean': { type: 'boolean' },
  'keep-markup': { type: 'boolean' },
  'nr-topics': { type: 'string' },
  'reduce-outliers': { type: 'string' },
  'keep-outliers': { type: 'boolean' },
  'outlier-threshold': { type: 'string' },
  threads: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FlagValue = string | boolean | string[] | undefined;

export class UsageError extends Error {}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${value}".`);
  return n;
}

function homeDir(): string {
  return process.env.HOME ?? process.env.USERPROFILE ?? '.';
}

export interface PipelineSettings {
  readonly out: string;
  readonly include: readonly string[] | undefined;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly parameters: PipelineParameters;
  readonly quiet: boolean;
  readonly embedding: EmbeddingOptions;
  readonly threads: number | undefined;
}

/** The pipeline's settings from parsed flags; throws UsageError for a bad value. */
export function pipelineSettings(flags: Readonly<Record<string, FlagValue>>, defaultOut: string): PipelineSettings {
  const values = flags as {
    [K in keyof typeof PIPELINE_FLAGS]?: (typeof PIPELINE_FLAGS)[K] extends { multiple: true }
      ? string[]
      : (typeof PIPELINE_FLAGS)[K] extends { type: 'boolean' }
        ? boolean
        : string;
  };
  const unit = values.unit ?? DEFAULT_PARAMETERS.unit;
  if (unit !== 'file' && unit !== 'section') throw new UsageError(`--unit must be "file" or "section", got "${unit}".`);
  const selection = values.selection ?? DEFAULT_PARAMETERS.clusterSelection;
  if (selection !== 'eom' && selection !== 'leaf') throw new UsageError(`--selection must be "eom" or "leaf", got "${selection}".`);
  const strategy = values['reduce-outliers'];
  if (strategy !== undefined && strategy !== 'c-tf-idf' && strategy !== 'embeddings') {
    throw new UsageError(`--reduce-outliers must be "c-tf-idf" or "embeddings", got "${strategy}".`);
  }
  const threshold = Number(values['outlier-threshold'] ?? 0);
  if (!Number.isFinite(threshold)) throw new UsageError('--outlier-threshold must be a number.');
  const nrTopics = values['nr-topics'] === undefined ? null : parseTopicReduction(values['nr-topics']);
  if (nrTopics === undefined)
    throw new UsageError(`--nr-topics must be "auto" or a whole number of at least ${MIN_REDUCED_TOPICS}, got "${values['nr-topics']}".`);
  const splitTopicShare = Number(values['split-topic-share'] ?? DEFAULT_PARAMETERS.splitTopicShare);
  if (!(splitTopicShare >= 0 && splitTopicShare <= 1)) throw new UsageError('--split-topic-share must be a number from 0 to 1.');
  const mergeText = values['merge-similarity'];
  const mergeSimilarity = mergeText === undefined ? DEFAULT_PARAMETERS.mergeSimilarity : mergeText.trim().toLowerCase() === 'none' ? null : Number(mergeText);
  if (mergeSimilarity !== null && !(mergeSimilarity >= -1 && mergeSimilarity <= 1))
    throw new UsageError('--merge-similarity must be a number from -1 to 1, or "none".');
  const fileContext = Number(values['file-context'] ?? DEFAULT_PARAMETERS.fileContext);
  if (!(fileContext >= 0 && fileContext <= 1)) throw new UsageError('--file-context must be a number from 0 to 1.');
  const seed = Number(values.seed ?? DEFAULT_PARAMETERS.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer.');
  const parameters: PipelineParameters = {
    ...DEFAULT_PARAMETERS,
    unit,
    clusterSelection: selection,
    minTopicSize: positiveInt(values['min-topic-size'], '--min-topic-size', DEFAULT_PARAMETERS.minTopicSize),
    minSamples: values['min-samples'] === undefined ? null : positiveInt(values['min-samples'], '--min-samples', 1),
    splitTopicShare,
    umapNeighbors: positiveInt(values.neighbors, '--neighbors', DEFAULT_PARAMETERS.umapNeighbors),
    umapComponents: positiveInt(values.components, '--components', DEFAULT_PARAMETERS.umapComponents),
    seed,
    stopWords: !values['keep-stop-words'],
    cleanText: values['bertopic-clean'] ?? false,
    stripMarkup: !values['keep-markup'],
    outlierReduction: strategy ? { strategy: strategy as OutlierStrategy, threshold } : null,
    outlierPlacement: values['keep-outliers'] ? null : DEFAULT_PARAMETERS.outlierPlacement,
    nrTopics,
    mergeSimilarity,
    fileContext,
  };
  const cacheDir = path.resolve(values['cache-dir'] ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homeDir(), '.cache'), 'topic-lens'));
  return {
    out: path.resolve(values.out ?? defaultOut),
    include: values.include,
    maxFileBytes: positiveInt(values['max-file-size'], '--max-file-size', 1024) * 1024,
    maxFiles: positiveInt(values['max-files'], '--max-files', 100_000),
    parameters,
    quiet: values.quiet ?? false,
    embedding: {
      backend: 'local',
      model: values.model ?? CORPUS_MODEL,
      allowRemoteModels: values['allow-remote'] ?? false,
      modelCacheDir: path.join(cacheDir, 'models'),
      embeddingCacheDir: values['no-cache'] ? undefined : path.join(cacheDir, 'embeddings'),
    },
    threads: values.threads === undefined ? undefined : positiveInt(values.threads, '--threads', 1),
  };
}

/** The absolute path of a folder given on the command line; UsageError when it is not one. */
export function existingFolder(folder: string): string {
  const root = path.resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`Not a folder: ${folder}`);
  return root;
}

/**
 * Runs a command's work with a progress printer and Ctrl-C, turning what goes wrong into an exit code: 130
 * interrupted, 1 bad usage or input (one line on stderr).
 */
export async function runCommand(quiet: boolean, work: (control: RunControl, printer: ProgressPrinter) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const printer = createProgressPrinter(process.stderr);
  try {
    return await work(
      {
        signal: controller.signal,
        onProgress: quiet ? undefined : (event) => printer.update(event),
        onNotice: (message) => printer.note(`topic-lens: ${message}`),
      },
      printer,
    );
  } catch (error) {
    printer.finish();
    if (error instanceof CancelledError) {
      process.stderr.write('topic-lens: interrupted.\n');
      return 130;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`topic-lens: ${message.split('\n')[0]}\n`);
    if (process.env.TOPIC_LENS_DEBUG && !(error instanceof UsageError)) console.error(error);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
