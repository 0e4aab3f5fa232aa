/**
 * `npm run bench:quality -- [--tree NAME=FOLDER]… [--newsgroups N] [--configs a,b,…] [--unit section|file] [--seed N] [--cache DIR]`
 *
 * Topic quality with the defaults and with the variants each change of issue 8 was measured against, over
 * 20 Newsgroups (the first N posts of ../shared, NMI against the newsgroups) and documentation trees (NMI of each
 * file's topic against its top-level folder). At section level a file's topic is the most frequent topic of its
 * sections (outliers count as a topic of their own; ties go to the smaller id). Printed per corpus and config:
 * topics, outlier share, weakly placed share, NMI (all documents / HDBSCAN's own placements: weakly placed
 * documents and outliers left out), NPMI, diversity, and the number of
 * topic labels with markup residue or a number-led word. Embeddings are cached in --cache between runs.
 */
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readFolder } from '../src/core/documents/folder';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { CORPUS_MODEL } from '../src/core/embedding/corpusEmbedder';
import { readJsonl } from '../src/core/documents/jsonl';
import type { DocumentUnit, SourceDocument } from '../src/core/documents/types';
import { normalizedMutualInfo } from '../src/core/metrics/partition';
import { npmiCoherence, topicDiversity } from '../src/core/metrics/topicQuality';
import { runPipeline } from '../src/core/pipeline/fullRun';
import { DEFAULT_PARAMETERS, type PipelineParameters, type TopicLensResult } from '../src/core/result';
import { NEWSGROUPS, requireFile } from './corpus';

/** One measured variant: parameters on top of the defaults, and the embedding model (default: the bundled one). */
interface QualityConfig {
  readonly name: string;
  readonly what: string;
  readonly parameters: Partial<PipelineParameters>;
  readonly model?: string;
}

/** Each section embedded on its own, every topic HDBSCAN found kept: what the configs below were measured with. */
const SECTIONS_ALONE: Partial<PipelineParameters> = { fileContext: 0, mergeSimilarity: null };

const CONFIGS: readonly QualityConfig[] = [
  { name: 'defaults', what: 'the defaults of this build (the corpus model)', parameters: {}, model: CORPUS_MODEL },
  {
    name: 'alone',
    what: 'the defaults with each section embedded on its own and every topic HDBSCAN found kept (fileContext 0, mergeSimilarity null)',
    parameters: SECTIONS_ALONE,
    model: CORPUS_MODEL,
  },
  {
    name: 'auto',
    what: 'the defaults with BERTopic\'s nr_topics "auto" instead of mergeSimilarity (measured, not chosen)',
    parameters: { nrTopics: 'auto' },
    model: CORPUS_MODEL,
  },
  { name: 'nocontext', what: 'the defaults with each section embedded on its own (fileContext 0)', parameters: { fileContext: 0 }, model: CORPUS_MODEL },
  {
    name: 'nomerge',
    what: 'the defaults keeping every topic HDBSCAN found (mergeSimilarity null)',
    parameters: { mergeSimilarity: null },
    model: CORPUS_MODEL,
  },
  {
    name: 'nosplit',
    what: 'as alone, without splitting a topic over 90 % of the documents into its parts (splitTopicShare 0)',
    parameters: { ...SECTIONS_ALONE, splitTopicShare: 0 },
    model: CORPUS_MODEL,
  },
  {
    name: 'before',
    what: 'before issue 8: bundled model, topics capped at 50 % of the documents, outliers kept in -1',
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0.5, splitTopicShare: 0, outlierPlacement: null },
  },
  {
    name: 'nocap',
    what: "bundled model, no cap on a topic's size, outliers kept in -1",
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: null },
  },
  {
    name: 'place05',
    what: "bundled model, no cap; outliers placed at the 5 % quantile of members' cosine",
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: 0.05 },
  },
  {
    name: 'place10',
    what: 'bundled model, no cap; outliers placed at the 10 % quantile',
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: 0.1 },
  },
  {
    name: 'place25',
    what: 'bundled model, no cap; outliers placed at the 25 % quantile',
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: 0.25 },
  },
  {
    name: 'corpus',
    what: 'corpus-fitted TF-IDF-SVD embeddings, outliers kept in -1',
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: null },
    model: CORPUS_MODEL,
  },
  {
    name: 'corpus10',
    what: 'corpus-fitted embeddings, outliers placed at the 10 % quantile',
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: 0.1 },
    model: CORPUS_MODEL,
  },
  {
    name: 'hybrid10',
    what: 'GloVe-SIF (common component removed) beside the corpus-fitted embeddings, each unit length; outliers placed at 10 %',
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: 0.1 },
    model: 'bundled+corpus',
  },
  {
    name: 'corpus05',
    what: 'corpus-fitted embeddings, outliers placed at the 5 % quantile',
    parameters: { ...SECTIONS_ALONE, maxTopicShare: 0, outlierPlacement: 0.05 },
    model: CORPUS_MODEL,
  },
];

const { values } = parseArgs({
  options: {
    tree: { type: 'string', multiple: true, default: [] },
    newsgroups: { type: 'string', default: '0' },
    configs: { type: 'string', default: 'defaults' },
    unit: { type: 'string', default: DEFAULT_PARAMETERS.unit },
    cache: { type: 'string', default: path.join(tmpdir(), 'topic-lens-quality-cache') },
    seed: { type: 'string', default: String(DEFAULT_PARAMETERS.seed) },
  },
});

interface Corpus {
  readonly name: string;
  readonly documents: SourceDocument[];
  /** The class each document is scored against: its label, or its file's top-level folder. */
  readonly truthOf: (doc: SourceDocument) => string;
  /** Score files (majority topic of their sections) rather than documents. */
  readonly byFile: boolean;
}

function topFolder(doc: SourceDocument): string {
  const slash = doc.path.indexOf('/');
  return slash < 0 ? '.' : doc.path.slice(0, slash);
}

async function loadCorpora(unit: DocumentUnit): Promise<Corpus[]> {
  const corpora: Corpus[] = [];
  const newsgroups = Number(values.newsgroups);
  if (newsgroups > 0) {
    const all = (await readJsonl(requireFile(NEWSGROUPS), {})).documents;
    corpora.push({ name: `20ng-${Math.min(newsgroups, all.length)}`, documents: all.slice(0, newsgroups), truthOf: (d) => d.label ?? '', byFile: false });
  }
  for (const spec of values.tree) {
    const [name, folder] = spec.includes('=') ? [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)] : [path.basename(spec), spec];
    const { documents } = await readFolder(path.resolve(folder), { unit });
    corpora.push({ name, documents, truthOf: topFolder, byFile: true });
  }
  return corpora;
}

/** Most frequent value, ties to the smallest. */
function majority(topics: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const t of topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  let best = topics[0];
  for (const [t, c] of counts) if (c > counts.get(best)! || (c === counts.get(best)! && t < best)) best = t;
  return best;
}

/**
 * Scored units (documents, or files by majority topic) as truth and topic ids. `coreOnly`: weakly placed documents
 * are left out, and so are units whose topic is then -1 (the NMI of what HDBSCAN itself placed).
 */
function scoredUnits(result: TopicLensResult, corpus: Corpus, coreOnly = false): { truth: number[]; topics: number[] } {
  const groups = new Map<string, { truth: string; topics: number[] }>();
  result.documents.forEach((doc, i) => {
    if (doc.topic < -1 || (coreOnly && doc.weak)) return;
    const key = corpus.byFile ? doc.path : String(i);
    const group = groups.get(key) ?? { truth: corpus.truthOf(corpus.documents[i]), topics: [] };
    group.topics.push(doc.topic);
    groups.set(key, group);
  });
  const names = new Map<string, number>();
  const truth: number[] = [];
  const topics: number[] = [];
  for (const group of groups.values()) {
    const topic = majority(group.topics);
    if (coreOnly && topic < 0) continue;
    if (!names.has(group.truth)) names.set(group.truth, names.size);
    truth.push(names.get(group.truth)!);
    topics.push(topic);
  }
  return { truth, topics };
}

/** A label word that is markup residue or starts with a digit or an escape remnant. */
function residueWord(word: string): boolean {
  return (
    /^[0-9]/.test(word) ||
    /^(0m|1m|\[0|x1b|rst|func|meth|mod|class|ref|doc|attr|const|data|exc|obj|term|envvar|option|program|code|literal|ifdef|endif)$/.test(word)
  );
}

function row(cells: readonly (string | number)[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(10) : String(c).padStart(i === 1 ? 7 : 10))).join('');
}

async function measure(corpus: Corpus, config: QualityConfig, unit: DocumentUnit): Promise<string> {
  const started = performance.now();
  const result = await runPipeline(
    { kind: 'documents', source: corpus.name, documents: corpus.documents, skipped: [] },
    {
      parameters: { ...SECTIONS_ALONE, ...DEFAULT_PARAMETERS, ...config.parameters, unit, seed: Number(values.seed) },
      embedding: { backend: 'local', model: config.model ?? BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: values.cache },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const clustered = result.documents.filter((d) => d.topic >= -1);
  const outliers = clustered.filter((d) => d.topic === -1).length;
  const weak = clustered.filter((d) => d.weak).length;
  const topics = result.topics.filter((t) => t.id >= 0);
  const topWords = topics.map((t) => t.words.map((w) => w.word));
  const { truth, topics: predicted } = scoredUnits(result, corpus);
  const core = scoredUnits(result, corpus, true);
  const texts = result.documents.flatMap((d, i) => (d.topic >= -1 ? [corpus.documents[i].text] : []));
  const residue = topics.filter((t) => t.words.slice(0, 4).some((w) => residueWord(w.word))).length;
  return row([
    config.name,
    clustered.length,
    topics.length,
    `${((100 * outliers) / Math.max(1, clustered.length)).toFixed(1)}%`,
    `${((100 * weak) / Math.max(1, clustered.length)).toFixed(1)}%`,
    normalizedMutualInfo(truth, predicted).toFixed(3),
    normalizedMutualInfo(core.truth, core.topics).toFixed(3),
    npmiCoherence(texts, topWords, { cleanText: result.parameters.cleanText }).toFixed(3),
    topicDiversity(topWords).toFixed(3),
    residue,
    seconds.toFixed(1),
  ]);
}

async function main(): Promise<void> {
  const unit = values.unit as DocumentUnit;
  const chosen = values.configs.split(',').map((name) => {
    const config = CONFIGS.find((c) => c.name === name);
    if (!config) throw new Error(`Unknown config ${name}: one of ${CONFIGS.map((c) => c.name).join(', ')}.`);
    return config;
  });
  console.log(`Configs:\n${chosen.map((c) => `  ${c.name}: ${c.what}`).join('\n')}`);
  console.log(
    `Unit: ${unit}. NMI is of ${unit === 'section' ? "each file's majority topic over its sections" : "each file's topic"} vs its top folder (20NG: each post vs its newsgroup).`,
  );
  for (const corpus of await loadCorpora(unit)) {
    console.log(`\n## ${corpus.name}: ${corpus.documents.length} documents, ${new Set(corpus.documents.map((d) => d.path)).size} files`);
    console.log(row(['config', 'docs', 'topics', 'outliers', 'weak', 'NMI', 'NMI core', 'NPMI', 'diversity', 'residue', 'seconds']));
    for (const config of chosen) console.log(await measure(corpus, config, unit));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
