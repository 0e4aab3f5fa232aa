/**
 * Which files link to which, and which links point nowhere. Relative targets resolve against the linking file's
 * folder ("/…" against the scanned folder), anchors and queries are stripped, and a target without an extension
 * may name a page (".md", ".rst", ".adoc"…) or a folder's index page, as documentation generators allow.
 */
import picomatch from 'picomatch';
import { isExternal, type FileLinks, type Link } from './links';

export interface LinkCheckInput {
  /** Every scanned file (path relative to the root, forward slashes) with its links. */
  readonly files: ReadonlyMap<string, FileLinks>;
  /** Other paths known to exist (files the scan set aside). */
  readonly known: ReadonlySet<string>;
  /** Whether a path relative to the root exists on disk; undefined when that cannot be told. */
  readonly exists?: (path: string) => boolean | undefined;
}

export interface BrokenLink {
  readonly from: string;
  readonly line: number;
  /** The target as written. */
  readonly target: string;
  readonly kind: Link['kind'];
}

export interface LinkReport {
  /** For every scanned file: how many other scanned files link to it. */
  readonly incoming: ReadonlyMap<string, number>;
  readonly broken: readonly BrokenLink[];
  /** Scanned files with at least one link to another scanned file. */
  readonly linkingFiles: number;
}

/** Labels Sphinx defines itself. */
const SPHINX_LABELS = new Set(['genindex', 'modindex', 'py-modindex', 'search']);
const PAGE_EXTENSIONS = ['.md', '.mdx', '.markdown', '.rst', '.adoc', '.asciidoc', '.txt', '.org'];
const INDEX_PAGES = ['index.md', 'README.md', 'readme.md', 'index.rst', 'index.adoc', '_index.md'];
const SPHINX_SOURCE_SUFFIXES = ['.rst', '.md', '.txt', '.rst.txt'];

/** Joins and normalises a relative path; null when it climbs above the root. */
export function joinPath(folder: string, relative: string): string | null {
  const parts = folder === '' ? [] : folder.split('/');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function hasExtension(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.lastIndexOf('.') > 0;
}

function decode(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

export function checkLinks(input: LinkCheckInput): LinkReport {
  const labelFile = new Map<string, string>();
  for (const [path, file] of input.files) for (const label of file.labels) if (!labelFile.has(label)) labelFile.set(label, path);
  const definesLabels = labelFile.size > 0;

  /** 'scanned' (and which file), 'exists' (not a scanned file), 'missing', or 'unknown'. */
  const locate = (candidates: readonly string[]): { state: 'scanned'; path: string } | { state: 'exists' | 'missing' | 'unknown' } => {
    let unknown = false;
    for (const candidate of candidates) if (input.files.has(candidate)) return { state: 'scanned', path: candidate };
    for (const candidate of candidates) {
      if (input.known.has(candidate)) return { state: 'exists' };
      const exists = input.exists?.(candidate);
      if (exists) return { state: 'exists' };
      if (exists === undefined) unknown = true;
    }
    return { state: unknown ? 'unknown' : 'missing' };
  };

  const incomingFrom = new Map<string, Set<string>>();
  for (const path of input.files.keys()) incomingFrom.set(path, new Set());
  const broken: BrokenLink[] = [];
  const reported = new Set<string>();
  const linking = new Set<string>();
  const linkTo = (from: string, to: string) => {
    if (to === from) return;
    incomingFrom.get(to)!.add(from);
    linking.add(from);
  };

  for (const [from, file] of input.files) {
    const folder = folderOf(from);
    const isAsciidoc = /\.(adoc|asciidoc)$/i.test(from);
    for (const link of file.links) {
      const found = resolve(link, folder);
      if (found === null) continue;
      if (found === 'label') {
        const target = labelFile.get(link.target);
        if (target) linkTo(from, target);
        // Undefined AsciiDoc ids may come from attributes or other documents: only reST labels are judged.
        else if (!isAsciidoc && definesLabels && !SPHINX_LABELS.has(link.target) && !link.target.includes(':')) report(from, link);
        continue;
      }
      const located = locate(found);
      if (located.state === 'scanned') linkTo(from, located.path);
      else if (located.state === 'missing') report(from, link);
    }
    for (const pattern of file.globs) {
      const matches = picomatch(joinPath(folder, pattern) ?? pattern);
      for (const path of input.files.keys()) if (matches(path.replace(/\.[^./]+$/, ''))) linkTo(from, path);
    }
  }

  function report(from: string, link: Link): void {
    const key = `${from}\0${link.line}\0${link.target}`;
    if (reported.has(key)) return;
    reported.add(key);
    broken.push({ from, line: link.line, target: link.target, kind: link.kind });
  }

  /** The paths a link may name, in order of preference; 'label' for labels; null when not checked. */
  function resolve(link: Link, folder: string): readonly string[] | 'label' | null {
    if (link.kind === 'label') return 'label';
    const bare = decode(link.target.split('#')[0].split('?')[0]).replace(/\\/g, '/');
    if (bare === '' || isExternal(link.target)) return null;
    const path = bare.startsWith('/') ? joinPath('', bare) : joinPath(folder, bare);
    if (path === null) return null;
    if (link.kind === 'doc') return SPHINX_SOURCE_SUFFIXES.map((suffix) => path + suffix).concat(path);
    if (path === '' || bare.endsWith('/')) return INDEX_PAGES.map((page) => joinPath(path, page)!).concat(path);
    if (hasExtension(path)) return [path];
    return [path, ...PAGE_EXTENSIONS.map((extension) => path + extension), ...INDEX_PAGES.map((page) => `${path}/${page}`)];
  }

  const incoming = new Map<string, number>();
  for (const [path, from] of incomingFrom) incoming.set(path, from.size);
  return { incoming, broken, linkingFiles: linking.size };
}
