/**
 * End-to-end: the built CLI on a small corpus with known groups and on real API documentation, every option
 * reaching the result, plus its usage errors and interruption.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { adjustedRandIndex, normalizedMutualInfo } from '../../src/core/metrics/partition';
import { DEFAULT_PARAMETERS, OUTLIER_TOPIC, RESULT_VERSION, type PipelineParameters, type TopicLensResult } from '../../src/core/result';
import { checkSavedResult } from '../../src/core/savedResult';
import { writeSubjectCorpus, type Subject } from '../support/corpus';
import { nodeApiDocs } from '../support/nodeApiDocs';
import { SAFETY_LIMIT_MS, WaitTimeout } from '../support/waiting';

const cli = path.resolve(__dirname, '../../dist/cli.js');

function runCli(args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: SAFETY_LIMIT_MS });
  if (run.error) throw new WaitTimeout(`topic-lens ${args.join(' ')} to exit (${run.error.message})`, SAFETY_LIMIT_MS);
  return run;
}

/** Runs the CLI into `out` and reads the topics.json it wrote. */
function resultOf(args: string[], out: string): TopicLensResult {
  const run = runCli([...args, '--out', out, '--no-cache', '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(readFileSync(path.join(out, 'topics.json'), 'utf8')) as TopicLensResult;
}

/** What the clustering and the map made of each document. */
const perDocument = (result: TopicLensResult) => result.documents.map((d) => [d.topic, d.probability, d.x, d.y]);

function runCliAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args]);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stderr })));
}

/** What a run found, without what differs from run to run (creation time, timings). */
function topicsOf(outDir: string): Pick<TopicLensResult, 'documents' | 'topics' | 'skipped'> {
  const { documents, topics, skipped } = JSON.parse(readFileSync(path.join(outDir, 'topics.json'), 'utf8')) as TopicLensResult;
  return { documents, topics, skipped };
}

describe('topic-lens CLI', () => {
  let work: string;
  let truth: Map<string, Subject>;
  before(() => {
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
    work = mkdtempSync(path.join(tmpdir(), 'topic-lens-cli-'));
    truth = writeSubjectCorpus(path.join(work, 'docs'), 20);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('finds the known groups and writes the three outputs', () => {
    const out = path.join(work, 'out');
    const run = runCli([path.join(work, 'docs'), '--out', out, '--min-topic-size', '5', '--no-cache']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(readFileSync(path.join(out, 'topics.json'), 'utf8')) as TopicLensResult;
    assert.equal(result.version, RESULT_VERSION);
    assert.equal(result.source, pathToFileURL(path.join(work, 'docs')).href);
    assert.deepEqual(
      result.hierarchy?.merges.map((m) => m.topics.length),
      [2, 3],
    );
    assert.equal(result.documents.length, 60);
    assert.deepEqual(
      checkSavedResult(result),
      { kind: 'usable', result, dropped: { documents: 0, topics: 0, entries: 0, parts: [] } },
      'a real result passes the check of a saved one whole',
    );
    const topics = result.topics.filter((t) => t.id >= 0);
    assert.equal(topics.length, 3, `expected 3 topics, got ${topics.map((t) => t.name).join(', ')}`);
    const subjects = result.documents.map((d) => truth.get(d.path)!);
    assert.ok(
      adjustedRandIndex(
        subjects.map((s) => ['cooking', 'astronomy', 'networking'].indexOf(s)),
        result.documents.map((d) => d.topic),
      ) > 0.9,
    );
    // Each topic's words come from one subject's vocabulary.
    for (const topic of topics) assert.match(topic.name, /^\d+_\w+_\w+_\w+_\w+$/);
    const report = readFileSync(path.join(out, 'topics.md'), 'utf8');
    assert.match(report, /\]\(\.\.\/docs\/(cooking|astronomy|networking)\/note-\d\d\.md#L1\)/);
    const map = readFileSync(path.join(out, 'map.html'), 'utf8');
    assert.ok(
      map.includes(
        `"label":"0: ${topics[0].words
          .slice(0, 3)
          .map((w) => w.word)
          .join('_')}"`,
      ),
    );
    assert.ok(!/<script[^>]+src=/.test(map), 'map.html must not load remote scripts');
  });

  it('merges topics down to --nr-topics (outliers counting as one, as in BERTopic)', () => {
    const result = resultOf([path.join(work, 'docs'), '--min-topic-size', '5', '--nr-topics', '2'], path.join(work, 'reduced'));
    assert.equal(result.parameters.nrTopics, 2);
    const outliers = result.documents.some((d) => d.topic === OUTLIER_TOPIC) ? 1 : 0;
    const topics = result.topics.filter((t) => t.id >= 0);
    assert.equal(topics.length, 2 - outliers);
    assert.equal(result.hierarchy?.merges.length, topics.length - 1);
  });

  it('passes every option to the pipeline', () => {
    const docs = path.join(work, 'docs');
    const result = resultOf(
      [
        docs,
        '--unit',
        'file',
        '--min-topic-size',
        '4',
        '--min-samples',
        '2',
        '--split-topic-share',
        '0.3',
        '--selection',
        'leaf',
        '--neighbors',
        '8',
        '--components',
        '3',
        '--seed',
        '7',
        '--keep-stop-words',
        '--bertopic-clean',
        '--keep-markup',
        '--reduce-outliers',
        'embeddings',
        '--outlier-threshold',
        '0.25',
        '--nr-topics',
        'auto',
        '--merge-similarity',
        'none',
        '--file-context',
        '0.25',
      ],
      path.join(work, 'options'),
    );
    const expected: PipelineParameters = {
      ...DEFAULT_PARAMETERS,
      unit: 'file',
      minTopicSize: 4,
      minSamples: 2,
      splitTopicShare: 0.3,
      clusterSelection: 'leaf',
      umapNeighbors: 8,
      umapComponents: 3,
      seed: 7,
      stopWords: false,
      cleanText: true,
      stripMarkup: false,
      outlierReduction: { strategy: 'embeddings', threshold: 0.25 },
      nrTopics: 'auto',
      mergeSimilarity: null,
      fileContext: 0.25,
    };
    assert.deepEqual(result.parameters, expected);
  });

  it('--neighbors and --min-samples change the layout and the clustering', () => {
    const docs = path.join(work, 'docs');
    const base = resultOf([docs, '--min-topic-size', '5'], path.join(work, 'base'));
    assert.notDeepEqual(
      perDocument(resultOf([docs, '--min-topic-size', '5', '--neighbors', '8'], path.join(work, 'neighbors'))),
      perDocument(base),
      '--neighbors',
    );
    assert.notDeepEqual(
      perDocument(resultOf([docs, '--min-topic-size', '5', '--min-samples', '2'], path.join(work, 'samples'))),
      perDocument(base),
      '--min-samples',
    );
  });

  it('finds the modules of real API documentation (Node.js’s doc comments) with its defaults', () => {
    const docs = nodeApiDocs();
    const jsonl = path.join(work, 'node-api.jsonl');
    writeFileSync(jsonl, docs.map((d) => JSON.stringify(d)).join('\n'));
    const result = resultOf(['--jsonl', jsonl], path.join(work, 'node-api'));
    assert.equal(result.documents.length, docs.length);
    const labels = [...new Set(docs.map((d) => d.label))];
    const modules = result.documents.map((d) => labels.indexOf(d.label!));
    const topicIds = result.documents.map((d) => d.topic);
    // Without repulsion in UMAP every document is an outlier (NMI 0).
    const nmi = normalizedMutualInfo(modules, topicIds);
    assert.ok(nmi > 0.45, `NMI ${nmi}`);
    const topics = result.topics.filter((t) => t.id !== OUTLIER_TOPIC);
    assert.ok(topics.length >= 8, `${topics.length} topics`);
    // No giant mixed topic: each topic is mostly one module (without repulsion or the common component's removal,
    // one topic swallows several modules).
    for (const topic of topics) {
      assert.ok(topic.count >= DEFAULT_PARAMETERS.minTopicSize, `${topic.name}: ${topic.count}`);
      const members = result.documents.filter((d) => d.topic === topic.id);
      const largestModule = Math.max(...labels.map((label) => members.filter((d) => d.label === label).length));
      assert.ok(largestModule >= 0.6 * members.length, `${topic.name}: its largest module holds ${largestModule} of ${members.length}`);
    }
    // The default corpus-fitted model is not SIF-weighted: nothing is removed. The bundled SIF model's common
    // direction is removed before UMAP: topic embeddings (means of their members') have no component along it.
    assert.equal(result.commonComponent, undefined);
    const bundled = resultOf(['--jsonl', jsonl, '--model', 'bundled'], path.join(work, 'node-api-bundled'));
    const direction = bundled.commonComponent;
    assert.ok(direction, 'the removed direction is recorded');
    for (const topic of bundled.topics.filter((t) => t.id !== OUTLIER_TOPIC)) {
      const along = topic.embedding.reduce((sum, v, i) => sum + v * direction[i], 0);
      assert.ok(Math.abs(along) < 1e-5, `${topic.name}: ${along}`);
    }
  });

  it('two runs sharing one cache folder at once both succeed with the results of an uncached run', async () => {
    const reference = topicsOf(path.join(work, 'out'));
    const cache = path.join(work, 'shared-cache');
    const outs = ['together-1', 'together-2'].map((name) => path.join(work, name));
    const runs = await Promise.all(outs.map((out) => runCliAsync([path.join(work, 'docs'), '--out', out, '--min-topic-size', '5', '--cache-dir', cache])));
    for (const [i, run] of runs.entries()) {
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(topicsOf(outs[i]), reference, `run ${i + 1}`);
    }
    // A damaged entry in the cache they left is recomputed, with a notice, and changes nothing.
    const [file] = readdirSync(path.join(cache, 'embeddings')).filter((name) => name.endsWith('.emb'));
    assert.ok(file, 'the runs left a cache file');
    const cacheFile = path.join(cache, 'embeddings', file);
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 20] ^= 0xff;
    writeFileSync(cacheFile, bytes);
    const again = await runCliAsync([path.join(work, 'docs'), '--out', path.join(work, 'after-damage'), '--min-topic-size', '5', '--cache-dir', cache]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /^topic-lens: The embedding cache .+ had 1 damaged entry, dropped; those documents are embedded again\.$/m);
    assert.deepEqual(topicsOf(path.join(work, 'after-damage')), reference);
  });

  it('prints help and exits 0', () => {
    const run = runCli(['--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: topic-lens <folder>/);
  });

  it('exits 1 with one line on bad usage or input', () => {
    for (const args of [
      ['/no/such/folder'],
      [],
      ['--unit', 'chapter', '.'],
      ['--min-topic-size', '0', '.'],
      ['--nr-topics', '1', '.'],
      ['--split-topic-share', '2', '.'],
      ['--merge-similarity', 'most', '.'],
      ['--file-context', '1.5', '.'],
    ]) {
      const run = runCli(args);
      assert.equal(run.status, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^topic-lens: /);
    }
  });

  it('exits 130 when interrupted', async () => {
    const child = spawn(process.execPath, [cli, path.join(work, 'docs'), '--out', path.join(work, 'int'), '--no-cache']);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (/Embedding|Reading/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 130, stderr);
    assert.ok(!existsSync(path.join(work, 'int', 'topics.json')));
  });
});
