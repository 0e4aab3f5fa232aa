/**
 * Embedding throughput against the bare ONNX Runtime, in one run:
 *
 *   node --import tsx bench/embedding.ts [file.jsonl[.gz]] [--rounds N] [--only static,tiny-bert,minilm-shaped,http]
 *
 * Default corpus: ../shared/data/20newsgroups-clean.jsonl.gz (skipped politely when absent). For each model the
 * texts are sorted by length and cut into the embedder's own batches, tokenised once, and a bare
 * `InferenceSession.run` over those batches is the baseline (tokenisation excluded, as issue 4 defines it); the
 * embedder then embeds the raw texts (tokenisation, model, pooling, normalisation, order). Baseline and embedder
 * runs alternate, `--rounds` times; the best of each is compared (the machine is shared: the best is the least
 * disturbed), medians are printed too.
 *
 *   static         the bundled GloVe-SIF model on every text: embedder on 1 and 2 threads vs bare runs on 1 and 2
 *                  intra-op threads; also checks that the embedder's rows are the bare outputs, normalised.
 *   tiny-bert      the tiny random BERT of the tests (2 layers, 32 wide) on the first 4,000 texts.
 *   minilm-shaped  a random BERT shaped like all-MiniLM-L6-v2 (6 layers, 384 wide, window 256) on the first 400
 *                  texts: the cost of BERTopic's default model.
 *   http           the OpenAI-compatible backend against a local server (test/support/embeddingServer.ts in a
 *                  child process, the bundled model behind it on one thread) vs the in-process embedder on one thread.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AutoTokenizer, type Tensor as TransformersTensor } from '@huggingface/transformers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { readJsonl } from '../src/core/documents/jsonl';
import { BUNDLED_MODEL, resolveBundledModelDir } from '../src/core/embedding/bundledModel';
import { normalizeRows, POOLED_OUTPUT, type Embedder } from '../src/core/embedding/embedder';
import { createHttpEmbedder } from '../src/core/embedding/httpEmbedder';
import { byLength, createStaticEmbedder, type StaticEmbedder } from '../src/core/embedding/staticEmbedder';
import { batchTensors, staticSessionOptions } from '../src/core/embedding/staticSession';
import { readStaticTokenizer, STATIC_MODEL_FILE, TokenBatch } from '../src/core/embedding/staticTokens';
import {
  clipForTokenizer,
  createTransformersEmbedder,
  DEFAULT_BATCH_SIZE,
  DEFAULT_MAX_LENGTH,
  DEFAULT_STATIC_BATCH_SIZE,
} from '../src/core/embedding/transformersEmbedder';
import { TINY_BERT, writeTinyBert, type TinyBertShape } from '../test/support/tinyBert';

const SECTIONS = ['static', 'tiny-bert', 'minilm-shaped', 'http'] as const;
type Section = (typeof SECTIONS)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '5' }, only: { type: 'string', default: SECTIONS.join(',') } },
});
const corpus = path.resolve(positionals[0] ?? path.resolve(__dirname, '../../shared/data/20newsgroups-clean.jsonl.gz'));
const rounds = Math.max(1, Number(values.rounds));
const only = new Set(values.only.split(',') as Section[]);

const MINILM_SHAPE: TinyBertShape = { layers: 6, hidden: 384, heads: 12, intermediate: 1536, maxPositions: 512 };

type Feeds = Record<string, Tensor>;

/** Times of one contender over the rounds. */
class Timings {
  readonly ms: number[] = [];
  constructor(
    readonly label: string,
    readonly run: () => Promise<unknown>,
  ) {}
  get best(): number {
    return Math.min(...this.ms);
  }
  get median(): number {
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}

/** One warm-up run each, then `rounds` rounds in which every contender runs once, in turn. */
async function race(contenders: Timings[]): Promise<void> {
  for (const contender of contenders) await contender.run();
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      const started = performance.now();
      await contender.run();
      contender.ms.push(performance.now() - started);
    }
  }
}

function cell(value: string | number, width = 12): string {
  return String(value).padStart(width);
}

function printTable(title: string, texts: number, contenders: Timings[], notes: string[]): void {
  console.log(`\n${title}`);
  console.log(`${'contender'.padEnd(44)}${cell('best ms')}${cell('docs/s')}${cell('median ms')}`);
  for (const c of contenders) {
    console.log(`${c.label.padEnd(44)}${cell(c.best.toFixed(0))}${cell(Math.round((texts / c.best) * 1000).toLocaleString('en'))}${cell(c.median.toFixed(0))}`);
  }
  for (const note of notes) console.log(note);
}

/** Bare runs over prepared batches, with the given intra-op threads. */
async function bareRun(
  modelFile: string,
  feeds: Feeds[],
  threads: number,
  fetch: string[],
): Promise<{ session: InferenceSession; run: () => Promise<Tensor[]> }> {
  const session = await InferenceSession.create(modelFile, { ...staticSessionOptions(threads), logSeverityLevel: 3 });
  return {
    session,
    run: async () => {
      const outputs: Tensor[] = [];
      for (const feed of feeds) outputs.push((await session.run(feed, fetch))[fetch[0]]);
      return outputs;
    },
  };
}

function ratioLine(label: string, ours: Timings, baseline: Timings): string {
  return `${label.padEnd(44)}${cell((baseline.best / ours.best).toFixed(2))}   (embedder docs/s ÷ bare docs/s, best of ${rounds})`;
}

async function benchStatic(texts: string[]): Promise<StaticEmbedder> {
  const folder = resolveBundledModelDir(__dirname);
  const tokenizer = await readStaticTokenizer(folder);
  if (!tokenizer) throw new Error(`${folder} is not a pooled word-level model: rebuild it (npm run build).`);
  const batchSize = DEFAULT_STATIC_BATCH_SIZE;
  const maxLength = DEFAULT_MAX_LENGTH;
  // The embedder's batches, tokenised once: each batch gets its own buffers.
  const order = byLength(texts);
  const feeds: Feeds[] = [];
  let tokens = 0;
  const batch = new TokenBatch(batchSize, maxLength, tokenizer);
  for (let start = 0; start < texts.length; start += batchSize) {
    const batchTexts = Array.from(order.subarray(start, start + batchSize), (i) => texts[i]);
    feeds.push(batchTensors(batch.fill(batchTexts, 0, batchTexts.length).pack(true)));
    tokens += batch.lengths.subarray(0, batchTexts.length).reduce((sum, n) => sum + n, 0);
  }
  const modelFile = path.join(folder, STATIC_MODEL_FILE);
  const bare = await Promise.all([1, 2].map((threads) => bareRun(modelFile, feeds, threads, [POOLED_OUTPUT])));
  const embedders = await Promise.all(
    [1, 2].map(
      async (threads) =>
        (await createStaticEmbedder({
          folder,
          modelId: 'bench',
          maxLength,
          batchSize,
          threads,
          capabilities: { sifWeighted: true, embedsWords: true },
        })) as StaticEmbedder,
    ),
  );
  const threadsRunning = await Promise.all(embedders.map((embedder) => embedder.threadsReady()));

  // The embedder must compute what the bare runs compute: its rows are their outputs, normalised, in input order.
  const bareRows = (await bare[0].run()).map((output) => normalizeRows(Float32Array.from(output.data as Float32Array), output.dims[1]));
  const dimension = embedders[0].dimension;
  const ours = await embedders[1].embed(texts);
  let same = true;
  bareRows.forEach((rows, b) => {
    for (let k = 0; k < rows.length / dimension && same; k++) {
      const text = order[b * batchSize + k];
      for (let d = 0; d < dimension && same; d++) same = rows[k * dimension + d] === ours.data[text * dimension + d];
    }
  });

  const contenders = [
    new Timings('bare InferenceSession.run, 1 intra-op thread', bare[0].run),
    new Timings('bare InferenceSession.run, 2 intra-op threads', bare[1].run),
    new Timings('embedder, 1 thread', () => embedders[0].embed(texts)),
    new Timings(`embedder, ${threadsRunning[1]} threads (model + tokenizer)`, () => embedders[1].embed(texts)),
  ];
  await race(contenders);
  const bestBare = contenders[0].best <= contenders[1].best ? contenders[0] : contenders[1];
  printTable(
    `Bundled GloVe-SIF model (static): ${texts.length.toLocaleString('en')} texts, ${tokens.toLocaleString('en')} tokens, batches of ${batchSize}, window ${maxLength}, ${availableParallelism()} cores`,
    texts.length,
    contenders,
    [
      ratioLine('ratio, 1 thread', contenders[2], bestBare),
      ratioLine(`ratio, ${threadsRunning[1]} threads`, contenders[3], bestBare),
      `rows identical to the bare outputs, normalised: ${same ? 'yes' : 'NO'}`,
    ],
  );
  await Promise.all(bare.map(({ session }) => session.release()));
  await embedders[1].dispose();
  return embedders[0];
}

async function benchTransformer(name: string, shape: TinyBertShape, texts: string[]): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'bench-bert-'));
  try {
    const folder = await writeTinyBert(path.join(scratch, 'model'), shape);
    const embedder = await createTransformersEmbedder({ backend: 'local', model: folder, allowRemoteModels: false });
    const tokenizer = await AutoTokenizer.from_pretrained(folder);
    const maxLength = Math.min(DEFAULT_MAX_LENGTH, shape.maxPositions);
    const order = byLength(texts);
    const feeds: Feeds[] = [];
    for (let start = 0; start < texts.length; start += DEFAULT_BATCH_SIZE) {
      const batch = Array.from(order.subarray(start, start + DEFAULT_BATCH_SIZE), (i) => clipForTokenizer(texts[i], 2 * maxLength));
      const encoded = tokenizer(batch, { padding: true, truncation: true, max_length: maxLength }) as Record<string, TransformersTensor>;
      feeds.push(Object.fromEntries(Object.entries(encoded).map(([key, t]) => [key, new Tensor('int64', t.data as BigInt64Array, t.dims)])));
    }
    const modelFile = path.join(folder, 'onnx', 'model_quantized.onnx');
    const bare = await Promise.all([1, 2].map((threads) => bareRun(modelFile, feeds, threads, ['last_hidden_state'])));
    const contenders = [
      new Timings('bare InferenceSession.run, 1 intra-op thread', bare[0].run),
      new Timings('bare InferenceSession.run, 2 intra-op threads', bare[1].run),
      new Timings(`embedder (${availableParallelism()} intra-op threads)`, () => embedder.embed(texts)),
    ];
    await race(contenders);
    const bestBare = contenders[0].best <= contenders[1].best ? contenders[0] : contenders[1];
    printTable(
      `${name} (${shape.layers} layers, ${shape.hidden} wide, random weights): ${texts.length.toLocaleString('en')} texts, batches of ${DEFAULT_BATCH_SIZE}, window ${maxLength}`,
      texts.length,
      contenders,
      [ratioLine('ratio', contenders[2], bestBare)],
    );
    await Promise.all(bare.map(({ session }) => session.release()));
    await embedder.dispose();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Starts the test server with the bundled model in a child process; resolves with its base URL. */
function startServerProcess(): Promise<{ baseUrl: string; stop: () => void }> {
  const script = path.resolve(__dirname, '../test/support/embeddingServer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--threads', '1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the embedding server exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match) resolve({ baseUrl: match[1], stop: () => child.stdin.end() });
    });
  });
}

async function benchHttp(texts: string[], inProcess: Embedder): Promise<void> {
  const server = await startServerProcess();
  try {
    const embedder = await createHttpEmbedder({ backend: 'server', baseUrl: server.baseUrl, model: BUNDLED_MODEL });
    const contenders = [
      new Timings('in-process embedder, 1 thread', () => inProcess.embed(texts)),
      new Timings('OpenAI-compatible backend, local server', () => embedder.embed(texts)),
    ];
    await race(contenders);
    printTable(
      `Embedding server (OpenAI /v1/embeddings, the bundled model on 1 thread in another process, 127.0.0.1): ${texts.length.toLocaleString('en')} texts, 64 per request, 4 in flight`,
      texts.length,
      contenders,
      [`${'server ÷ in-process'.padEnd(44)}${cell((contenders[0].best / contenders[1].best).toFixed(2))}`],
    );
  } finally {
    server.stop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`bench/embedding: skipped, no corpus at ${corpus}`);
    return;
  }
  const { documents } = await readJsonl(corpus);
  const texts = documents.map((d) => d.text);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `${path.basename(corpus)}: ${texts.length.toLocaleString('en')} non-empty texts; ${rounds} rounds; Node ${process.version}; load average ${load()}`,
  );
  let inProcess: StaticEmbedder | undefined;
  if (only.has('static') || only.has('http')) inProcess = await benchStatic(texts);
  if (only.has('tiny-bert')) await benchTransformer('Tiny BERT of the tests', TINY_BERT, texts.slice(0, 4000));
  if (only.has('minilm-shaped')) await benchTransformer('MiniLM-L6-shaped BERT', MINILM_SHAPE, texts.slice(0, 400));
  if (only.has('http') && inProcess) await benchHttp(texts, inProcess);
  await inProcess?.dispose();
  // Other work on the machine shows in the medians first: the load says how much there was.
  console.log(`\nload average at the end: ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
