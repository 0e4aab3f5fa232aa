/**
 * Runs the mocha suite (dist/test/suite.js) inside the real extension host of code-server, with the repository
 * as the extension under development, through VS Code's web test payload. Two phases in the same browser
 * page: the main tests, then the same window after a reload (persistence); then, in a workbench of its own
 * with workspace trust on, the Restricted Mode tests.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import {
  CONTROL_FILE_VARIABLE,
  WORKSPACE_MODEL_FOLDER,
  type SuiteControl,
  type SuiteOrder,
  type SuitePhase,
  type SuiteResults,
} from '../../test/extension/control';
import { SAFETY_LIMIT_MS } from '../../test/support/waiting';
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
  /** Only the tests whose full title matches. */
  readonly grep?: string;
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
    log(
      `✗ extension host (${phase}): gave up waiting for the suite to exit after ${Math.round(exit.silentFor / 60_000)} min without any output (last line: ${exit.lastLine ?? 'none'}).`,
    );
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

/**
 * One workbench (its own code-server, fixture workspace and browser page) that runs `phases` one after the
 * other: the first loads the workbench with the test payload, each further one reloads the same window.
 */
interface Session {
  readonly phases: readonly SuitePhase[];
  /** Workspace trust on: the fixture folder opens in Restricted Mode. */
  readonly restricted: boolean;
}

const SESSIONS: readonly Session[] = [
  { phases: ['first', 'afterReload'], restricted: false },
  { phases: ['restricted'], restricted: true },
];

/** The restricted workspace's settings name a model folder (a copy of the bundled model, made by the suite). */
function restrictWorkspace(workspace: string, scratch: string): void {
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(settingsFile, `${JSON.stringify({ ...settings, 'topicLens.model': path.join(scratch, WORKSPACE_MODEL_FOLDER) }, null, 2)}\n`);
}

async function runSession(run: ExtensionHostRun, session: Session, suitePath: string, logLines: string[]): Promise<TestCounts> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-host-tests-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const cleanScratch = registerCleanup(async () => removeScratch(), removeScratch);
  const workspace = path.join(scratch, 'workspace');
  const controlFile = path.join(scratch, 'control.json');
  writeFixtureWorkspace(workspace);
  if (session.restricted) restrictWorkspace(workspace, scratch);
  const server = await startCodeServer({ binary: run.codeServerBinary, env: { [CONTROL_FILE_VARIABLE]: controlFile }, workspaceTrust: session.restricted });
  const context = await run.browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Loading the workbench is a wait like any other: on a loaded machine it can take minutes.
  context.setDefaultTimeout(SAFETY_LIMIT_MS);
  try {
    const page = await context.newPage();
    const exit = new AutomationExit();
    await exit.install(page, (type, text) => {
      logLines.push(`[${type}] ${text}`);
      if (!WORKBENCH_NOISE.test(text)) run.log(`  ${text.trimEnd()}`);
    });

    const totals = { passed: 0, failed: 0 };
    for (const [index, phase] of session.phases.entries()) {
      const control: SuiteControl = {
        phase,
        resultsFile: path.join(scratch, `results-${phase}.json`),
        handoffFile: path.join(scratch, 'handoff.json'),
        order: run.order ?? { kind: 'declared' },
        ...(run.grep ? { grep: run.grep } : {}),
      };
      writeFileSync(controlFile, JSON.stringify(control));
      const exited = exit.next();
      if (index === 0) {
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
    await context.close();
    await server.stop();
    await cleanScratch();
  }
}

export async function runExtensionHostTests(run: ExtensionHostRun): Promise<TestCounts> {
  const suitePath = path.join(run.repoRoot, 'dist', 'test', 'suite.js');
  if (!existsSync(suitePath)) {
    run.log(`✗ ${suitePath} is missing: build first (npm run build).`);
    return { passed: 0, failed: 1 };
  }
  const logLines: string[] = [];
  const totals = { passed: 0, failed: 0 };
  try {
    for (const session of SESSIONS) {
      const counts = await runSession(run, session, suitePath, logLines);
      totals.passed += counts.passed;
      totals.failed += counts.failed;
    }
    return totals;
  } finally {
    writeFileSync(run.logFile, `${logLines.join('\n')}\n`);
  }
}
