/**
 * The CLI's progress output, end to end: on a terminal (a pseudo-terminal from util-linux `script`) a bar redrawn
 * in place, one line per stage, fitted to the terminal's width; into a pipe or file, plain lines without
 * control characters.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { STAGE_TITLES } from '../../src/core/control';
import { writeSubjectCorpus } from '../support/corpus';
import { SAFETY_LIMIT_MS } from '../support/waiting';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const SCRIPT = '/usr/bin/script';
/** The stages of `topic-lens <folder>`: all but the audit, which only `topic-lens audit` runs. */
const STAGES = Object.entries(STAGE_TITLES).flatMap(([stage, title]) => (stage === 'audit' ? [] : [title]));

/** Quotes for a POSIX shell. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI in a pseudo-terminal (`script -qec`), after `setup` (shell commands, e.g. `stty cols 70`), and
 * returns what the terminal received.
 */
function runOnTerminal(args: readonly string[], setup = ''): string {
  const command = `${setup}exec ${[process.execPath, cli, ...args].map(shellQuote).join(' ')}`;
  const run = spawnSync(SCRIPT, ['-qec', command, '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: SAFETY_LIMIT_MS });
  assert.equal(run.status, 0, `${run.error ?? ''}${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** The bar's redraws: what each `\r … ESC[K` drew. */
function redraws(output: string): string[] {
  return [...output.matchAll(/\r([^\r\n]*?)\x1b\[K/g)].map((match) => match[1]);
}

const skip = existsSync(SCRIPT) ? false : `${SCRIPT} (util-linux) is missing`;

describe('CLI progress output', { skip }, () => {
  let work: string;
  let docs: string;
  before(() => {
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
    work = mkdtempSync(path.join(tmpdir(), 'topic-lens-progress-'));
    docs = path.join(work, 'docs');
    writeSubjectCorpus(docs, 10);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const args = (out: string) => [docs, '--out', path.join(work, out), '--min-topic-size', '5', '--no-cache'];

  it('on a terminal of unknown width: a bar per stage, redrawn in place, lines complete, ending at 100 %', () => {
    const output = runOnTerminal(args('tty'));
    const drawn = redraws(output);
    assert.ok(drawn.length >= STAGES.length, `only ${drawn.length} redraws`);
    for (const title of STAGES) {
      const last = drawn.filter((line) => line.startsWith(title)).at(-1);
      assert.ok(last, `no bar for "${title}"`);
      assert.match(last, /^.{31} (█+) 100%( .*)?$/, `the last bar of "${title}"`);
    }
    // Nothing cut off: the reading stage's detail ends with its last word.
    assert.ok(
      drawn.some((line) => /^Reading documents .* \d+ files, \d+ documents$/.test(line)),
      `reading: ${JSON.stringify(drawn.filter((l) => l.startsWith('Reading')).at(-1))}`,
    );
    // Each stage ends its line before the next one starts, and the last line is ended too.
    const lines = output
      .replace(/\r\n/g, '\n')
      .split('\n')
      .filter((line) => line.includes('\x1b[K'));
    assert.equal(lines.length, STAGES.length, `${lines.length} lines of progress for ${STAGES.length} stages`);
  });

  it('on a terminal 70 columns wide: every redraw fits in 69 columns', () => {
    const drawn = redraws(runOnTerminal(args('narrow'), 'stty cols 70 rows 24; '));
    assert.ok(drawn.length > 0);
    for (const line of drawn) assert.ok([...line].length <= 69, `${[...line].length} columns: ${line}`);
    assert.ok(
      drawn.every((line) => / (█|░){10} /.test(line)),
      'the bar is not 10 cells wide',
    );
  });

  it('into a pipe: one plain line per stage and quarter, no control characters', () => {
    const run = spawnSync(process.execPath, [cli, ...args('pipe')], { encoding: 'utf8', timeout: SAFETY_LIMIT_MS });
    assert.equal(run.status, 0, `${run.error ?? ''}${run.stderr}`);
    assert.doesNotMatch(run.stderr, /[\r\x1b]/);
    const lines = run.stderr.trimEnd().split('\n');
    for (const line of lines) assert.match(line, new RegExp(`^(${STAGES.map((t) => t.replace(/[()]/g, '\\$&')).join('|')}): (0|25|50|75|100)%( \\(.*\\))?$`));
    for (const title of STAGES)
      assert.ok(lines.includes(`${title}: 100%`) || lines.some((l) => l.startsWith(`${title}: 100% (`)), `"${title}" never reached 100 %`);
  });
});
