/**
 * Mutation testing of src/core without extra dependencies: changes one operator, constant or condition at a time
 * (found with the TypeScript compiler API), runs the test files that exercise the changed file, and records whether
 * a test failed (killed), none did (survived) or the run took too long (timeout). Each mutant runs in a copy of the
 * repository (node_modules and models linked), so the working tree is never touched. The copy is compiled to
 * JavaScript once (esbuild, file by file) and only the mutated file again per mutant: a test file then starts in a
 * tenth of the time tsx takes.
 *
 *   node --import tsx scripts/mutation.ts [--list] [--jobs N] [--sample RATE] [--results FILE] [PATH_PREFIX…]
 *   node --import tsx scripts/mutation.ts --retry EARLIER.jsonl --results FILE [PATH_PREFIX…]
 *   node --import tsx scripts/mutation.ts --summary FILE…
 *
 * PATH_PREFIX limits the run to files under it (e.g. src/core/cluster src/core/pipeline/fullRun.ts; default src/core).
 * Results are appended to FILE (default mutation-results.jsonl in the temp folder) one mutant per line, and a run
 * skips the mutants already there, so an interrupted run resumes. --list only prints the mutants per file. --sample
 * RATE runs a stable pseudo-random share of the mutants (the sample at a rate contains those at any lower rate).
 * --retry runs again the mutants EARLIER.jsonl records as survived or uncovered (after new tests; sources unchanged).
 * --summary prints the table per folder, a later file's outcome of a mutant replacing an earlier one's.
 * Test files: those under test/core/<the file's folder>/ (test/core/*.test.ts for top-level files) that import the
 * file, directly or through other modules; cheapest first, stopping at the first failure.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { transformSync } from 'esbuild';
import ts from 'typescript';

interface Mutant {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly original: string;
  readonly replacement: string;
  readonly kind: MutantKind;
  /** The named function the mutant sits in ('' at module level), to match against V8's coverage. */
  readonly inFunction: string;
}

type MutantKind = 'operator' | 'number' | 'condition' | 'boolean' | 'unary' | 'method';

/** 'uncovered': no test file runs the mutated function (counted as not detected, as Stryker does). */
type Status = 'killed' | 'survived' | 'timeout' | 'uncovered';

interface Outcome extends Mutant {
  readonly status: Status;
  /** The test file that failed or timed out. */
  readonly by?: string;
}

const ROOT = path.resolve(__dirname, '..');

// ---------- mutants ----------

const BINARY_SWAPS: Partial<Record<ts.SyntaxKind, ts.SyntaxKind[]>> = {
  [ts.SyntaxKind.PlusToken]: [ts.SyntaxKind.MinusToken],
  [ts.SyntaxKind.MinusToken]: [ts.SyntaxKind.PlusToken],
  [ts.SyntaxKind.AsteriskToken]: [ts.SyntaxKind.SlashToken],
  [ts.SyntaxKind.SlashToken]: [ts.SyntaxKind.AsteriskToken],
  [ts.SyntaxKind.PercentToken]: [ts.SyntaxKind.AsteriskToken],
  [ts.SyntaxKind.LessThanToken]: [ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken],
  [ts.SyntaxKind.LessThanEqualsToken]: [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken],
  [ts.SyntaxKind.GreaterThanToken]: [ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanEqualsToken],
  [ts.SyntaxKind.GreaterThanEqualsToken]: [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanToken],
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: [ts.SyntaxKind.ExclamationEqualsEqualsToken],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: [ts.SyntaxKind.EqualsEqualsEqualsToken],
  [ts.SyntaxKind.AmpersandAmpersandToken]: [ts.SyntaxKind.BarBarToken],
  [ts.SyntaxKind.BarBarToken]: [ts.SyntaxKind.AmpersandAmpersandToken],
  [ts.SyntaxKind.QuestionQuestionToken]: [ts.SyntaxKind.AmpersandAmpersandToken],
  [ts.SyntaxKind.PlusEqualsToken]: [ts.SyntaxKind.MinusEqualsToken],
  [ts.SyntaxKind.MinusEqualsToken]: [ts.SyntaxKind.PlusEqualsToken],
  [ts.SyntaxKind.AsteriskEqualsToken]: [ts.SyntaxKind.SlashEqualsToken],
  [ts.SyntaxKind.SlashEqualsToken]: [ts.SyntaxKind.AsteriskEqualsToken],
};

const METHOD_SWAPS: Record<string, string> = { min: 'max', max: 'min', floor: 'ceil', ceil: 'floor', some: 'every', every: 'some' };

/** A number literal's mutant: 0 ↔ 1, other integers + 1, fractions doubled. */
function numberReplacement(text: string): string | null {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isFinite(value)) return null;
  if (value === 0) return '1';
  if (value === 1) return '0';
  return Number.isInteger(value) ? String(value + 1) : String(value * 2);
}

/** Nodes whose contents are not behaviour: types, imports, and the messages of thrown errors. */
function skipped(node: ts.Node): boolean {
  return (
    ts.isTypeNode(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isImportDeclaration(node) ||
    ts.isExportDeclaration(node) ||
    ts.isThrowStatement(node) ||
    ts.isEnumDeclaration(node)
  );
}

export function mutantsOf(file: string, text: string): Mutant[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const mutants: Mutant[] = [];
  /** The node being visited: mutants are placed in its function. */
  let current: ts.Node = source;
  const add = (kind: MutantKind, start: number, end: number, replacement: string): void => {
    const original = text.slice(start, end);
    if (original === replacement) return;
    mutants.push({
      file,
      start,
      end,
      line: source.getLineAndCharacterOfPosition(start).line + 1,
      original,
      replacement,
      kind,
      inFunction: enclosingFunction(current),
    });
  };
  /** A condition replaced by true and by false. */
  const condition = (expression: ts.Expression): void => {
    if (expression.kind === ts.SyntaxKind.TrueKeyword || expression.kind === ts.SyntaxKind.FalseKeyword) return;
    add('condition', expression.getStart(), expression.getEnd(), 'true');
    add('condition', expression.getStart(), expression.getEnd(), 'false');
  };
  const visit = (node: ts.Node): void => {
    if (skipped(node)) return;
    current = node;
    if (ts.isBinaryExpression(node)) {
      const swaps = BINARY_SWAPS[node.operatorToken.kind] ?? [];
      const isText = (e: ts.Expression) => ts.isStringLiteral(e) || ts.isTemplateExpression(e) || ts.isNoSubstitutionTemplateLiteral(e);
      if (!(node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isText(node.left) || isText(node.right)))) {
        for (const kind of swaps) add('operator', node.operatorToken.getStart(), node.operatorToken.getEnd(), ts.tokenToString(kind)!);
      }
    } else if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      const operatorStart = ts.isPrefixUnaryExpression(node) ? node.getStart() : node.operand.getEnd();
      if (node.operator === ts.SyntaxKind.PlusPlusToken) add('operator', operatorStart, operatorStart + 2, '--');
      else if (node.operator === ts.SyntaxKind.MinusMinusToken) add('operator', operatorStart, operatorStart + 2, '++');
      else if (ts.isPrefixUnaryExpression(node) && (node.operator === ts.SyntaxKind.ExclamationToken || node.operator === ts.SyntaxKind.MinusToken)) {
        add('unary', node.getStart(), node.getEnd(), node.operand.getText());
      }
    } else if (ts.isNumericLiteral(node)) {
      const replacement = numberReplacement(node.text);
      if (replacement !== null) add('number', node.getStart(), node.getEnd(), replacement);
    } else if (node.kind === ts.SyntaxKind.TrueKeyword) {
      add('boolean', node.getStart(), node.getEnd(), 'false');
    } else if (node.kind === ts.SyntaxKind.FalseKeyword) {
      add('boolean', node.getStart(), node.getEnd(), 'true');
    } else if (ts.isPropertyAccessExpression(node) && ts.isCallExpression(node.parent) && node.parent.expression === node) {
      const swap = METHOD_SWAPS[node.name.text];
      if (swap) add('method', node.name.getStart(), node.name.getEnd(), swap);
    }
    if (ts.isIfStatement(node) || ts.isWhileStatement(node)) condition(node.expression);
    if (ts.isConditionalExpression(node)) condition(node.condition);
    if (ts.isForStatement(node) && node.condition) add('condition', node.condition.getStart(), node.condition.getEnd(), 'false');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return mutants;
}

/** The name V8 reports for the innermost named function around `node`; '' at module level. */
function enclosingFunction(node: ts.Node): string {
  for (let at: ts.Node | undefined = node; at; at = at.parent) {
    if ((ts.isFunctionDeclaration(at) || ts.isMethodDeclaration(at) || ts.isGetAccessor(at) || ts.isSetAccessor(at)) && at.name) return at.name.getText();
    if (ts.isConstructorDeclaration(at)) return at.parent.name?.getText() ?? '';
    if ((ts.isArrowFunction(at) || ts.isFunctionExpression(at)) && ts.isVariableDeclaration(at.parent)) return at.parent.name.getText();
    if ((ts.isArrowFunction(at) || ts.isFunctionExpression(at)) && ts.isPropertyAssignment(at.parent)) return at.parent.name.getText();
    if (ts.isPropertyDeclaration(at) && at.initializer && !ts.isArrowFunction(at.initializer))
      return at.parent && ts.isClassLike(at.parent) ? (at.parent.name?.getText() ?? '') : '';
  }
  return '';
}

function apply(text: string, mutant: Mutant): string {
  return text.slice(0, mutant.start) + mutant.replacement + text.slice(mutant.end);
}

const mutantKey = (m: Mutant): string => `${m.file}:${m.start}:${m.end}:${m.replacement}`;

// ---------- which tests ----------

function listFiles(folder: string, predicate: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, folder), { withFileTypes: true })) {
    const rel = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(rel, predicate));
    else if (predicate(rel)) out.push(rel);
  }
  return out.sort();
}

/** Repository-relative .ts files imported (relatively) by `file`. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]));
    for (const candidate of [`${target}.ts`, `${target}/index.ts`, target]) {
      if (candidate.endsWith('.ts') && existsSync(path.join(ROOT, candidate))) {
        out.push(candidate);
        break;
      }
    }
  }
  return out;
}

/** Every file `file` reaches through relative imports. */
function reachable(file: string, cache = new Map<string, Set<string>>()): Set<string> {
  const known = cache.get(file);
  if (known) return known;
  const seen = new Set<string>();
  cache.set(file, seen);
  const stack = [file];
  while (stack.length > 0) {
    for (const next of importsOf(stack.pop()!)) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** The mirrored test files that reach `sourceFile`. */
function testsFor(sourceFile: string, testFiles: readonly string[]): string[] {
  const folder = path.posix.dirname(sourceFile).replace(/^src\//, 'test/');
  return testFiles.filter((t) => path.posix.dirname(t) === folder && reachable(t).has(sourceFile));
}

// ---------- running ----------

interface TestRun {
  readonly failed: boolean;
  readonly timedOut: boolean;
  readonly seconds: number;
}

function runTestFile(copy: string, testFile: string, timeoutSeconds: number, coverageDir?: string): Promise<TestRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    // Its own process group, so that a timeout also stops whatever the tests started.
    const env = coverageDir ? { ...process.env, NODE_V8_COVERAGE: coverageDir } : process.env;
    const child = spawn(process.execPath, [testFile.replace(/\.ts$/, '.js')], { cwd: copy, stdio: 'ignore', detached: true, env });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutSeconds * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ failed: code !== 0, timedOut, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Per source file (repository-relative .ts), the names of the functions a run executed ('' = the module loaded). */
function executedFunctions(coverageDir: string, copy: string): Map<string, Set<string>> {
  const executed = new Map<string, Set<string>>();
  const prefix = `file://${copy}/`;
  for (const name of readdirSync(coverageDir)) {
    const report = JSON.parse(readFileSync(path.join(coverageDir, name), 'utf8')) as {
      result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
    };
    for (const script of report.result) {
      if (!script.url.startsWith(prefix) || !script.url.endsWith('.js')) continue;
      const file = script.url.slice(prefix.length).replace(/\.js$/, '.ts');
      const names = executed.get(file) ?? new Set<string>(['']);
      for (const fn of script.functions) if (fn.ranges[0].count > 0) names.add(fn.functionName);
      executed.set(file, names);
    }
  }
  return executed;
}

/** Whether a run with `executed` coverage reached the function of `mutant`. */
function reaches(executed: Map<string, Set<string>> | undefined, mutant: Mutant): boolean {
  return executed?.get(mutant.file)?.has(mutant.inFunction) ?? false;
}

/** A stable pseudo-random number in [0, 1) per mutant: a sample at rate r is part of every sample at a larger rate. */
function sampleKey(m: Mutant): number {
  let h = 0x811c9dc5;
  for (const ch of mutantKey(m)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

/** A copy of the tracked files with node_modules and models linked in, every .ts file also compiled to .js beside it. */
function makeCopy(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'topic-lens-mutation-'));
  for (const entry of ['src', 'test', 'scripts', 'package.json', 'tsconfig.json']) {
    if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  for (const linked of ['node_modules', 'models', 'dist'])
    if (existsSync(path.join(ROOT, linked))) symlinkSync(path.join(ROOT, linked), path.join(copy, linked));
  for (const folder of ['src', 'test', 'scripts']) {
    for (const file of listFiles(folder, (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')))
      compileInto(copy, file, readFileSync(path.join(ROOT, file), 'utf8'));
  }
  return copy;
}

/** Writes `text` (TypeScript) as the .js file the copy's tests load. */
function compileInto(copy: string, file: string, text: string): void {
  const { code } = transformSync(text, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: file });
  writeFileSync(path.join(copy, file.replace(/\.ts$/, '.js')), code);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const listOnly = args.includes('--list');
  if (listOnly) args.splice(args.indexOf('--list'), 1);
  const jobs = Number(option('--jobs') ?? Math.min(2, cpus().length));
  const resultsFile = path.resolve(option('--results') ?? path.join(tmpdir(), 'mutation-results.jsonl'));
  const sample = Number(option('--sample') ?? 1);
  const retryFile = option('--retry');
  if (args[0] === '--summary') {
    console.log(summary(latestOutcomes(args.slice(1))));
    return;
  }
  const retry = retryFile
    ? new Set(
        latestOutcomes([retryFile])
          .filter((o) => o.status === 'survived' || o.status === 'uncovered')
          .map(mutantKey),
      )
    : null;
  const prefixes = args.length > 0 ? args : ['src/core'];

  const sources = listFiles('src/core', (f) => f.endsWith('.ts')).filter((f) => prefixes.some((p) => f === p || f.startsWith(`${p.replace(/\/$/, '')}/`)));
  const testFiles = listFiles('test/core', (f) => f.endsWith('.test.ts'));
  // Read once: mutants are offsets into these texts, whatever happens to the files during the run.
  const texts = new Map(sources.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));
  const plan = sources.map((file) => ({
    file,
    mutants: mutantsOf(file, texts.get(file)!).filter((m) => (retry ? retry.has(mutantKey(m)) : sampleKey(m) < sample)),
    tests: testsFor(file, testFiles),
  }));
  if (listOnly) {
    for (const { file, mutants, tests } of plan) console.log(`${file}: ${mutants.length} mutants; tests ${tests.join(' ') || '(none)'}`);
    const kinds = new Map<string, number>();
    for (const m of plan.flatMap((p) => p.mutants)) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
    console.log([...kinds].map(([k, n]) => `${k} ${n}`).join(', '));
    console.log(`total ${plan.reduce((n, p) => n + p.mutants.length, 0)}`);
    return;
  }

  const done = new Set<string>();
  if (existsSync(resultsFile)) for (const line of readFileSync(resultsFile, 'utf8').split('\n')) if (line) done.add(mutantKey(JSON.parse(line) as Mutant));

  // Baseline: every test file must pass unmutated; its time sets the timeout, its coverage which mutants it runs for.
  const baselineCopy = makeCopy();
  const seconds = new Map<string, number>();
  const coverage = new Map<string, Map<string, Set<string>>>();
  for (const test of [...new Set(plan.flatMap((p) => p.tests))]) {
    const coverageDir = mkdtempSync(path.join(tmpdir(), 'topic-lens-coverage-'));
    const run = await runTestFile(baselineCopy, test, 1800, coverageDir);
    if (run.failed) throw new Error(`${test} fails without any mutant: fix it first.`);
    seconds.set(test, run.seconds);
    coverage.set(test, executedFunctions(coverageDir, baselineCopy));
    rmSync(coverageDir, { recursive: true, force: true });
    console.log(`baseline ${test}: ${run.seconds.toFixed(1)} s`);
  }
  rmSync(baselineCopy, { recursive: true, force: true });

  const queue = plan.flatMap(({ file, mutants, tests }) => {
    // The file's own test first, then the others cheapest first.
    const own = (t: string) => (path.posix.basename(t, '.test.ts') === path.posix.basename(file, '.ts') ? 0 : 1);
    const ordered = [...tests].sort((a, b) => own(a) - own(b) || seconds.get(a)! - seconds.get(b)!);
    return mutants.filter((m) => !done.has(mutantKey(m))).map((mutant) => ({ mutant, tests: ordered.filter((t) => reaches(coverage.get(t), mutant)) }));
  });
  console.log(`${queue.length} mutants to run (${done.size} done before), ${jobs} at a time; results in ${resultsFile}`);
  let next = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    const copy = makeCopy();
    try {
      while (next < queue.length) {
        const { mutant, tests } = queue[next++];
        const original = texts.get(mutant.file)!;
        let compiles = true;
        try {
          compileInto(copy, mutant.file, apply(original, mutant));
        } catch {
          // A replacement esbuild rejects (e.g. ++ on a literal) is no mutant.
          compiles = false;
        }
        let outcome: Outcome = { ...mutant, status: tests.length > 0 ? 'survived' : 'uncovered' };
        try {
          for (const test of compiles ? tests : []) {
            // Generous: the machine is shared and its speed varies.
            const run = await runTestFile(copy, test, 15 + 3 * seconds.get(test)!);
            if (run.timedOut) outcome = { ...mutant, status: 'timeout', by: test };
            else if (run.failed) outcome = { ...mutant, status: 'killed', by: test };
            if (outcome.status !== 'survived') break;
          }
        } finally {
          compileInto(copy, mutant.file, original);
        }
        if (!compiles) continue;
        appendFileSync(resultsFile, `${JSON.stringify(outcome)}\n`);
        finished++;
        if (outcome.status === 'survived' || outcome.status === 'uncovered' || finished % 25 === 0) {
          console.log(`[${finished}/${queue.length}] ${outcome.status} ${mutant.file}:${mutant.line} ${mutant.original} → ${mutant.replacement}`);
        }
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  console.log(summary(latestOutcomes([resultsFile])));
}

/** The outcomes recorded in `files`, the last one per mutant. */
function latestOutcomes(files: readonly string[]): Outcome[] {
  const latest = new Map<string, Outcome>();
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const outcome = JSON.parse(line) as Outcome;
      latest.set(mutantKey(outcome), outcome);
    }
  }
  return [...latest.values()];
}

/** Killed, timed out and survived mutants per folder, and the score (killed + timeout) / all. */
export function summary(outcomes: readonly Outcome[]): string {
  const rows = new Map<string, Record<Status, number>>();
  for (const o of outcomes) {
    const folder = path.posix.dirname(o.file);
    const row = rows.get(folder) ?? { killed: 0, timeout: 0, survived: 0, uncovered: 0 };
    row[o.status]++;
    rows.set(folder, row);
  }
  const lines = ['| folder | mutants | killed | timeout | survived | no test runs it | score |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const [folder, row] of [...rows].sort()) {
    const total = row.killed + row.timeout + row.survived + row.uncovered;
    const score = (((row.killed + row.timeout) / total) * 100).toFixed(1);
    lines.push(`| ${folder} | ${total} | ${row.killed} | ${row.timeout} | ${row.survived} | ${row.uncovered} | ${score} % |`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
