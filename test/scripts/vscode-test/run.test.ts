/**
 * The VS Code test runner when the machine lacks its Debian packages: a developer is told and the run is
 * skipped; under CI it fails, naming every missing package and the apt command. `dpkg-query` is shadowed on PATH
 * by one that knows no package, as on a machine where none is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { aptInstallCommand, isCi, requiredDebianPackages } from '../../../scripts/vscode-test/prerequisites';
import { SAFETY_LIMIT_MS } from '../../support/waiting';

const repoRoot = path.resolve(__dirname, '../../..');

describe('isCi', () => {
  it('reads the values CI systems set as CI, and unset, empty, 0 and false as not', () => {
    for (const value of ['true', 'True', '1', 'yes', 'woodpecker']) assert.equal(isCi({ CI: value }), true, value);
    for (const value of [undefined, '', '0', 'false', 'FALSE', 'no', 'off']) assert.equal(isCi({ CI: value }), false, String(value));
  });
});

describe('scripts/vscode-test/run.ts without its Debian packages', () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-no-dpkg-'));
  const fakeQuery = path.join(bin, 'dpkg-query');
  writeFileSync(fakeQuery, '#!/bin/sh\necho "dpkg-query: no packages found matching $3" >&2\nexit 1\n');
  chmodSync(fakeQuery, 0o755);
  after(() => rmSync(bin, { recursive: true, force: true }));

  function runWithoutPackages(ci: string | undefined) {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    delete env.CI;
    if (ci !== undefined) env.CI = ci;
    return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/vscode-test/run.ts'], { cwd: repoRoot, env, encoding: 'utf8', timeout: SAFETY_LIMIT_MS });
  }

  it('skips with a clear message on a developer machine', () => {
    const run = runWithoutPackages(undefined);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Skipping the VS Code tests: missing Debian packages chromium, ripgrep, libkrb5-dev/);
    assert.match(run.stdout, /0 passed, 0 failed\n$/);
  });

  it('fails under CI, naming every missing package and the one apt command', () => {
    const run = runWithoutPackages('1');
    assert.equal(run.status, 1);
    const packages = requiredDebianPackages();
    assert.ok(packages.includes('chromium') && packages.includes('libkrb5-dev'), packages.join(' '));
    assert.ok(run.stderr.includes(`missing Debian packages ${packages.join(', ')}`), run.stderr);
    assert.ok(run.stderr.includes(aptInstallCommand(packages)), run.stderr);
    assert.match(run.stdout, /0 passed, 1 failed\n$/);
    assert.doesNotMatch(run.stdout, /Skipping/);
  });
});
