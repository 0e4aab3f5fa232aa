/**
 * Entry of the extension-host integration tests (bundled to dist/test/suite.js). VS Code loads it inside the
 * real extension host and awaits `run()` (test-electron's contract): it rejects when a test failed.
 *
 * The test files are `*.itest.ts` (not `*.test.ts`, which `node --test` would pick up outside VS Code). They are
 * imported lazily, after mocha has defined its tdd globals (`suite`, `test`, …).
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { seededRandom } from '../../src/core/random';
import { describeSuiteOrder, readSuiteControl, type SuiteFailure, type SuiteOrder, type SuitePhase, type SuiteResults } from './control';

/**
 * A safety net per test, above the limits of the waits inside (test/support/waiting.ts) and a few full runs on a
 * loaded machine: it only turns a hang into a failure that names the test.
 */
const TEST_SAFETY_LIMIT_MS = 15 * 60_000;

async function loadTests(phase: SuitePhase): Promise<void> {
  if (phase === 'afterReload') {
    await import('./persistence-after-reload.itest');
    return;
  }
  if (phase === 'restricted') {
    await import('./restricted-mode.itest');
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
  await import('./hierarchy.itest');
  await import('./audit.itest');
  await import('./embedding-server-key.itest');
  await import('./embedding-server.itest');
  // Writes and deletes files of the fixture, then leaves a fresh full result behind.
  await import('./incremental.itest');
  // Last in every order: it leaves the result that the afterReload phase expects to find restored.
  await import('./persistence.itest');
}

function reorder<T>(items: T[], order: SuiteOrder, random: () => number): void {
  if (order.kind === 'reversed') items.reverse();
  if (order.kind !== 'shuffled') return;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** Puts the suites (all but the last) and the tests within every suite in `order`. */
function arrange(root: Mocha.Suite, order: SuiteOrder): void {
  const random = seededRandom(order.kind === 'shuffled' ? order.seed : 0);
  const last = root.suites.pop();
  reorder(root.suites, order, random);
  if (last) root.suites.push(last);
  for (const suite of root.suites) reorder(suite.tests, order, random);
}

export async function run(): Promise<void> {
  const control = readSuiteControl();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: TEST_SAFETY_LIMIT_MS, reporter: 'spec', ...(control.grep ? { grep: control.grep } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'dist/test/suite.js', mocha);
  await loadTests(control.phase);
  arrange(mocha.suite, control.order);
  console.log(`Suites and tests in ${describeSuiteOrder(control.order)} order: ${mocha.suite.suites.map((s) => s.title).join(' → ')}`);

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
