/**
 * Folder discovery as a stream: the files to read and the entries set aside, one at a time, depth first in name
 * order. Memory holds one folder listing per level and the real path of each folder seen, never a list of files.
 */
import { promises as fs, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { throwIfAborted } from '../control';
import { tooLargeDetail } from './fromBytes';
import { ignoringRule, rootIgnoreScope, subfolderScope, withGitignore, type IgnoreScope } from './ignoreRules';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_INCLUDE_GLOBS, DEFAULT_MAX_FILE_BYTES, GENERATED_FOLDER_NAMES, type DiscoveryOptions } from './options';
import type { SkipReason, SkippedFile } from './types';
import { causeOfErrno, nonFileKind, notRegularFileDetail, unreadableDetail } from './unreadable';

export type DiscoveredEntry =
  | {
      readonly kind: 'file';
      /** Relative to the root, forward slashes. */
      readonly path: string;
      readonly absolutePath: string;
      readonly bytes: number;
    }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile };

/**
 * Dependency folders nest (node_modules/a/node_modules/b): when the root is one of them or lies inside one, the
 * nested ones are part of what was asked for.
 */
const NESTING_DEPENDENCY_FOLDERS = ['node_modules', 'bower_components', 'jspm_packages'];

/** Throws when the root is not a readable folder; everything below it is reported, never thrown. */
export async function* discoverFiles(root: string, options: DiscoveryOptions = {}, signal?: AbortSignal): AsyncGenerator<DiscoveredEntry, void, undefined> {
  const rootPath = path.resolve(root);
  const rootReal = await fs.realpath(rootPath);
  if (!(await fs.stat(rootReal)).isDirectory()) throw new Error(`Not a folder: ${root}`);

  const isIncluded = picomatch([...(options.include ?? DEFAULT_INCLUDE_GLOBS)], { dot: true, nocase: true });
  const excludes = (options.exclude ?? DEFAULT_EXCLUDE_GLOBS).map((glob) => ({ glob, matches: picomatch(glob, { dot: true, nocase: true }) }));
  const excludedBy = (rel: string) => excludes.find((exclude) => exclude.matches(rel))?.glob ?? null;
  const rootFolders = new Set([...rootPath.split(path.sep), ...rootReal.split(path.sep)]);
  const generated = new Set(GENERATED_FOLDER_NAMES.filter((name) => !(NESTING_DEPENDENCY_FOLDERS.includes(name) && rootFolders.has(name))));
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxFiles = options.maxFiles ?? Infinity;
  const insideRoot = (real: string) => real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
  /** Real path → the relative path it was first scanned under: ends symlink loops and duplicate subtrees. */
  const scannedFolders = new Map<string, string>([[rootReal, '.']]);
  let filesFound = 0;
  let stopped = false;

  const skip = (rel: string, reason: SkipReason, detail: string): DiscoveredEntry => ({ kind: 'skipped', skipped: { path: rel, reason, detail } });

  async function* walk(folder: string, folderReal: string, folderRel: string, outerScope: IgnoreScope): AsyncGenerator<DiscoveredEntry, void, undefined> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (folderRel === '') throw error;
      yield skip(folderRel, 'unreadable', `The folder could not be listed (${errorCode(error)}).`);
      return;
    }
    // Code-unit order, not locale order: the same tree gives the same document order everywhere.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let scope = outerScope;
    if (entries.some((entry) => entry.name === '.gitignore')) {
      const text = await fs.readFile(path.join(folder, '.gitignore'), 'utf8').catch(() => null);
      if (text !== null) scope = withGitignore(scope, text, join(folderRel, '.gitignore'));
    }

    for (const entry of entries) {
      throwIfAborted(signal);
      const rel = join(folderRel, entry.name);
      const absolute = path.join(folder, entry.name);
      let real = path.join(folderReal, entry.name);
      let linked: Stats | null = null;
      if (entry.isSymbolicLink()) {
        try {
          real = await fs.realpath(absolute);
          linked = await fs.stat(real);
        } catch (error) {
          const code = errorCode(error);
          const why = code === 'ENOENT' ? 'whose target is missing' : code === 'ELOOP' ? 'that loops back on itself' : `that cannot be followed (${code})`;
          if (isIncluded(rel)) yield skip(rel, 'unreadable', `It is a symbolic link ${why}.`);
          continue;
        }
        if (!insideRoot(real) && (linked.isDirectory() || isIncluded(rel))) {
          yield skip(rel, 'ignored', `It is a symbolic link to ${real}, outside the scanned folder.`);
          continue;
        }
      }
      const isFolder = linked ? linked.isDirectory() : entry.isDirectory();
      const isFile = linked ? linked.isFile() : entry.isFile();

      if (isFolder) {
        if (generated.has(entry.name)) {
          yield skip(rel, 'generated-folder', `The "${entry.name}" folder holds generated or vendored files.`);
          continue;
        }
        const excluded = excludedBy(rel);
        if (excluded !== null) {
          yield skip(rel, 'ignored', `The folder matches the exclude pattern "${excluded}".`);
          continue;
        }
        const rule = ignoringRule(scope, entry.name, true);
        if (rule !== null) {
          yield skip(rel, 'ignored', `The folder is ignored by ${rule}.`);
          continue;
        }
        const scannedAs = scannedFolders.get(real);
        if (scannedAs !== undefined) {
          yield skip(rel, 'ignored', `It is the folder "${scannedAs}" again (through a symbolic link), which is scanned once.`);
          continue;
        }
        scannedFolders.set(real, rel);
        yield* walk(absolute, real, rel, subfolderScope(scope, entry.name));
        if (stopped) return;
      } else if (!isFile && isIncluded(rel)) {
        // A named pipe, socket or device under a document's name: reading it could block or never end.
        const kind = nonFileKind(linked ?? entry);
        if (kind !== null) yield skip(rel, 'ignored', notRegularFileDetail(kind));
      } else if (isFile && isIncluded(rel)) {
        const excluded = excludedBy(rel);
        if (excluded !== null) {
          yield skip(rel, 'ignored', `The file matches the exclude pattern "${excluded}".`);
          continue;
        }
        const rule = ignoringRule(scope, entry.name, false);
        if (rule !== null) {
          yield skip(rel, 'ignored', `The file is ignored by ${rule}.`);
          continue;
        }
        let stats: Stats;
        try {
          stats = linked ?? (await fs.stat(absolute));
        } catch (error) {
          const code = errorCode(error);
          yield skip(rel, 'unreadable', unreadableDetail(causeOfErrno(code), code));
          continue;
        }
        // The listing can be older than the file: it may have become a folder or a pipe since.
        const kind = nonFileKind(stats);
        if (kind !== null) {
          yield skip(rel, 'unreadable', notRegularFileDetail(kind));
          continue;
        }
        const bytes = stats.size;
        if (bytes > maxFileBytes) {
          yield skip(rel, 'too-large', tooLargeDetail(bytes, maxFileBytes));
          continue;
        }
        if (filesFound >= maxFiles) {
          yield skip(rel, 'limit', `Reading stopped at the limit of ${maxFiles} files: this file and the rest of the folder were not read.`);
          stopped = true;
          return;
        }
        filesFound++;
        yield { kind: 'file', path: rel, absolutePath: absolute, bytes };
      }
    }
  }

  yield* walk(rootPath, rootReal, '', await rootIgnoreScope(rootReal));
}

function join(folderRel: string, name: string): string {
  return folderRel === '' ? name : `${folderRel}/${name}`;
}

export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
