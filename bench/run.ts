/**
 * `npm run bench -- [folder | file.jsonl[.gz]] [--sizes 10000,25000,50000,100000] [--no-scale] [--no-umapjs]
 *                   [--umapjs-sample N|all] [--no-embedding] [--no-map] [--no-files] [--files N]`
 *
 * Prints, for the corpus (default: 20 Newsgroups from ../shared): per-stage seconds, docs/s and peak RSS of a
 * cold run; quality against the labels when there are any; a warm re-run with every embedding cached; an
 * incremental update after one file changed, one was added and one deleted; our UMAP against plain umap-js on
 * the same embeddings; the neighbour search at the reference's 384 dimensions; the memory of the extension's
 * kept worker and how long Cancel takes to stop a run in it (for a .jsonl corpus); embedding throughput against the bare ONNX Runtime and through an embedding server
 * (bench/embedding.ts); the map's redraw time with 20,000 points in 40 topics and with 34,000 points in 400 topics in
 * Chromium (bench/map.ts); discovery and reading of a workspace of 100,000 small files (bench/manyFiles.ts); and the
 * scale series, each size in its own process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { UMAP } from 'umap-js';
import type { StageName } from '../src/core/control';
import { readFolder } from '../src/core/documents/folder';
import { readJsonl } from '../src/core/documents/jsonl';
import type { SourceDocument } from '../src/core/documents/types';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import type { Matrix } from '../src/core/matrix';
import { neighbourhoodScores } from '../src/core/metrics/neighbourhood';
import { adjustedRandIndex, normalizedMutualInfo } from '../src/core/metrics/partition';
import { npmiCoherence, topicDiversity } from '../src/core/metrics/topicQuality';
import type { EmbeddingOptions } from '../src/core/embedding/options';
import { runPipeline, type PipelineInput } from '../src/core/pipeline/fullRun';
import { PipelineSession } from '../src/core/pipeline/session';
import { embeddableDocuments, embedDocuments } from '../src/core/pipeline/steps';
import { updateIncrementally } from '../src/core/pipeline/update';
import { seededRandom } from '../src/core/random';
import { gaussian } from '../src/core/reduce/initial-layout';
import { nearestNeighbors } from '../src/core/reduce/knn';
import { umap } from '../src/core/reduce/umap';
import { DEFAULT_PARAMETERS, type PipelineParameters, type TopicLensResult } from '../src/core/result';
import { NEWSGROUPS, requireFile } from './corpus';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    sizes: { type: 'string', default: '10000,25000,50000,100000' },
    'no-scale': { type: 'boolean' },
    'no-umapjs': { type: 'boolean' },
    'no-embedding': { type: 'boolean' },
    'no-map': { type: 'boolean' },
    'no-files': { type: 'boolean' },
    files: { type: 'string', default: '100000' },
    'umapjs-sample': { type: 'string', default: 'all' },
  },
});
const target = positionals[0] ?? requireFile(NEWSGROUPS);

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(46) : String(c).padStart(14))).join(''));
const heading = (text: string) => console.log(`\n## ${text}`);

async function readTarget(): Promise<{ documents: SourceDocument[]; isJsonl: boolean }> {
  const isJsonl = /\.jsonl(\.gz)?$/.test(target);
  const started = performance.now();
  const read = isJsonl ? await readJsonl(target, {}) : await readFolder(path.resolve(target), { unit: DEFAULT_PARAMETERS.unit });
  heading(`Reading ${path.basename(target)}`);
  line(['seconds', ((performance.now() - started) / 1000).toFixed(2)]);
  line(['documents / skipped', `${read.documents.length} / ${read.skipped.length}`]);
  return { documents: read.documents, isJsonl };
}

function printQuality(result: TopicLensResult, documents: readonly SourceDocument[]): void {
  const clusteredIndices = result.documents.map((_, i) => i).filter((i) => result.documents[i].topic !== -2);
  const clustered = clusteredIndices.map((i) => result.documents[i]);
  const topics = result.topics.filter((t) => t.id >= 0);
  const topWords = topics.map((t) => t.words.map((w) => w.word));
  line(['topics', topics.length]);
  line(['outlier share', (clustered.filter((d) => d.topic === -1).length / Math.max(1, clustered.length)).toFixed(3)]);
  line(['unembeddable documents', result.documents.length - clustered.length]);
  line(['topic diversity', topicDiversity(topWords).toFixed(3)]);
  line([
    'NPMI coherence',
    npmiCoherence(
      clusteredIndices.map((i) => documents[i].text),
      topWords,
      { cleanText: result.parameters.cleanText },
    ).toFixed(3),
  ]);
  if (clustered.length === 0 || clustered.some((d) => d.label === undefined)) return;
  const names = [...new Set(clustered.map((d) => d.label!))];
  const truth = clustered.map((d) => names.indexOf(d.label!));
  const predicted = clustered.map((d) => d.topic);
  const inliers = predicted.map((_, i) => i).filter((i) => predicted[i] >= 0);
  line([
    'NMI vs labels (all / non-outliers)',
    `${normalizedMutualInfo(truth, predicted).toFixed(3)} / ${normalizedMutualInfo(
      inliers.map((i) => truth[i]),
      inliers.map((i) => predicted[i]),
    ).toFixed(3)}`,
  ]);
  line(['ARI vs labels (all)', adjustedRandIndex(truth, predicted).toFixed(3)]);
}

async function coldAndWarm(documents: SourceDocument[], parameters: PipelineParameters, embedding: EmbeddingOptions, session: PipelineSession) {
  const input: PipelineInput = { kind: 'documents', source: path.resolve(target), documents, skipped: [] };
  const stagePeak = new Map<StageName, number>();
  let current: StageName | undefined;
  const cold = await runPipeline(
    input,
    { parameters, embedding },
    {
      onProgress: (event) => {
        if (current && current !== event.stage) stagePeak.set(current, peakRssMb());
        current = event.stage;
      },
    },
  );
  if (current) stagePeak.set(current, peakRssMb());
  const n = documents.length;
  heading(`Cold run: ${path.basename(target)}, ${n} documents, model ${cold.model.id}`);
  line(['stage', 'seconds', 'docs/s', 'peak RSS MB']);
  let afterEmbedding = 0;
  for (const timing of cold.timings.filter((t) => t.stage !== 'read')) {
    if (timing.stage !== 'embed') afterEmbedding += timing.seconds;
    line([timing.stage, timing.seconds.toFixed(2), Math.round(n / Math.max(timing.seconds, 1e-9)), stagePeak.get(timing.stage) ?? peakRssMb()]);
  }
  line(['after embedding (umap+cluster+represent+map)', afterEmbedding.toFixed(2), Math.round(n / afterEmbedding), peakRssMb()]);
  printQuality(cold, documents);

  // The warm run leaves its session (model, word counts) to the incremental updates, as the extension's kept worker does.
  const warmStarted = performance.now();
  const warm = await runPipeline(input, { parameters, embedding, session });
  heading('Warm re-run (every embedding cached)');
  line(['whole pipeline seconds', ((performance.now() - warmStarted) / 1000).toFixed(2)]);
  line(['embed stage seconds', warm.timings.find((t) => t.stage === 'embed')!.seconds.toFixed(2)]);
  line(['same topics as the cold run', String(JSON.stringify(warm.documents.map((d) => d.topic)) === JSON.stringify(cold.documents.map((d) => d.topic)))]);
  return warm;
}

async function incremental(previous: TopicLensResult, documents: SourceDocument[], embedding: EmbeddingOptions, session: PipelineSession): Promise<void> {
  const changed = [...documents];
  const victim = changed.findIndex((d) => d.text.split(/\s+/).length > 50);
  changed[victim] = { ...changed[victim], text: `${changed[victim].text}\n\nA paragraph added in an edit, about graphics cards and monitor drivers.` };
  changed.splice(victim + 1, 1); // one deleted
  changed.push({
    path: 'new-file.md',
    heading: null,
    startLine: 1,
    endLine: 3,
    text: 'The space shuttle launch was delayed: NASA engineers found a problem with the orbiter fuel tank before the mission.',
  });
  heading('Incremental update (1 changed, 1 added, 1 deleted; no re-fit)');
  let started = performance.now();
  const updated = await updateIncrementally({ previous, documents: changed, skipped: [], embedding, session });
  line(["seconds, with the full run's session", ((performance.now() - started) / 1000).toFixed(2)]);
  started = performance.now();
  await updateIncrementally({ previous, documents: changed, skipped: [], embedding });
  line(['seconds, fresh (loads the model, counts all)', ((performance.now() - started) / 1000).toFixed(2)]);
  line(['added / changed / removed', `${updated.incremental!.added} / ${updated.incremental!.changed} / ${updated.incremental!.removed}`]);
  const added = updated.documents[updated.documents.length - 1];
  const topic = updated.topics.find((t) => t.id === added.topic);
  line(['new document assigned to', topic ? topic.name : 'outliers (-1)']);
}

/** The non-zero rows of the corpus' embeddings (as the pipeline feeds UMAP), the first `limit` of them. */
async function embeddableRows(documents: SourceDocument[], embedding: EmbeddingOptions, limit = documents.length): Promise<Matrix> {
  const { embeddings } = await embedDocuments(
    documents.map((d) => d.text),
    embedding,
    undefined,
    {},
  );
  const all = embeddableDocuments(embeddings).embeddings;
  const rows = Math.min(limit, all.rows);
  return { rows, cols: all.cols, data: all.data.slice(0, rows * all.cols) };
}

/**
 * Layout quality is scored on the first rows only (trustworthiness ranks every pair: O(n²)). On the fixture's 2,000
 * 20 Newsgroups embeddings umap-learn 0.5.7 scores 0.956–0.958 / 0.341–0.347 (test/fixtures/umap).
 */
const QUALITY_ROWS = 3000;

async function umapAgainstUmapJs(documents: SourceDocument[], embedding: EmbeddingOptions): Promise<void> {
  const sample = values['umapjs-sample'] === 'all' ? documents.length : Math.min(Number(values['umapjs-sample']), documents.length);
  const data = await embeddableRows(documents, embedding, sample);
  // BERTopic's epoch rule for both (umap-js would otherwise pick its own, fewer, epochs for small inputs).
  const options = { nComponents: 5, nNeighbors: 15, minDist: 0, nEpochs: data.rows <= 10_000 ? 500 : 200 };

  let started = performance.now();
  const random = seededRandom(42);
  const knn = await nearestNeighbors(data, 15, { metric: 'cosine', random });
  const ourLayout = await umap(data, { ...options, random, knn });
  const ours = (performance.now() - started) / 1000;

  const rows = Array.from({ length: data.rows }, (_, r) => Array.from(data.data.subarray(r * data.cols, (r + 1) * data.cols)));
  const cosine = (a: number[], b: number[]) => {
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
    return 1 - dot;
  };
  started = performance.now();
  const theirLayout = await new UMAP({ ...options, distanceFn: cosine, random: seededRandom(42) }).fitAsync(rows);
  const baseline = (performance.now() - started) / 1000;
  heading(`UMAP to 5-d with kNN, ${data.rows} documents, ${options.nEpochs} epochs: ours vs plain umap-js (its own kNN), same run`);
  line(['ours seconds', ours.toFixed(2)]);
  line(['umap-js seconds', baseline.toFixed(2)]);
  line(['speed-up', `${(baseline / ours).toFixed(1)}×`]);
  const scored = Math.min(data.rows, QUALITY_ROWS);
  const firstRows = (m: Matrix) => ({ rows: scored, cols: m.cols, data: m.data.slice(0, scored * m.cols) });
  const quality = (layout: Matrix) => {
    const { trustworthiness, neighboursKept } = neighbourhoodScores(firstRows(data), firstRows(layout), 15, 'cosine');
    return `${trustworthiness.toFixed(4)} / ${neighboursKept.toFixed(4)}`;
  };
  const theirs: Matrix = { rows: data.rows, cols: 5, data: Float32Array.from(theirLayout.flat()) };
  line([`trustworthiness / kept, first ${scored}: ours`, quality(ourLayout)]);
  line(['… umap-js', quality(theirs)]);
}

/**
 * The reference's figures were measured on 384-d embeddings (all-MiniLM-L6-v2), ours on the bundled model's 100.
 * Of the stages after embedding only the neighbour search depends on the dimension: it is timed on the same
 * embeddings mapped to 384-d by a random matrix with orthonormal columns (every cosine stays the same).
 */
async function knnAt384(documents: SourceDocument[], embedding: EmbeddingOptions): Promise<void> {
  const data = await embeddableRows(documents, embedding);
  const random = seededRandom(3);
  const target = 384;
  const basis: Float64Array[] = [];
  for (let c = 0; c < data.cols; c++) {
    const v = Float64Array.from({ length: target }, () => gaussian(random));
    for (const u of basis) {
      let d = 0;
      for (let i = 0; i < target; i++) d += u[i] * v[i];
      for (let i = 0; i < target; i++) v[i] -= d * u[i];
    }
    const norm = Math.hypot(...v);
    basis.push(v.map((x) => x / norm));
  }
  const lifted: Matrix = { rows: data.rows, cols: target, data: new Float32Array(data.rows * target) };
  for (let r = 0; r < data.rows; r++) {
    for (let c = 0; c < data.cols; c++) {
      const x = data.data[r * data.cols + c];
      const u = basis[c];
      for (let i = 0; i < target; i++) lifted.data[r * target + i] += x * u[i];
    }
  }
  const time = async (m: Matrix) => {
    const started = performance.now();
    await nearestNeighbors(m, 15, { metric: 'cosine', random: seededRandom(42) });
    return (performance.now() - started) / 1000;
  };
  heading(`Neighbour search at the reference's 384 dimensions (the same ${data.rows} embeddings, cosines unchanged)`);
  line([`kNN seconds at ${data.cols}-d`, (await time(data)).toFixed(2)]);
  line([`kNN seconds at ${target}-d`, (await time(lifted)).toFixed(2)]);
}

/** Embedding throughput against the bare ONNX Runtime and the embedding-server line (bench/embedding.ts). */
function embeddingThroughput(isJsonl: boolean): void {
  heading('Embedding throughput (bench/embedding.ts)');
  const args = ['--import', 'tsx', path.join(__dirname, 'embedding.ts'), ...(isJsonl ? [target] : [])];
  execFileSync(process.execPath, args, { stdio: 'inherit' });
}

/** Memory the extension's kept worker holds after a full run on the corpus (bench/keptWorker.ts). */
function keptWorkerMemory(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'keptWorker.ts'), target], { stdio: 'inherit' });
}

/** How long Cancel takes to stop a run in the extension's worker, per stage (bench/cancellation.ts). */
function cancellation(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'cancellation.ts'), target], { stdio: 'inherit' });
}

/** Redraw time of the document map in headless Chromium (bench/map.ts): the earlier 20,000 points, and issue 9's size. */
function mapRedraw(): void {
  for (const [points, topics] of [
    ['20000', '40'],
    ['34000', '400'],
  ]) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'map.ts'), points, topics], { stdio: 'inherit' });
  }
}

/** Discovery and reading of a workspace of many small files (bench/manyFiles.ts). */
function manyFiles(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'manyFiles.ts'), values.files!], { stdio: 'inherit' });
}

function scaleSeries(): void {
  heading('Scale series (20 Newsgroups repeated, copies with 10 % of words dropped; each size in its own process; then the audit)');
  line(['documents', 'total s', 'after emb. s', 'embed s', 'peak RSS MB', 'topics', 'audit s', 'audit/total', 'RSS w/ audit', 'audit stages s']);
  for (const size of values.sizes!.split(',').map(Number)) {
    // The bundle (npm run bench builds it): the code `topic-lens` runs.
    const output = execFileSync(process.execPath, [path.join(__dirname, '../dist/benchScale.js'), String(size)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const point = JSON.parse(output.trim().split('\n').pop()!);
    line([
      size,
      point.seconds.toFixed(1),
      point.afterEmbedding.toFixed(1),
      (point.stages.embed ?? 0).toFixed(1),
      Math.round(point.peakRssMb),
      point.topics,
      point.auditSeconds.toFixed(1),
      (point.auditSeconds / point.seconds).toFixed(3),
      Math.round(point.auditPeakRssMb),
      JSON.stringify(point.auditStages),
    ]);
  }
}

async function main(): Promise<void> {
  const { documents, isJsonl } = await readTarget();
  const cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-bench-'));
  const embedding: EmbeddingOptions = { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache };
  const parameters: PipelineParameters = { ...DEFAULT_PARAMETERS, unit: isJsonl ? 'file' : DEFAULT_PARAMETERS.unit };
  const session = new PipelineSession();
  try {
    const warm = await coldAndWarm(documents, parameters, embedding, session);
    await incremental(warm, documents, embedding, session);
    if (!values['no-umapjs']) await umapAgainstUmapJs(documents, embedding);
    await knnAt384(documents, embedding);
  } finally {
    await session.dispose();
    rmSync(cache, { recursive: true, force: true });
  }
  if (!values['no-embedding']) embeddingThroughput(isJsonl);
  if (isJsonl) keptWorkerMemory();
  if (isJsonl) cancellation();
  if (!values['no-map']) mapRedraw();
  if (!values['no-files']) manyFiles();
  if (!values['no-scale']) scaleSeries();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
