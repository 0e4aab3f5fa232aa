/**
 * The `topicLens.*` settings, read and checked at use: the schema in package.json validates the settings UI,
 * but settings.json files can hold anything, so every value is checked again and a bad one falls back to its default.
 */
import * as vscode from 'vscode';
import { AUDIT_OPTION_LIMITS, DEFAULT_AUDIT_OPTIONS, type AuditOptions } from '../core/audit/finding';
import { DEFAULT_INCLUDE_GLOBS } from '../core/documents/options';
import { CORPUS_MODEL } from '../core/embedding/corpusEmbedder';
import { DEFAULT_GROUP_ABOVE } from '../core/hierarchy/granularity';
import { MIN_REDUCED_TOPICS, parseTopicReduction, type TopicReduction } from '../core/hierarchy/reduceTopics';
import { DEFAULT_PARAMETERS, type OutlierStrategy, type PipelineParameters } from '../core/result';

/** BERTopic's default model, offered once as a download. */
export const MINILM_MODEL = 'Xenova/all-MiniLM-L6-v2';

/** Where embeddings come from: a model run in the worker, or an OpenAI-compatible embedding server. */
export type EmbeddingBackend = 'local' | 'server';

export interface EmbeddingServerSettings {
  /** The API root that `/embeddings` is appended to ('' = not set). */
  readonly url: string;
  /** The model name the server knows ('' = not set). */
  readonly model: string;
}

export interface TopicLensSettings {
  readonly include: readonly string[];
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  readonly model: string;
  readonly allowRemoteModels: boolean;
  readonly embeddingBackend: EmbeddingBackend;
  readonly embeddingServer: EmbeddingServerSettings;
  /** Update the result when files change (`topicLens.incremental.enabled`). */
  readonly incremental: boolean;
  /** undefined = all cores. */
  readonly threads: number | undefined;
  /** More topics than this are shown in groups at first (`topicLens.tree.groupAbove`). */
  readonly treeGroupAbove: number;
  readonly parameters: PipelineParameters;
  readonly audit: AuditSettings;
}

export interface AuditSettings {
  /** Run the documentation audit with Detect Topics and updates (`topicLens.audit.enabled`). */
  readonly enabled: boolean;
  /** Near-duplicates and stale pages in the Problems panel (`topicLens.audit.diagnostics`). */
  readonly diagnostics: boolean;
  readonly options: AuditOptions;
}

export interface SettingsReading {
  readonly settings: TopicLensSettings;
  /** One sentence per invalid value that was replaced by its default. */
  readonly problems: readonly string[];
}

/** Settings whose change makes the current result out of date (the others only change speed or display). */
export const RESULT_SETTINGS = [
  'include',
  'maxFiles',
  'maxFileSizeKb',
  'unit',
  'model',
  'embeddingBackend',
  'embeddingServer.url',
  'embeddingServer.model',
  'minTopicSize',
  'clusterSelection',
  'outlierReduction',
  'outlierThreshold',
  'nrTopics',
  'mergeSimilarity',
  'fileContext',
  'umap.neighbors',
  'umap.components',
  'seed',
  'stopWords',
] as const;

class SettingsReader {
  readonly problems: string[] = [];
  constructor(private readonly config: vscode.WorkspaceConfiguration) {}

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.config.get<unknown>(key, fallback);
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problems.push(`topicLens.${key} must be a whole number from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  }

  number(key: string, fallback: number, min: number, max: number): number {
    const value = this.config.get<unknown>(key, fallback);
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.problems.push(`topicLens.${key} must be a number from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  }

  /** A number within limits, or null (off). */
  optionalNumber(key: string, fallback: number | null, min: number, max: number): number | null {
    const value = this.config.get<unknown>(key, fallback);
    if (value === null || (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)) return value;
    this.problems.push(`topicLens.${key} must be null or a number from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.config.get<unknown>(key, fallback);
    if (typeof value === 'boolean') return value;
    this.problems.push(`topicLens.${key} must be true or false; using ${fallback}.`);
    return fallback;
  }

  choice<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const value = this.config.get<unknown>(key, fallback);
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`topicLens.${key} must be one of ${allowed.join(', ')}; using ${fallback}.`);
    return fallback;
  }

  text(key: string, fallback: string): string {
    const value = this.config.get<unknown>(key, fallback);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.problems.push(`topicLens.${key} must be a non-empty string; using "${fallback}".`);
    return fallback;
  }

  /** A string that may be empty (an unset optional value). */
  optionalText(key: string): string {
    const value = this.config.get<unknown>(key, '');
    if (typeof value === 'string') return value.trim();
    this.problems.push(`topicLens.${key} must be a string; ignoring it.`);
    return '';
  }

  /** BERTopic's nr_topics: "" (none), "auto" or a number. */
  topicReduction(key: string): TopicReduction | null {
    const value = this.config.get<unknown>(key, '');
    const parsed = typeof value === 'string' ? parseTopicReduction(value) : typeof value === 'number' ? parseTopicReduction(String(value)) : undefined;
    if (parsed !== undefined) return parsed;
    this.problems.push(`topicLens.${key} must be empty, "auto" or a whole number of at least ${MIN_REDUCED_TOPICS}; merging no topics.`);
    return null;
  }

  globs(key: string, fallback: readonly string[]): readonly string[] {
    const value = this.config.get<unknown>(key, fallback);
    if (Array.isArray(value) && value.length > 0 && value.every((g) => typeof g === 'string' && g.trim() !== '')) {
      return [...new Set(value.map((g: string) => g.trim()))];
    }
    this.problems.push(`topicLens.${key} must be a non-empty list of glob patterns; using the defaults.`);
    return fallback;
  }
}

/** `topicLens.audit.*`: each threshold within the limits the CLI's flags have too. */
function readAuditSettings(read: SettingsReader): AuditSettings {
  const options = Object.fromEntries(
    (Object.keys(AUDIT_OPTION_LIMITS) as (keyof AuditOptions)[]).map((key) => {
      const { integer, min, max } = AUDIT_OPTION_LIMITS[key];
      const fallback = DEFAULT_AUDIT_OPTIONS[key];
      return [key, integer ? read.integer(`audit.${key}`, fallback, min, max) : read.number(`audit.${key}`, fallback, min, max)];
    }),
  ) as unknown as AuditOptions;
  return { enabled: read.boolean('audit.enabled', true), diagnostics: read.boolean('audit.diagnostics', false), options };
}

/** The settings for one folder (settings can differ per folder of a multi-root workspace). */
export function readSettings(scope?: vscode.Uri): SettingsReading {
  const read = new SettingsReader(vscode.workspace.getConfiguration('topicLens', scope));
  const outliers = read.choice<'weak' | 'none' | OutlierStrategy>('outlierReduction', 'weak', ['weak', 'none', 'c-tf-idf', 'embeddings']);
  const outlierThreshold = read.number('outlierThreshold', 0, 0, 1);
  const threads = read.integer('threads', 0, 0, 64);
  const nrTopics = read.topicReduction('nrTopics');
  const settings: TopicLensSettings = {
    include: read.globs('include', DEFAULT_INCLUDE_GLOBS),
    maxFiles: read.integer('maxFiles', 20000, 1, 200000),
    maxFileBytes: read.integer('maxFileSizeKb', 1024, 1, 102400) * 1024,
    model: read.text('model', CORPUS_MODEL),
    allowRemoteModels: read.boolean('allowRemoteModels', true),
    embeddingBackend: read.choice<EmbeddingBackend>('embeddingBackend', 'local', ['local', 'server']),
    embeddingServer: { url: read.optionalText('embeddingServer.url'), model: read.optionalText('embeddingServer.model') },
    incremental: read.boolean('incremental.enabled', true),
    threads: threads === 0 ? undefined : threads,
    treeGroupAbove: read.integer('tree.groupAbove', DEFAULT_GROUP_ABOVE, 1, 10000),
    parameters: {
      ...DEFAULT_PARAMETERS,
      unit: read.choice('unit', DEFAULT_PARAMETERS.unit, ['section', 'file']),
      minTopicSize: read.integer('minTopicSize', DEFAULT_PARAMETERS.minTopicSize, 2, 10000),
      clusterSelection: read.choice('clusterSelection', DEFAULT_PARAMETERS.clusterSelection, ['eom', 'leaf']),
      umapNeighbors: read.integer('umap.neighbors', DEFAULT_PARAMETERS.umapNeighbors, 2, 200),
      umapComponents: read.integer('umap.components', DEFAULT_PARAMETERS.umapComponents, 2, 50),
      seed: read.integer('seed', DEFAULT_PARAMETERS.seed, 0, 4294967295),
      stopWords: read.boolean('stopWords', DEFAULT_PARAMETERS.stopWords),
      outlierReduction: outliers === 'none' || outliers === 'weak' ? null : { strategy: outliers, threshold: outlierThreshold },
      outlierPlacement: outliers === 'weak' ? DEFAULT_PARAMETERS.outlierPlacement : null,
      nrTopics,
      mergeSimilarity: read.optionalNumber('mergeSimilarity', DEFAULT_PARAMETERS.mergeSimilarity, -1, 1),
      fileContext: read.number('fileContext', DEFAULT_PARAMETERS.fileContext, 0, 1),
    },
    audit: readAuditSettings(read),
  };
  return { settings, problems: read.problems };
}

/**
 * Everything a result depends on besides the files, as one string: a result whose full run had another
 * fingerprint must not be updated incrementally (its topics came from other settings or another model).
 */
export function resultFingerprint(settings: TopicLensSettings): string {
  const { include, maxFiles, maxFileBytes, model, embeddingBackend, embeddingServer, parameters } = settings;
  const embedding = embeddingBackend === 'server' ? { server: embeddingServer } : { model };
  return JSON.stringify({ include, maxFiles, maxFileBytes, embedding, parameters });
}

export function affectsResult(event: vscode.ConfigurationChangeEvent): boolean {
  return RESULT_SETTINGS.some((key) => event.affectsConfiguration(`topicLens.${key}`));
}
