/**
 * Runs every test that needs a real VS Code: the mocha suite inside code-server's extension host
 * (the repository as extension under development) and the Playwright browser tests in test/e2e
 * (against the packaged VSIX), side by side. Ends with one line `N passed, N failed`; exits 1 on any failure.
 *
 * Usage: node --import tsx scripts/vscode-test/run.ts [--host-only | --e2e-only] [--order declared|reversed|shuffled[:seed]]
 *                                                   [--grep PATTERN]
 * Expects a build (dist/, incl. dist/test/suite.js) and the VSIX from `npm run package`. `--order` runs the
 * extension-host suites, and the tests in each, in another order: they must pass in any. `--grep` runs only the
 * extension-host tests whose full title matches (phases without one report 0 passed).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { run as runNodeTests } from 'node:test';
import { spec } from 'node:test/reporters';
import { parseArgs } from 'node:util';
import { parseSuiteOrder, type SuiteOrder } from '../../test/extension/control';
import { launchChromium } from './chromium';
import { runExtensionHostTests, type TestCounts } from './extension-host';
import { installCodeServer, repoRoot } from './install-code-server';
import { isCi, missingDebianPackages, missingPackagesMessage } from './prerequisites';

const OUTPUT_FOLDER = path.join(repoRoot, 'test-output');
const E2E_FILES = [path.join(repoRoot, 'test', 'e2e', 'workbench.e2e.ts')];

/**
 * node:test in a child process (it inherits `--import tsx`); leaf tests are counted, skipped ones are not.
 * The report is returned rather than printed, so it does not interleave with the extension-host output.
 */
async function runBrowserTests(): Promise<TestCounts & { readonly report: string }> {
  let passed = 0;
  let failed = 0;
  const stream = runNodeTests({ files: E2E_FILES, concurrency: 1 });
  stream.on('test:pass', (event) => {
    if (event.details.type !== 'suite' && !event.skip && !event.todo) passed++;
  });
  stream.on('test:fail', (event) => {
    if (event.details.type !== 'suite') failed++;
  });
  let report = '';
  for await (const chunk of stream.compose(new spec())) report += String(chunk);
  return { passed, failed, report };
}

async function runHostTests(codeServerBinary: string, order: SuiteOrder, grep: string | undefined): Promise<TestCounts> {
  const { browser, stop } = await launchChromium();
  try {
    const logFile = path.join(OUTPUT_FOLDER, 'extension-host.log');
    const counts = await runExtensionHostTests({ codeServerBinary, browser, repoRoot, logFile, order, grep, log: (line) => console.log(line) });
    console.log(`  full workbench log: ${path.relative(process.cwd(), logFile)}`);
    return counts;
  } finally {
    await stop();
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const missing = missingDebianPackages();
  if (missing.length > 0) {
    if (isCi()) {
      console.error(`\nThe VS Code tests cannot run: ${missingPackagesMessage(missing)}. They are required under CI.\n`);
      console.log('0 passed, 1 failed');
      return 1;
    }
    console.log(`Skipping the VS Code tests: ${missingPackagesMessage(missing)}.`);
    console.log('0 passed, 0 failed');
    return 0;
  }
  mkdirSync(OUTPUT_FOLDER, { recursive: true });
  const { values } = parseArgs({
    options: { 'host-only': { type: 'boolean' }, 'e2e-only': { type: 'boolean' }, order: { type: 'string', default: 'declared' }, grep: { type: 'string' } },
  });
  const order = parseSuiteOrder(values.order!);
  const codeServerBinary = installCodeServer(repoRoot);
  // The two suites use separate servers and browsers: run them side by side (both mostly wait on the workbench).
  if (!values['e2e-only']) console.log('▶ extension-host tests: mocha inside code-server (browser tests run alongside, reported after)');
  const [host, browserTests] = await Promise.all([
    values['e2e-only'] ? { passed: 0, failed: 0 } : runHostTests(codeServerBinary, order, values.grep),
    values['host-only'] ? { passed: 0, failed: 0, report: '' } : runBrowserTests(),
  ]);
  process.stdout.write(browserTests.report);
  const totals = { passed: host.passed + browserTests.passed, failed: host.failed + browserTests.failed };
  console.log(`\nVS Code tests took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  return totals.failed > 0 || totals.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
