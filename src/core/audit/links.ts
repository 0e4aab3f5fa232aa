/**
 * Links between documents, as each markup writes them, read from a file's lines (code blocks and inline code
 * skipped):
 * - Markdown: inline links and images `[text](target)`, reference definitions `[ref]: target`, HTML `href`/`src`;
 * - reStructuredText: `:doc:`, `:ref:` (labels), `:download:`, `` `text <target>`_ ``, `.. include::` (and
 *   literalinclude, image, figure), toctree entries, hyperlink targets `.. _name: target`; labels `.. _name:`;
 * - AsciiDoc: `xref:`, `<<id>>`, `include::`, `image::`, `link:`; anchors `[[id]]`, `[#id]`, and section ids;
 * - Org: `[[file:target]]`.
 * External links (with a scheme) are left out; what a relative target names is decided in linkGraph.ts.
 */
import { isBlank, textStructure, type TextFormat } from '../documents/structure';

export type LinkKind =
  /** A path relative to the linking file (or to the root when it starts with "/"), maybe with an anchor. */
  | 'path'
  /** A Sphinx document name (no extension), relative to the linking file or to the root. */
  | 'doc'
  /** A reStructuredText label or an AsciiDoc id, defined somewhere in the tree. */
  | 'label';

export interface Link {
  readonly kind: LinkKind;
  readonly target: string;
  /** 1-based line of the linking file. */
  readonly line: number;
}

export interface FileLinks {
  readonly links: readonly Link[];
  /** Labels (reST) and ids (AsciiDoc) the file defines, lower-cased. */
  readonly labels: readonly string[];
  /** Toctree glob patterns (document names relative to the file), which link every document they match. */
  readonly globs: readonly string[];
}

const SCHEME = /^[a-z][a-z0-9+.-]*:|^\/\//i;
const INLINE_CODE = /(`+)(?:(?!\1)[^\n])*?\1/g;

/** External targets (a scheme, or protocol-relative) are not checked. */
export function isExternal(target: string): boolean {
  return SCHEME.test(target);
}

/** Blanks out a line's inline code, keeping its length (so that nothing inside counts as a link). */
function withoutInlineCode(line: string): string {
  return line.replace(INLINE_CODE, (code) => ' '.repeat(code.length));
}

export function extractLinks(lines: readonly string[], format: TextFormat): FileLinks {
  switch (format) {
    case 'markdown':
      return markdownLinks(lines);
    case 'rst':
      return rstLinks(lines);
    case 'asciidoc':
      return asciidocLinks(lines);
    case 'org':
      return orgLinks(lines);
    case 'plain':
      return { links: [], labels: [], globs: [] };
  }
}

function unbracket(target: string): string {
  const trimmed = target.trim();
  return trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1) : trimmed;
}

// ---- Markdown ----

const MD_INLINE = /!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+)/g;
const MD_DEFINITION = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:\s*(<[^>\n]*>|\S+)/;
const HTML_LINK = /<(?:a|img|link|source|iframe)\b[^>]*?\b(?:href|src)\s*=\s*("[^"]*"|'[^']*')/gi;

function markdownLinks(lines: readonly string[]): FileLinks {
  const { verbatim } = textStructure(lines, 'markdown');
  const links: Link[] = [];
  lines.forEach((raw, i) => {
    if (verbatim[i] || (!raw.includes('](') && !raw.includes(']:') && !raw.includes('<'))) return;
    const line = withoutInlineCode(raw);
    const add = (target: string) => links.push({ kind: 'path', target: unbracket(target), line: i + 1 });
    for (const match of line.matchAll(MD_INLINE)) add(match[1]);
    const definition = MD_DEFINITION.exec(line);
    if (definition) add(definition[1]);
    for (const match of line.matchAll(HTML_LINK)) add(match[1].slice(1, -1));
  });
  return { links, labels: [], globs: [] };
}

// ---- reStructuredText ----

const RST_ROLE = /:(doc|ref|download|numref|any):`((?:[^`\\]|\\.)+)`/g;
const RST_EMBEDDED = /`(?:[^`<\\]|\\.)*<([^>`]+)>`__?/g;
const RST_DIRECTIVE = /^\s*\.\.\s+(include|literalinclude|image|figure|toctree)::\s*(.*)$/;
/** `.. _name:` (a label) or `.. _name: target`, also as the first thing of a list item. */
const RST_TARGET = /^\s*(?:[-*+]\s+|\d+\.\s+)?\.\.\s+_([^:`]+|`[^`]+`):\s*(.*)$/;

/** `Title <target>` → target; plain `target` → target. */
function roleTarget(content: string): string {
  const explicit = /<([^<>]+)>\s*$/.exec(content);
  return (explicit ? explicit[1] : content).trim().replace(/^~/, '');
}

function rstLinks(lines: readonly string[]): FileLinks {
  const links: Link[] = [];
  const labels: string[] = [];
  const globs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('`') && !line.includes('..')) continue;
    const directive = RST_DIRECTIVE.exec(line);
    if (directive) {
      const [, name, argument] = directive;
      if (name === 'toctree') i = toctreeEntries(lines, i, links, globs);
      else if (argument.trim() !== '' && !/^<.*>$/.test(argument.trim())) links.push({ kind: 'path', target: argument.trim(), line: i + 1 });
      continue;
    }
    const target = RST_TARGET.exec(line);
    if (target) {
      const name = target[1].replace(/^`|`$/g, '');
      const destination = target[2].trim();
      if (destination === '') labels.push(name.toLowerCase());
      else if (!destination.endsWith('_')) links.push({ kind: 'path', target: destination, line: i + 1 });
      continue;
    }
    if (!line.includes('`')) continue;
    for (const match of line.matchAll(RST_ROLE)) {
      const [, role, content] = match;
      const value = roleTarget(content);
      if (role === 'doc') links.push({ kind: 'doc', target: value, line: i + 1 });
      else if (role === 'download') links.push({ kind: 'path', target: value, line: i + 1 });
      else if (role === 'ref' || role === 'numref') links.push({ kind: 'label', target: value.toLowerCase(), line: i + 1 });
    }
    const outsideRoles = line.replace(RST_ROLE, '');
    for (const match of outsideRoles.matchAll(RST_EMBEDDED)) {
      const value = match[1].trim();
      // `text <name_>`_ refers to a named target, not to a file.
      if (!value.endsWith('_')) links.push({ kind: 'path', target: value, line: i + 1 });
    }
  }
  return { links, labels, globs };
}

/** Reads a toctree's options and entries after line `start`; returns the last line of the directive. */
function toctreeEntries(lines: readonly string[], start: number, links: Link[], globs: string[]): number {
  const indent = /^\s*/.exec(lines[start])![0].length;
  let glob = false;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    if (/^\s*/.exec(line)![0].length <= indent) break;
    const entry = line.trim();
    if (entry.startsWith(':')) {
      if (/^:glob:/.test(entry)) glob = true;
      continue;
    }
    const target = roleTarget(entry);
    if (target === 'self' || isExternal(target)) continue;
    if (glob && /[*?[]/.test(target)) globs.push(target);
    else links.push({ kind: 'doc', target, line: i + 1 });
  }
  return i - 1;
}

// ---- AsciiDoc ----

const ADOC_XREF = /xref:([^\s[\]]+)\[/g;
const ADOC_CROSS = /<<([^,>]+)(?:,[^>]*)?>>/g;
const ADOC_MACRO = /\b(?:include|image|link)::?([^\s[\]]+)\[/g;
const ADOC_ANCHORS =
  /\[\[([A-Za-z_:][\w:.-]*)(?:,[^\]]*)?\]\]|\[#([A-Za-z_:][\w:.-]*)[\].,%]|\banchor:([A-Za-z_:][\w:.-]*)\[|\[\s*id\s*=\s*"?([A-Za-z_:][\w:.-]*)/g;
const ADOC_SECTION = /^={1,6}[ \t]+(\S.*?)(?:[ \t]+=+)?[ \t]*$/;

/** An AsciiDoc target: a file (it has a path or an extension, maybe with #id) or an id in the tree. */
function asciidocTarget(target: string, line: number): Link | null {
  if (target.includes('{')) return null;
  const [file] = target.split('#');
  if (file === '') return { kind: 'label', target: target.slice(1).toLowerCase(), line };
  return /[/.]/.test(file) ? { kind: 'path', target, line } : { kind: 'label', target: target.toLowerCase(), line };
}

/** Asciidoctor's automatic section id: "_" + the title in lower case, runs of other characters as "_". */
function sectionId(title: string): string {
  return `_${title
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')}`;
}

function asciidocLinks(lines: readonly string[]): FileLinks {
  const { verbatim } = textStructure(lines, 'asciidoc');
  const links: Link[] = [];
  const labels: string[] = [];
  lines.forEach((raw, i) => {
    if (verbatim[i]) return;
    const section = ADOC_SECTION.exec(raw);
    if (section) labels.push(sectionId(section[1]));
    if (!raw.includes('[') && !raw.includes('<<')) return;
    const line = withoutInlineCode(raw);
    const add = (link: Link | null) => link && !isExternal(link.target) && links.push(link);
    for (const match of line.matchAll(ADOC_XREF)) add(asciidocTarget(match[1], i + 1));
    for (const match of line.matchAll(ADOC_CROSS)) add(asciidocTarget(match[1].trim(), i + 1));
    for (const match of line.matchAll(ADOC_MACRO)) add(match[1].includes('{') ? null : { kind: 'path', target: match[1], line: i + 1 });
    for (const match of line.matchAll(ADOC_ANCHORS)) labels.push((match[1] ?? match[2] ?? match[3] ?? match[4]).toLowerCase());
  });
  return { links, labels, globs: [] };
}

// ---- Org ----

const ORG_LINK = /\[\[file:([^\]]+)\](?:\[[^\]]*\])?\]/g;

function orgLinks(lines: readonly string[]): FileLinks {
  const { verbatim } = textStructure(lines, 'org');
  const links: Link[] = [];
  lines.forEach((line, i) => {
    if (verbatim[i]) return;
    for (const match of line.matchAll(ORG_LINK)) links.push({ kind: 'path', target: match[1].split('::')[0], line: i + 1 });
  });
  return { links, labels: [], globs: [] };
}
