/**
 * What the runner (scripts/vscode-test/extension-host.ts) tells the suite inside the extension host. It is a
 * JSON file named by an environment variable, because the extension host inherits code-server's environment
 * but the runner must switch phases (before/after a window reload) without restarting the server.
 */
import { readFileSync } from 'node:fs';

export const CONTROL_FILE_VARIABLE = 'TOPIC_LENS_TEST_CONTROL';

/** `first`: every test that needs no reload; `afterReload`: the same window again, after a reload. */
export type SuitePhase = 'first' | 'afterReload';

export interface SuiteControl {
  readonly phase: SuitePhase;
  /** Where the suite writes its SuiteResults. */
  readonly resultsFile: string;
  /** What the first phase leaves for the afterReload phase to compare with (same file in both phases). */
  readonly handoffFile: string;
}

export interface SuiteFailure {
  readonly title: string;
  readonly message: string;
}

export interface SuiteResults {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly SuiteFailure[];
}

export function readSuiteControl(): SuiteControl {
  const file = process.env[CONTROL_FILE_VARIABLE];
  if (!file) throw new Error(`${CONTROL_FILE_VARIABLE} is not set: run the suite through scripts/vscode-test/run.ts.`);
  return JSON.parse(readFileSync(file, 'utf8')) as SuiteControl;
}
