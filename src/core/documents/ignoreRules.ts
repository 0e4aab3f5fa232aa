/**
 * .gitignore rules as git applies them: every level's .gitignore (a deeper file wins over a shallower one, `!pattern`
 * re-includes, and a file only speaks about its own subtree), the enclosing repository's .git/info/exclude, and the
 * .gitignore files between the repository's top and the scanned root. The CLI's folder walk builds the rules level
 * by level (`withGitignore`); the editor, which finds its .gitignore files through VS Code, uses `gitignoreMatcher`
 * over the same rules, so both pick the same files from the same folder.
 */
import ignore, { type Ignore } from 'ignore';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The rules in force for the entries of one folder. */
export interface IgnoreScope {
  /** Every rule that applies here, rewritten relative to the top folder; null when there are none. */
  readonly rules: Ignore | null;
  /** This folder relative to the top folder: '' or 'a/b/'. */
  readonly base: string;
}

/** Git's default: case-insensitive matching where the file system is. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/**
 * The scope at the scanned root, before its own .gitignore: the rules from above it. A root that those rules
 * ignore (a `node_modules` scanned on purpose) was chosen explicitly, so they are dropped for it.
 */
export async function rootIgnoreScope(root: string): Promise<IgnoreScope> {
  const top = await repositoryTop(root);
  if (top === null) return { rules: null, base: '' };
  const exclude = await readOptional(path.join(top, '.git', 'info', 'exclude'));
  let scope: IgnoreScope = { rules: null, base: '' };
  if (exclude !== null) scope = withGitignore(scope, exclude, posixRelative(root, path.join(top, '.git', 'info', 'exclude')));
  const between = path.relative(top, root).split(path.sep).filter(Boolean);
  let folder = top;
  for (const name of between) {
    const text = await readOptional(path.join(folder, '.gitignore'));
    if (text !== null) scope = withGitignore(scope, text, posixRelative(root, path.join(folder, '.gitignore')));
    scope = subfolderScope(scope, name);
    folder = path.join(folder, name);
  }
  if (scope.base !== '' && scope.rules?.test(scope.base).ignored) return { rules: null, base: scope.base };
  return scope;
}

/** A .gitignore file's text and the folder it sits in, relative to the top folder ('' = the top itself). */
export interface GitignoreFile {
  readonly folder: string;
  readonly content: string;
}

/** Whether the .gitignore files ignore a path relative to the top folder (or a folder above it). */
export function gitignoreMatcher(files: readonly GitignoreFile[]): (relativePath: string) => boolean {
  // Shallower files first: a rule added later wins, as a deeper .gitignore wins in git.
  const byDepth = files
    .map((file) => ({ ...file, folder: file.folder.replace(/\/+$/, '') }))
    .sort((a, b) => depth(a.folder) - depth(b.folder) || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  let rules: Ignore | null = null;
  for (const file of byDepth) {
    const base = file.folder === '' ? '' : `${file.folder}/`;
    rules = withGitignore({ rules, base }, file.content, `${base}.gitignore`).rules;
  }
  return (relativePath) => rules !== null && rules.ignores(relativePath);
}

function depth(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}

/** The scope of a subfolder, before its own .gitignore. */
export function subfolderScope(scope: IgnoreScope, name: string): IgnoreScope {
  // A fresh matcher per folder (rules are shared, not copied): its result cache then dies with the folder.
  return { rules: scope.rules && ignore({ ignoreCase: IGNORE_CASE }).add(scope.rules), base: `${scope.base}${name}/` };
}

/** Adds the rules of a .gitignore in the scope's folder; `source` names that file in skip messages. */
export function withGitignore(scope: IgnoreScope, text: string, source: string): IgnoreScope {
  const rules = rebasedRules(text, scope.base, source);
  if (rules.length === 0) return scope;
  return {
    rules: ignore({ ignoreCase: IGNORE_CASE })
      .add(scope.rules ?? [])
      .add(rules),
    base: scope.base,
  };
}

/** The rule that ignores an entry of the scope's folder, as `"pattern" in file`, or null when none does. */
export function ignoringRule(scope: IgnoreScope, name: string, isFolder: boolean): string | null {
  if (!scope.rules) return null;
  const result = scope.rules.test(`${scope.base}${name}${isFolder ? '/' : ''}`);
  return result.ignored ? (result.rule?.mark ?? `"${result.rule?.pattern}"`) : null;
}

/**
 * A .gitignore's patterns rewritten relative to the top folder: a pattern with a slash before its end is
 * anchored to the file's folder, one without matches at any depth below it.
 */
function rebasedRules(text: string, base: string, source: string): Array<{ pattern: string; mark: string }> {
  const rules: Array<{ pattern: string; mark: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const body = negated ? line.slice(1) : line;
    const core = body.trimEnd().replace(/\/+$/, '');
    if (core.replace(/^\/+/, '') === '') continue;
    const rebased = base === '' ? body : core.includes('/') ? base + body.replace(/^\/+/, '') : `${base}**/${body}`;
    rules.push({ pattern: `${negated ? '!' : ''}${rebased}`, mark: `"${line.trim()}" in ${source}` });
  }
  return rules;
}

/** The nearest folder at or above `folder` that holds a `.git`, or null outside any repository. */
async function repositoryTop(folder: string): Promise<string | null> {
  for (let current = folder; ; current = path.dirname(current)) {
    if (await exists(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return null;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function readOptional(file: string): Promise<string | null> {
  return fs.readFile(file, 'utf8').catch(() => null);
}

function posixRelative(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}
