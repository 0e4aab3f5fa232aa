/**
 * Permission tests mean nothing as root, who reads a chmod-000 file. Run as root (as CI does), a suite declared
 * here runs its test file again in a child process as the user `nobody`, and passes when that run passes;
 * run as anyone else, it runs in place.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SAFETY_LIMIT_MS } from './waiting';

const repoRoot = path.resolve(__dirname, '../..');

function nobody(): { readonly uid: number; readonly gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const ids = { uid: id('-u'), gid: id('-g') };
  assert.ok(Number.isInteger(ids.uid) && ids.uid > 0, 'the user "nobody" is needed to run permission tests as root');
  return ids;
}

/** `testFile` is the calling file (`__filename`): it must be readable by `nobody`, as a checkout under /work is. */
export function describeUnprivileged(testFile: string, name: string, body: () => void): void {
  if (process.getuid?.() !== 0) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    it('passes when run as the unprivileged user nobody', () => {
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: os.tmpdir() };
      // Without the parent's NODE_TEST_CONTEXT, the child reports as a test run of its own.
      delete env.NODE_TEST_CONTEXT;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', testFile], {
        ...nobody(),
        cwd: repoRoot,
        env,
        encoding: 'utf8',
        // The whole file runs in the child: twice the limit of one wait in it.
        timeout: 2 * SAFETY_LIMIT_MS,
      });
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /ℹ pass [1-9]/, run.stdout);
      assert.match(run.stdout, /ℹ fail 0/, run.stdout);
    });
  });
}
