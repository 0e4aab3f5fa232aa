/** End-to-end: the built CLI on a small corpus with known groups, plus its usage errors and interruption. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adjustedRandIndex } from '../../src/core/metrics/partition';
import { RESULT_VERSION, type TopicLensResult } from '../../src/core/result';
import { writeSubjectCorpus, type Subject } from '../support/corpus';

const cli = path.resolve(__dirname, '../../dist/cli.js');

function runCli(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
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
    assert.deepEqual(result.hierarchy?.merges.map((m) => m.topics.length), [2, 3]);
    assert.equal(result.documents.length, 60);
    const topics = result.topics.filter((t) => t.id >= 0);
    assert.equal(topics.length, 3, `expected 3 topics, got ${topics.map((t) => t.name).join(', ')}`);
    const subjects = result.documents.map((d) => truth.get(d.path)!);
    assert.ok(adjustedRandIndex(subjects.map((s) => ['cooking', 'astronomy', 'networking'].indexOf(s)), result.documents.map((d) => d.topic)) > 0.9);
    // Each topic's words come from one subject's vocabulary.
    for (const topic of topics) assert.match(topic.name, /^\d+_\w+_\w+_\w+_\w+$/);
    const report = readFileSync(path.join(out, 'topics.md'), 'utf8');
    assert.match(report, /\]\(\.\.\/docs\/(cooking|astronomy|networking)\/note-\d\d\.md#L1\)/);
    const map = readFileSync(path.join(out, 'map.html'), 'utf8');
    assert.ok(map.includes(`"label":"0: ${topics[0].words.slice(0, 3).map((w) => w.word).join('_')}"`));
    assert.ok(!/<script[^>]+src=/.test(map), 'map.html must not load remote scripts');
  });

  it('merges topics down to --nr-topics (outliers counting as one, as in BERTopic)', () => {
    const out = path.join(work, 'reduced');
    const run = runCli([path.join(work, 'docs'), '--out', out, '--min-topic-size', '5', '--no-cache', '--nr-topics', '2']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(readFileSync(path.join(out, 'topics.json'), 'utf8')) as TopicLensResult;
    assert.equal(result.parameters.nrTopics, 2);
    const outliers = result.documents.some((d) => d.topic === -1) ? 1 : 0;
    const topics = result.topics.filter((t) => t.id >= 0);
    assert.equal(topics.length, 2 - outliers);
    assert.equal(result.hierarchy?.merges.length, topics.length - 1);
  });

  it('prints help and exits 0', () => {
    const run = runCli(['--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: topic-lens <folder>/);
  });

  it('exits 1 with one line on bad usage or input', () => {
    for (const args of [['/no/such/folder'], [], ['--unit', 'chapter', '.'], ['--min-topic-size', '0', '.'], ['--nr-topics', '1', '.']]) {
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
