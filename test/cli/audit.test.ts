/**
 * `topic-lens audit` as CI runs it (the built dist/cli.js, the default model): its four outputs, SARIF that
 * validates against the SARIF 2.1.0 schema, exit codes 0 / 1 / 2 and --baseline.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AuditDocument } from '../../src/core/audit/auditDocument';
import { AUDIT_STAGES } from '../../src/core/audit/report';
import { seededRandom } from '../../src/core/random';
import { madeUpProse, withWordsChanged } from '../support/madeUpText';
import { sarifSchemaErrors } from '../support/sarifSchema';
import { SAFETY_LIMIT_MS, WaitTimeout } from '../support/waiting';

const cli = path.resolve(__dirname, '../../dist/cli.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function audit(args: string[], cacheDir: string): Run {
  const run = spawnSync(process.execPath, [cli, 'audit', ...args, '--cache-dir', cacheDir, '--quiet'], { encoding: 'utf8', timeout: SAFETY_LIMIT_MS });
  if (run.error) throw new WaitTimeout(`topic-lens audit ${args.join(' ')} to exit (${run.error.message})`, SAFETY_LIMIT_MS);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const readAudit = (out: string) => JSON.parse(readFileSync(path.join(out, 'audit.json'), 'utf8')) as AuditDocument;
const duplicatePaths = (document: AuditDocument) =>
  document.findings.filter((f) => f.kind === 'near-duplicate').map((f) => [...new Set(f.locations.map((l) => l.path))].sort().join(' + '));

describe('topic-lens audit', () => {
  let work: string;
  let docs: string;
  let cache: string;
  const random = seededRandom(11);
  const copied = madeUpProse(160, random);

  before(() => {
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
    work = mkdtempSync(path.join(tmpdir(), 'topic-lens-audit-cli-'));
    docs = path.join(work, 'docs');
    cache = path.join(work, 'cache');
    for (let i = 0; i < 16; i++) {
      const folder = path.join(docs, `part${i % 4}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, `page${i}.md`), `# Page ${i}\n\n${i === 3 ? copied : madeUpProse(140, random)}\n`);
    }
    writeFileSync(path.join(docs, 'part1', 'copy-of-page3.md'), `# Page 3 again\n\n${withWordsChanged(copied, 0.05, random)}\n`);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('writes audit.json, audit.md, a valid audit.sarif and inventory.csv, and exits 0 without --fail-on', () => {
    const out = path.join(work, 'first');
    const run = audit([docs, '--out', out], cache);
    assert.equal(run.status, 0, run.stderr);
    const document = readAudit(out);
    assert.equal(document.auditVersion, 1);
    // Where the audit's time went, stage by stage.
    assert.deepEqual(Object.keys(document.stageSeconds), [...AUDIT_STAGES]);
    const staged = Object.values(document.stageSeconds).reduce((sum, s) => sum + s, 0);
    assert.ok(staged > 0 && staged <= document.seconds, `${staged} s in stages, ${document.seconds} s in all`);
    assert.deepEqual(duplicatePaths(document), ['part1/copy-of-page3.md + part3/page3.md']);
    assert.ok(
      document.notes.some((n) => n.startsWith('Staleness was not measured')),
      'the folder is not a git work tree',
    );
    assert.match(run.stdout, /1 near-duplicate/);

    const sarif = JSON.parse(readFileSync(path.join(out, 'audit.sarif'), 'utf8')) as { runs: { results: { ruleId: string; locations: unknown[] }[] }[] };
    assert.deepEqual(sarifSchemaErrors(sarif), []);
    assert.equal(sarif.runs[0].results.length, document.findings.length);
    assert.ok(sarif.runs[0].results.some((r) => r.ruleId === 'near-duplicate'));

    const csv = readFileSync(path.join(out, 'inventory.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(csv.length, 1 + document.summary.documents, 'a header and one row per document');
    const copyRow = csv.find((line) => line.startsWith('part1/copy-of-page3.md,'));
    assert.ok(copyRow && /near-duplicate/.test(copyRow), copyRow);
    const markdown = readFileSync(path.join(out, 'audit.md'), 'utf8');
    assert.match(markdown, /part1\/copy-of-page3\.md/);
    assert.match(
      markdown,
      /Audited in \d+\.\d\d s \(embedding neighbours \d+\.\d\d s, near-duplicates and boilerplate \d+\.\d\d s, .*findings \d+\.\d\d s\)\./,
    );
  });

  it('exits 2 when findings of a --fail-on kind are reported, and 0 when none are', () => {
    const failing = audit([docs, '--out', path.join(work, 'fail'), '--fail-on', 'broken-link,near-duplicate'], cache);
    assert.equal(failing.status, 2, failing.stderr);
    assert.match(failing.stderr, /near-duplicate/);
    const passing = audit([docs, '--out', path.join(work, 'pass'), '--fail-on', 'broken-link,stale'], cache);
    assert.equal(passing.status, 0, passing.stderr);
  });

  it('exits 1 with one line for bad usage or input', () => {
    for (const args of [
      [docs, '--fail-on', 'typo'],
      [path.join(work, 'no-such-folder')],
      [docs, '--duplicate-jaccard', '2'],
      [docs, '--baseline', path.join(work, 'no-such-audit.json')],
      [],
    ]) {
      const run = audit([...args, '--out', path.join(work, 'bad')], cache);
      assert.equal(run.status, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^topic-lens[^\n]*\n$/, `${args.join(' ')}: one line`);
    }
    writeFileSync(path.join(work, 'not-an-audit.json'), '{"findings": 3}');
    const run = audit([docs, '--baseline', path.join(work, 'not-an-audit.json'), '--out', path.join(work, 'bad')], cache);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /not an audit\.json/);
  });

  it('with --baseline reports only findings that are new since the earlier audit.json', () => {
    const first = path.join(work, 'baseline-first');
    assert.equal(audit([docs, '--out', first], cache).status, 0);
    const same = audit([docs, '--out', path.join(work, 'baseline-same'), '--baseline', path.join(first, 'audit.json'), '--fail-on', 'near-duplicate'], cache);
    assert.equal(same.status, 0, same.stderr);
    const sameDocument = readAudit(path.join(work, 'baseline-same'));
    assert.deepEqual(sameDocument.findings, []);
    assert.equal(sameDocument.baseline?.leftOut, readAudit(first).findings.length);

    const grown = path.join(work, 'grown');
    cpSync(docs, grown, { recursive: true });
    mkdirSync(path.join(grown, 'part9'));
    const page5 = readFileSync(path.join(docs, 'part1', 'page5.md'), 'utf8');
    writeFileSync(path.join(grown, 'part9', 'page5-again.md'), withWordsChanged(page5, 0.05, random));
    const next = audit([grown, '--out', path.join(work, 'baseline-next'), '--baseline', path.join(first, 'audit.json'), '--fail-on', 'near-duplicate'], cache);
    assert.equal(next.status, 2, next.stderr);
    assert.deepEqual(duplicatePaths(readAudit(path.join(work, 'baseline-next'))), ['part1/page5.md + part9/page5-again.md']);
  });
});
