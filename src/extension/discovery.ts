/**
 * Which files of a folder to analyse: the include globs, minus `files.exclude`, `search.exclude` and `.gitignore`,
 * capped at `topicLens.maxFiles`. Works on any file system (virtual workspaces) through `workspace.findFiles`.
 */
import * as vscode from 'vscode';
import { GENERATED_FOLDER_NAMES } from '../core/documents/options';
import type { TopicLensSettings } from './config';
import { gitignoreMatcher, type GitignoreFile } from '../core/documents/ignoreRules';
import { combinedGlob, createPathMatcher, enabledExcludePatterns, relativeUriPath, type ExcludeSetting } from './excludes';

export interface DiscoveredFiles {
  /** Sorted by path, at most `maxFiles`. */
  readonly files: readonly vscode.Uri[];
  /** How many files the include globs matched before the limit (a lower bound when `limitHit`). */
  readonly matched: number;
  readonly limitHit: boolean;
  /** How many matches `.gitignore` or an exclude pattern with braces removed after `findFiles`. */
  readonly ignored: number;
}

/** findFiles walks at most this many matches per run, so a huge tree cannot stall the extension host. */
const SEARCH_CAP_FACTOR = 2;

/**
 * The user's exclude settings plus the generated/vendored folders the core reader skips too (node_modules,
 * dist…), unless the scanned folder itself lies in one: then the user asked for it explicitly.
 */
function excludePatterns(workspaceFolder: vscode.WorkspaceFolder, folderPath: string): string[] {
  const files = vscode.workspace.getConfiguration('files', workspaceFolder.uri).get<ExcludeSetting>('exclude');
  const search = vscode.workspace.getConfiguration('search', workspaceFolder.uri).get<ExcludeSetting>('exclude');
  const insideGenerated = folderPath.split('/').some((segment) => GENERATED_FOLDER_NAMES.includes(segment));
  const generated = insideGenerated ? [] : GENERATED_FOLDER_NAMES.map((name) => `**/${name}`);
  return [...new Set([...enabledExcludePatterns(files, search), ...generated])];
}

/** `.gitignore` files of the workspace folder that can apply to `folder`: above it or inside it. */
async function readGitignores(
  workspaceFolder: vscode.WorkspaceFolder,
  folderPath: string,
  exclude: string | undefined,
  token: vscode.CancellationToken,
): Promise<GitignoreFile[]> {
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(workspaceFolder, '**/.gitignore'), exclude ?? null, undefined, token);
  const isSelfOrInside = (inner: string, outer: string) => outer === '' || inner === outer || inner.startsWith(`${outer}/`);
  const files = await Promise.all(
    found.map(async (uri): Promise<GitignoreFile | undefined> => {
      const dir = relativeUriPath(workspaceFolder.uri.path, uri.path)?.replace(/\/?\.gitignore$/, '');
      if (dir === undefined || !(isSelfOrInside(folderPath, dir) || isSelfOrInside(dir, folderPath))) return undefined;
      try {
        return { folder: dir, content: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
      } catch {
        return undefined; // an unreadable .gitignore ignores nothing
      }
    }),
  );
  return files.filter((f): f is GitignoreFile => f !== undefined);
}

/** Include globs grouped so each findFiles call gets one pattern: brace-free globs share one `{a,b}` group. */
function includeGroups(include: readonly string[]): string[] {
  const braced = include.filter((g) => /[{},]/.test(g));
  const grouped = combinedGlob(include);
  return grouped === undefined ? braced : [grouped, ...braced];
}

/** The workspace folder that holds `folder`, and where `folder` is in it. */
function locate(folder: vscode.Uri): { root: vscode.WorkspaceFolder; folderPath: string } {
  // A folder outside the workspace (e.g. from the API) has no workspace settings: its own root stands in.
  const root: vscode.WorkspaceFolder = vscode.workspace.getWorkspaceFolder(folder) ?? { uri: folder, name: folder.path, index: 0 };
  return { root, folderPath: relativeUriPath(root.uri.path, folder.path) ?? '' };
}

/**
 * Whether a file under `folder` is left out by the exclude settings or the generated-folder rule, as
 * `discoverFiles` decides (without reading `.gitignore` files: a quick filter for file-watcher events).
 */
export function excludedFileFilter(folder: vscode.Uri): (uri: vscode.Uri) => boolean {
  const { root, folderPath } = locate(folder);
  const isExcluded = createPathMatcher(excludePatterns(root, folderPath));
  return (uri) => {
    const relative = relativeUriPath(root.uri.path, uri.path);
    return relative === undefined || isExcluded(relative);
  };
}

/** The rules of `discoverFiles` for a folder: the exclude glob for findFiles, and which root-relative paths stay. */
async function folderRules(folder: vscode.Uri, token: vscode.CancellationToken) {
  const { root, folderPath } = locate(folder);
  const patterns = excludePatterns(root, folderPath);
  const exclude = combinedGlob(patterns);
  const isExcluded = createPathMatcher(patterns);
  const useIgnoreFiles = vscode.workspace.getConfiguration('search', root.uri).get<boolean>('useIgnoreFiles', true);
  const isGitignored = useIgnoreFiles ? gitignoreMatcher(await readGitignores(root, folderPath, exclude, token)) : () => false;
  return { root, exclude, keeps: (relative: string) => !isExcluded(relative) && !isGitignored(relative) };
}

/**
 * Whether a file under `folder` is analysed, as `discoverFiles` decides (include globs aside: file watchers are made
 * of those): for files a watcher reports, without a search of the whole folder.
 */
export async function includedFileFilter(folder: vscode.Uri, token: vscode.CancellationToken): Promise<(uri: vscode.Uri) => boolean> {
  const { root, keeps } = await folderRules(folder, token);
  return (uri) => {
    const relative = relativeUriPath(root.uri.path, uri.path);
    return relative !== undefined && keeps(relative);
  };
}

export async function discoverFiles(folder: vscode.Uri, settings: TopicLensSettings, token: vscode.CancellationToken): Promise<DiscoveredFiles> {
  const { root, exclude, keeps } = await folderRules(folder, token);
  const cap = settings.maxFiles * SEARCH_CAP_FACTOR + 1;
  const seen = new Map<string, vscode.Uri>();
  let capped = false;
  for (const glob of includeGroups(settings.include)) {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), exclude ?? null, cap, token);
    if (found.length >= cap) capped = true;
    for (const uri of found) seen.set(uri.toString(), uri);
  }
  if (token.isCancellationRequested) throw new vscode.CancellationError();

  const kept: { path: string; uri: vscode.Uri }[] = [];
  for (const uri of seen.values()) {
    const relative = relativeUriPath(root.uri.path, uri.path);
    if (relative === undefined || !keeps(relative)) continue;
    kept.push({ path: relative, uri });
  }
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files: kept.slice(0, settings.maxFiles).map((f) => f.uri),
    matched: kept.length,
    limitHit: capped || kept.length > settings.maxFiles,
    ignored: seen.size - kept.length,
  };
}
