/**
 * Exclusion rules for file discovery, as pure functions (no `vscode`): `workspace.findFiles` applies only one
 * exclude glob, so `files.exclude` and `search.exclude` are merged here (`.gitignore` files are matched by the
 * core's `gitignoreMatcher`, the same rules the CLI applies).
 */
import picomatch from 'picomatch';

/** A `files.exclude`/`search.exclude` value: `true`, or `{ when: "$(basename).ts" }` for sibling rules. */
export type ExcludeSetting = Readonly<Record<string, unknown>>;

/** The patterns switched on (`true`) in exclude settings. Sibling rules (`{ when }`) are left out: they need the folder listing. */
export function enabledExcludePatterns(...settings: (ExcludeSetting | undefined)[]): string[] {
  const patterns = new Set<string>();
  for (const setting of settings) {
    for (const [pattern, value] of Object.entries(setting ?? {})) if (value === true && pattern.trim() !== '') patterns.add(pattern.trim());
  }
  return [...patterns];
}

/**
 * One glob for `findFiles`' exclude argument, so excluded folders (node_modules…) are never walked.
 * Patterns with their own braces or commas cannot be nested in a group; they are left to `createPathMatcher`.
 */
export function combinedGlob(patterns: readonly string[]): string | undefined {
  const simple = patterns.filter((p) => !/[{},]/.test(p));
  if (simple.length === 0) return undefined;
  return simple.length === 1 ? simple[0] : `{${simple.join(',')}}`;
}

/** Every ancestor folder of a relative path, then the path itself: `a/b/c.md` → `a`, `a/b`, `a/b/c.md`. */
function pathAndAncestors(relativePath: string): string[] {
  const parts = relativePath.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Matches a workspace-relative path (forward slashes) against VS Code-style globs. As in VS Code, a pattern
 * that matches a folder excludes everything inside it.
 */
export function createPathMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch(patterns as string[], { dot: true });
  return (relativePath) => pathAndAncestors(relativePath).some((p) => isMatch(p));
}

/** Posix path of `child` relative to `parent` (both URI paths), or undefined when it is not inside. */
export function relativeUriPath(parent: string, child: string): string | undefined {
  const base = parent.endsWith('/') ? parent : `${parent}/`;
  if (!child.startsWith(base)) return undefined;
  return child.slice(base.length);
}
