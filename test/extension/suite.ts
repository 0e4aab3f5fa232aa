/**
 * Entry of the extension-host integration tests (bundled to dist/test/suite.js). VS Code loads it inside the
 * real extension host and awaits `run()` (test-electron's contract): it rejects when a test failed.
 *
 * The test files are `*.itest.ts` (not `*.test.ts`, which `node --test` would pick up outside VS Code). They are
 * imported lazily, after mocha has defined its tdd globals (`suite`, `test`, …).
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { readSuiteControl, type SuiteFailure, type SuiteResults } from './control';

async function loadTests(phase: 'first' | 'afterReload'): Promise<void> {
  if (phase === 'afterReload') {
    await import('./persistence-after-reload.itest');
    return;
  }
  await import('./activation.itest');
  await import('./detect.itest');
  await import('./exclusions.itest');
  await import('./readFiles.itest');
  await import('./resultStore.itest');
  await import('./cancellation.itest');
  await import('./worker-crash.itest');
  await import('./rename-merge.itest');
  await import('./topic-commands.itest');
  await import('./embedding-server-key.itest');
  await import('./embedding-server.itest');
  // Writes and deletes files of the fixture, then leaves a fresh full result behind.
  await import('./incremental.itest');
  // Last: it leaves the result that the afterReload phase expects to find restored.
  await import('./persistence.itest');
}

export async function run(): Promise<void> {
  const control = readSuiteControl();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'dist/test/suite.js', mocha);
  await loadTests(control.phase);

  let passed = 0;
  const failures: SuiteFailure[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    // Also fires for a failed hook, which then counts as one failure.
    runner.on('fail', (test, error: Error) => failures.push({ title: test.fullTitle(), message: error.message }));
  });
  const results: SuiteResults = { passed, failed: failures.length, failures };
  writeFileSync(control.resultsFile, JSON.stringify(results));
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed.`);
}
