/** `topic-lens <folder>`: topics for a folder of documents, written as topics.json, topics.md and map.html. */
import { existsSync, promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CancelledError } from '../core/control';
import { readJsonl } from '../core/documents/jsonl';
import { MIN_REDUCED_TOPICS, parseTopicReduction } from '../core/hierarchy/reduceTopics';
import { runPipeline, type PipelineInput } from '../core/pipeline/fullRun';
import { buildMapData, groupResultTopics } from '../core/report/mapData';
import { renderMapHtml } from '../core/report/mapHtml';
import { renderMarkdownReport } from '../core/report/markdown';
import { CORPUS_MODEL } from '../core/embedding/corpusEmbedder';
import type { EmbeddingOptions } from '../core/embedding/options';
import { DEFAULT_PARAMETERS, OUTLIER_TOPIC, sourceOfPath, type OutlierStrategy, type PipelineParameters, type TopicLensResult } from '../core/result';
import { createProgressPrinter } from './progress';

const HELP = `Usage: topic-lens <folder> [options]
       topic-lens --jsonl FILE [options]

Finds the topics of a folder of documents (Markdown, text, reStructuredText, AsciiDoc…)
with BERTopic's pipeline and writes topics.json, topics.md and map.html.

Options:
  --out DIR                 output folder (default: ./topic-lens-output)
  --jsonl FILE              read documents from JSON Lines ({"text": …, "label"?: …} per line; .gz ok)
  --model ID|PATH           "corpus" (default: TF-IDF-SVD fitted on the documents, offline), "bundled" (offline
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
  --selection eom|leaf      HDBSCAN cluster selection (default: eom)
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
  --threads N               threads for embedding (default: all cores); 1 also keeps the map layout on one thread
  -q, --quiet               no progress output
  -h, --help                this help
`;

class UsageError extends Error {}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got "${value}".`);
  return n;
}

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        jsonl: { type: 'string' },
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
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true as const };
  if (positionals.length > 1) throw new UsageError(`Expected one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const folder = positionals[0];
  if (!folder && !values.jsonl) throw new UsageError('Give a folder to scan (or --jsonl FILE). Try --help.');
  if (folder && values.jsonl) throw new UsageError('Give either a folder or --jsonl, not both.');
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
  if (nrTopics === undefined) throw new UsageError(`--nr-topics must be "auto" or a whole number of at least ${MIN_REDUCED_TOPICS}, got "${values['nr-topics']}".`);
  const seed = Number(values.seed ?? DEFAULT_PARAMETERS.seed);
  if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer.');
  const parameters: PipelineParameters = {
    ...DEFAULT_PARAMETERS,
    unit,
    clusterSelection: selection,
    minTopicSize: positiveInt(values['min-topic-size'], '--min-topic-size', DEFAULT_PARAMETERS.minTopicSize),
    minSamples: values['min-samples'] === undefined ? null : positiveInt(values['min-samples'], '--min-samples', 1),
    umapNeighbors: positiveInt(values.neighbors, '--neighbors', DEFAULT_PARAMETERS.umapNeighbors),
    umapComponents: positiveInt(values.components, '--components', DEFAULT_PARAMETERS.umapComponents),
    seed,
    stopWords: !values['keep-stop-words'],
    cleanText: values['bertopic-clean'] ?? false,
    stripMarkup: !values['keep-markup'],
    outlierReduction: strategy ? { strategy: strategy as OutlierStrategy, threshold } : null,
    outlierPlacement: values['keep-outliers'] ? null : DEFAULT_PARAMETERS.outlierPlacement,
    nrTopics,
  };
  const cacheDir = path.resolve(values['cache-dir'] ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homeDir(), '.cache'), 'topic-lens'));
  return {
    help: false as const,
    folder,
    jsonl: values.jsonl,
    out: path.resolve(values.out ?? 'topic-lens-output'),
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
    } satisfies EmbeddingOptions,
    threads: values.threads === undefined ? undefined : positiveInt(values.threads, '--threads', 1),
  };
}

function homeDir(): string {
  return process.env.HOME ?? process.env.USERPROFILE ?? '.';
}

async function writeOutputs(result: TopicLensResult, outDir: string, root: string | undefined): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(path.join(outDir, 'topics.json'), JSON.stringify(result, null, 1));
  // The report and the map group the topics as the editor's tree does at first.
  const grouping = groupResultTopics(result);
  const report = renderMarkdownReport(result, {
    linkFor: (doc) => (root ? `${path.relative(outDir, path.join(root, doc.path)).split(path.sep).join('/')}#L${doc.startLine}` : null),
    groups: grouping.groups,
  });
  await fs.writeFile(path.join(outDir, 'topics.md'), report);
  const script = await fs.readFile(path.join(__dirname, 'webview', 'standalone.js'), 'utf8');
  await fs.writeFile(path.join(outDir, 'map.html'), renderMapHtml(buildMapData(result, grouping), script));
}

export async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`topic-lens: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const printer = createProgressPrinter(process.stderr);
  try {
    let input: PipelineInput;
    if (options.jsonl) {
      const file = path.resolve(options.jsonl);
      if (!existsSync(file)) throw new UsageError(`No such file: ${options.jsonl}`);
      const { documents, skipped } = await readJsonl(file, {}, { signal: controller.signal });
      input = { kind: 'documents', source: sourceOfPath(file), documents, skipped };
    } else {
      const root = path.resolve(options.folder!);
      if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`Not a folder: ${options.folder}`);
      input = { kind: 'folder', root, include: options.include, maxFileBytes: options.maxFileBytes, maxFiles: options.maxFiles };
    }
    const result = await runPipeline(
      input,
      { parameters: options.parameters, embedding: options.embedding, threads: options.threads },
      { signal: controller.signal, onProgress: options.quiet ? undefined : (event) => printer.update(event), onNotice: (message) => printer.note(`topic-lens: ${message}`) },
    );
    printer.finish();
    await writeOutputs(result, options.out, input.kind === 'folder' ? input.root : undefined);
    const topics = result.topics.filter((t) => t.id >= 0).length;
    const outliers = result.documents.filter((d) => d.topic === OUTLIER_TOPIC).length;
    process.stdout.write(
      `${topics} topics in ${result.documents.length} documents (${outliers} outliers, ${result.skipped.length} files skipped).\n` +
        `Wrote ${path.join(options.out, 'topics.md')}, topics.json and map.html.\n`,
    );
    return 0;
  } catch (error) {
    printer.finish();
    if (error instanceof CancelledError) {
      process.stderr.write('topic-lens: interrupted.\n');
      return 130;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`topic-lens: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`topic-lens: ${message.split('\n')[0]}\n`);
    if (process.env.TOPIC_LENS_DEBUG) console.error(error);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
