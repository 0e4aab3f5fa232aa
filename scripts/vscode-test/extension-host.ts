/**
 * Runs the mocha suite (dist/test/suite.js) inside the real extension host of code-server, with the repository
 * as the extension under development, through VS Code's web test payload. Two phases in the same browser
 * page: the main tests, then the same window after a reload (persistence).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { SAFETY_LIMIT_MS } from '../../test/support/waiting';
import { CONTROL_FILE_VARIABLE, type SuiteControl, type SuiteOrder, type SuitePhase, type SuiteResults } from '../../test/extension/control';
import { registerCleanup } from './cleanup';
import { startCodeServer, workbenchUrl } from './code-server';
import { writeFixtureWorkspace } from './fixture-workspace';

export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
}

export interface ExtensionHostRun {
  readonly codeServerBinary: string;
  readonly browser: Browser;
  readonly repoRoot: string;
  /** Where the full workbench/extension-host log is written. */
  readonly logFile: string;
  readonly log: (line: string) => void;
  /** The order of the suites and their tests (default: as declared). */
  readonly order?: SuiteOrder;
}

/**
 * A phase ends when the workbench reports the suite's exit, however long the tests take. This only catches a
 * workbench that went silent (a dead extension host): no exit and not one line of output for this long, which is
 * more than the suite's own limit for one test (suite.ts), so a hung test is reported by mocha, by name, first.
 */
const SILENCE_LIMIT_MS = 20 * 60_000;
/** The suite's own lines (mocha's spec reporter) are shown; the workbench's chatter goes to the log file. */
const WORKBENCH_NOISE =
  /^(Resolv|Creating a socket|Ignoring fetching|Updating additional|\[Service Worker\]|\[lifecycle\]|ChatSessionStore|Creation of workbench contribution|Unable to write file 'vscode-log:)/;

type Exit = { readonly code: number } | { readonly silentFor: number; readonly lastLine: string | undefined };

/** Resolves with the exit code the workbench passes to `codeAutomationExit`, once per phase. */
class AutomationExit {
  private resolveExit: ((code: number) => void) | undefined;
  private lastOutput = Date.now();
  private lastLine: string | undefined;

  async install(page: Page, onLog: (type: string, text: string) => void): Promise<void> {
    await page.exposeFunction('codeAutomationExit', (code: number) => this.resolveExit?.(code));
    // The arguments of a console call, format string first (mocha's reporter uses "%s" and "%d").
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = format(...args);
      this.lastOutput = Date.now();
      if (text.trim()) this.lastLine = text.trim();
      onLog(type, text);
    });
  }

  /** The next exit, or the silence limit passing without an exit or any output. */
  next(): Promise<Exit> {
    this.lastOutput = Date.now();
    return new Promise((resolve) => {
      const watchdog = setInterval(() => {
        const silentFor = Date.now() - this.lastOutput;
        if (silentFor < SILENCE_LIMIT_MS) return;
        finish({ silentFor, lastLine: this.lastLine });
      }, 10_000);
      const finish = (exit: Exit) => {
        clearInterval(watchdog);
        this.resolveExit = undefined;
        resolve(exit);
      };
      this.resolveExit = (code) => finish({ code });
    });
  }
}

function readResults(resultsFile: string, exit: Exit, phase: SuitePhase, log: (line: string) => void): TestCounts {
  if ('silentFor' in exit) {
    log(`✗ extension host (${phase}): gave up waiting for the suite to exit after ${Math.round(exit.silentFor / 60_000)} min without any output (last line: ${exit.lastLine ?? 'none'}).`);
    return { passed: 0, failed: 1 };
  }
  if (!existsSync(resultsFile)) {
    log(`✗ extension host (${phase}): exited with code ${exit.code} before the suite reported (see the log).`);
    return { passed: 0, failed: 1 };
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
  for (const failure of results.failures) log(`✗ ${failure.title}: ${failure.message}`);
  return { passed: results.passed, failed: results.failed };
}

export async function runExtensionHostTests(run: ExtensionHostRun): Promise<TestCounts> {
  const suitePath = path.join(run.repoRoot, 'dist', 'test', 'suite.js');
  if (!existsSync(suitePath)) {
    run.log(`✗ ${suitePath} is missing: build first (npm run build).`);
    return { passed: 0, failed: 1 };
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-host-tests-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const cleanScratch = registerCleanup(async () => removeScratch(), removeScratch);
  const workspace = path.join(scratch, 'workspace');
  const controlFile = path.join(scratch, 'control.json');
  writeFixtureWorkspace(workspace);
  const logLines: string[] = [];
  const server = await startCodeServer({ binary: run.codeServerBinary, env: { [CONTROL_FILE_VARIABLE]: controlFile } });
  const context = await run.browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    // Loading the workbench on a loaded machine can take minutes: a safety limit, not a deadline.
    page.setDefaultTimeout(SAFETY_LIMIT_MS);
    const exit = new AutomationExit();
    await exit.install(page, (type, text) => {
      logLines.push(`[${type}] ${text}`);
      if (!WORKBENCH_NOISE.test(text)) run.log(`  ${text.trimEnd()}`);
    });

    const totals = { passed: 0, failed: 0 };
    const phases: SuitePhase[] = ['first', 'afterReload'];
    for (const phase of phases) {
      const control: SuiteControl = {
        phase,
        resultsFile: path.join(scratch, `results-${phase}.json`),
        handoffFile: path.join(scratch, 'handoff.json'),
        order: run.order ?? { kind: 'declared' },
      };
      writeFileSync(controlFile, JSON.stringify(control));
      const exited = exit.next();
      if (phase === 'first') {
        await page.goto(workbenchUrl(server.origin, workspace, { extensionDevelopmentPath: run.repoRoot, extensionTestsPath: suitePath }));
      } else {
        // Same page, same server: workspace storage and the browser's IndexedDB survive, as in a real reload.
        await page.reload();
      }
      const outcome = await exited;
      const counts = readResults(control.resultsFile, outcome, phase, run.log);
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      // A hung extension host would hang the next phase too.
      if ('silentFor' in outcome) break;
    }
    return totals;
  } finally {
    writeFileSync(run.logFile, `${logLines.join('\n')}\n`);
    await context.close();
    await server.stop();
    await cleanScratch();
  }
}
