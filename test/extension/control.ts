/**
 * What the runner (scripts/vscode-test/extension-host.ts) tells the suite inside the extension host. It is a
 * JSON file named by an environment variable, because the extension host inherits code-server's environment
 * but the runner must switch phases (before/after a window reload) without restarting the server.
 */
import { readFileSync } from 'node:fs';

export const CONTROL_FILE_VARIABLE = 'TOPIC_LENS_TEST_CONTROL';

/**
 * `first`: every test that needs no reload; `afterReload`: the same window again, after a reload; `restricted`:
 * another workbench, with workspace trust on, where the fixture folder is not trusted (Restricted Mode).
 */
export type SuitePhase = 'first' | 'afterReload' | 'restricted';

/**
 * In the restricted phase: the folder, next to the results file, that the untrusted workspace's settings name as
 * `topicLens.model` (the suite puts a copy of the bundled model there, so that loading it would work).
 */
export const WORKSPACE_MODEL_FOLDER = 'workspace-model';

/**
 * The order the suites run in, and the tests within each: as declared, reversed, or shuffled by a seed. The
 * suites set up what they need, so every order must pass; the last suite before the reload stays last, since
 * the afterReload phase checks what it leaves.
 */
export type SuiteOrder = { readonly kind: 'declared' } | { readonly kind: 'reversed' } | { readonly kind: 'shuffled'; readonly seed: number };

/** `declared`, `reversed` or `shuffled[:seed]` (a command-line flag's value). */
export function parseSuiteOrder(text: string): SuiteOrder {
  if (text === 'declared' || text === 'reversed') return { kind: text };
  const shuffled = /^shuffled(?::(\d+))?$/.exec(text);
  if (shuffled) return { kind: 'shuffled', seed: shuffled[1] === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(shuffled[1]) };
  throw new Error(`Unknown suite order "${text}": use declared, reversed or shuffled[:seed].`);
}

export function describeSuiteOrder(order: SuiteOrder): string {
  return order.kind === 'shuffled' ? `shuffled (seed ${order.seed})` : order.kind;
}

export interface SuiteControl {
  readonly phase: SuitePhase;
  /** Where the suite writes its SuiteResults. */
  readonly resultsFile: string;
  /** What the first phase leaves for the afterReload phase to compare with (same file in both phases). */
  readonly handoffFile: string;
  readonly order: SuiteOrder;
  /** Runs only the tests whose full title matches (mocha's grep), e.g. to check one suite quickly. */
  readonly grep?: string;
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
