/**
 * Where the headings and the verbatim blocks (code, literal text) of a file are, per markup language. Just enough
 * of each syntax to cut files into sections; nothing is rendered.
 */

export type TextFormat = 'markdown' | 'rst' | 'asciidoc' | 'org' | 'plain';

/** A heading: its text (null when empty) and the 0-based lines it occupies (setext and rst titles take 2–3). */
export interface Heading {
  readonly text: string | null;
  readonly first: number;
  readonly last: number;
}

/** A delimited verbatim block: its 0-based inclusive lines, delimiters included (`lines[first]` opens it). */
export interface VerbatimBlock {
  readonly first: number;
  readonly last: number;
}

export interface TextStructure {
  readonly headings: readonly Heading[];
  /** 1 for lines inside a code or literal block (delimiters included): no headings there, no paragraph breaks. */
  readonly verbatim: Uint8Array;
  /** The blocks `verbatim` marks, in order. */
  readonly blocks: readonly VerbatimBlock[];
  /** Lines before this index are front matter: metadata, not prose. */
  readonly bodyStart: number;
}

const FORMAT_OF_EXTENSION: Readonly<Record<string, TextFormat>> = {
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  rst: 'rst',
  adoc: 'asciidoc',
  asciidoc: 'asciidoc',
  org: 'org',
  txt: 'plain',
};

/** The markup of a file from its name. Extension-less files (README, CHANGELOG…) are nearly always Markdown. */
export function formatOfPath(path: string): TextFormat {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'markdown';
  return FORMAT_OF_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'plain';
}

export function textStructure(lines: readonly string[], format: TextFormat): TextStructure {
  switch (format) {
    case 'markdown':
      return markdownStructure(lines);
    case 'rst':
      return { headings: rstHeadings(lines), verbatim: new Uint8Array(lines.length), blocks: [], bodyStart: 0 };
    case 'asciidoc':
      return asciidocStructure(lines);
    case 'org':
      return orgStructure(lines);
    case 'plain':
      return { headings: [], verbatim: new Uint8Array(lines.length), blocks: [], bodyStart: 0 };
  }
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

function headingText(raw: string): string | null {
  const text = raw.trim();
  return text === '' ? null : text;
}

/**
 * Marks every line from a block's opening delimiter to its closing one; an unclosed block runs to the end.
 * `closerOf(line, i)` says whether line i opens a block, and how to recognise its end.
 */
function markVerbatimBlocks(
  lines: readonly string[],
  from: number,
  closerOf: (line: string, i: number) => ((line: string) => boolean) | null,
): Pick<TextStructure, 'verbatim' | 'blocks'> {
  const verbatim = new Uint8Array(lines.length);
  const blocks: VerbatimBlock[] = [];
  let closes: ((line: string) => boolean) | null = null;
  let first = -1;
  for (let i = from; i < lines.length; i++) {
    if (closes) {
      verbatim[i] = 1;
      if (closes(lines[i])) {
        closes = null;
        blocks.push({ first, last: i });
      }
      continue;
    }
    closes = closerOf(lines[i], i);
    if (closes) {
      verbatim[i] = 1;
      first = i;
    }
  }
  if (closes) blocks.push({ first, last: lines.length - 1 });
  return { verbatim, blocks };
}

// ---- Markdown (CommonMark ATX and setext headings, fenced code, YAML/TOML front matter) ----

const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^\s*(`{3,}|~{3,})\s*$/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*))?$/;
const ATX_CLOSING_HASHES = /(?:^|[ \t]+)#+[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
/** Lines that cannot be the text of a setext heading: list items, block quotes, table rows, indented code. */
const NOT_SETEXT_TEXT = /^(?:\s*(?:[-*+]|\d+[.)])(?:\s|$)|\s*[>|]| {4})/;

function markdownFenceCloser(line: string): ((line: string) => boolean) | null {
  const open = FENCE_OPEN.exec(line);
  if (!open) return null;
  const fence = open[1];
  // A backtick fence's info string cannot hold backticks (that is inline code, not a fence).
  if (fence[0] === '`' && open[2].includes('`')) return null;
  return (candidate) => {
    const close = FENCE_CLOSE.exec(candidate);
    return close !== null && close[1][0] === fence[0] && close[1].length >= fence.length;
  };
}

/** Index of the first line after a front-matter block (--- … --- or +++ … +++ on line 1), else 0. */
function frontMatterEnd(lines: readonly string[]): number {
  const open = lines[0]?.trimEnd();
  if (open !== '---' && open !== '+++') return 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    if (line === open || (open === '---' && line === '...')) return i + 1;
  }
  return 0;
}

function markdownStructure(lines: readonly string[]): TextStructure {
  const bodyStart = frontMatterEnd(lines);
  const { verbatim, blocks } = markVerbatimBlocks(lines, bodyStart, markdownFenceCloser);
  const headings: Heading[] = [];
  for (let i = bodyStart; i < lines.length; i++) {
    if (verbatim[i]) continue;
    const atx = ATX_HEADING.exec(lines[i]);
    if (atx) {
      headings.push({ text: headingText((atx[1] ?? '').replace(ATX_CLOSING_HASHES, '')), first: i, last: i });
      continue;
    }
    const previous = i - 1;
    if (
      SETEXT_UNDERLINE.test(lines[i]) &&
      previous >= bodyStart &&
      !verbatim[previous] &&
      !isBlank(lines[previous]) &&
      !NOT_SETEXT_TEXT.test(lines[previous]) &&
      headings.at(-1)?.last !== previous
    ) {
      headings.push({ text: headingText(lines[previous]), first: previous, last: i });
    }
  }
  return { headings, verbatim, blocks, bodyStart };
}

// ---- reStructuredText (titles underlined, or over- and underlined, with one repeated punctuation character) ----

const RST_ADORNMENT = /^([!-/:-@[-`{-~])\1{2,}\s*$/;

function rstHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  // A title starts a block: after a blank line, the start of the file, or right after another title.
  const startsBlock = (i: number) => i === 0 || isBlank(lines[i - 1]) || headings.at(-1)?.last === i - 1;
  const isTitleText = (line: string | undefined) => line !== undefined && !isBlank(line) && !RST_ADORNMENT.test(line);
  for (let i = 0; i < lines.length; i++) {
    if (!startsBlock(i)) continue;
    const over = RST_ADORNMENT.exec(lines[i]);
    if (over) {
      const under = RST_ADORNMENT.exec(lines[i + 2] ?? '');
      if (isTitleText(lines[i + 1]) && under && under[1] === over[1]) {
        headings.push({ text: headingText(lines[i + 1]), first: i, last: i + 2 });
        i += 2;
      }
    } else if (isTitleText(lines[i]) && !/^\s/.test(lines[i]) && RST_ADORNMENT.test(lines[i + 1] ?? '')) {
      headings.push({ text: headingText(lines[i]), first: i, last: i + 1 });
      i += 1;
    }
  }
  return headings;
}

// ---- AsciiDoc ("= Title" … "====== Title", or a title underlined with = - ~ ^ +, outside delimited blocks) ----

const ASCIIDOC_DELIMITER = /^(-{4,}|\.{4,}|\+{4,}|\/{4,}|`{3,})\s*$/;
const ASCIIDOC_HEADING = /^={1,6}[ \t]+(\S.*?)(?:[ \t]+=+)?[ \t]*$/;
const ASCIIDOC_UNDERLINE = /^(={2,}|-{2,}|~{2,}|\^{2,}|\+{2,})\s*$/;
/** A two-line title's text starts with a word character (not a list marker, block attribute or delimiter). */
const ASCIIDOC_UNDERLINED_TEXT = /^[\p{L}\p{N}_]/u;

/**
 * Whether lines i, i+1 are a two-line ("setext") title: text, then a line of one of = - ~ ^ + whose length is
 * within 2 of the text's (Asciidoctor's tolerance is 1; older AsciiDoc's larger). Git's manuals are written so.
 */
function isAsciidocUnderlinedTitle(lines: readonly string[], i: number): boolean {
  const text = lines[i].trimEnd();
  const underline = lines[i + 1]?.trimEnd();
  if (underline === undefined || !ASCIIDOC_UNDERLINE.test(underline) || !ASCIIDOC_UNDERLINED_TEXT.test(text)) return false;
  return Math.abs([...text].length - underline.length) <= 2;
}

function asciidocStructure(lines: readonly string[]): TextStructure {
  // The underline of a two-line title is no block delimiter (a 4-letter title underlined with "----" would be).
  const underlines = new Set<number>();
  const { verbatim, blocks } = markVerbatimBlocks(lines, 0, (line, i) => {
    if (underlines.has(i)) return null;
    if (isAsciidocUnderlinedTitle(lines, i)) {
      underlines.add(i + 1);
      return null;
    }
    const open = ASCIIDOC_DELIMITER.exec(line);
    if (!open) return null;
    return (candidate) => candidate.trimEnd() === open[1];
  });
  const headings: Heading[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (verbatim[i]) continue;
    if (underlines.has(i + 1)) {
      headings.push({ text: headingText(lines[i]), first: i, last: i + 1 });
      i++;
      continue;
    }
    const match = ASCIIDOC_HEADING.exec(lines[i]);
    if (match) headings.push({ text: headingText(match[1]), first: i, last: i });
  }
  return { headings, verbatim, blocks, bodyStart: 0 };
}

// ---- Org ("* Heading" with any number of stars, outside #+BEGIN_… #+END_… blocks) ----

const ORG_BLOCK_BEGIN = /^\s*#\+begin_(\S+)/i;
const ORG_HEADING = /^\*+[ \t]+(.*)$/;
const ORG_TAGS = /[ \t]+:[\w@#%:]+:[ \t]*$/;

function orgStructure(lines: readonly string[]): TextStructure {
  const { verbatim, blocks } = markVerbatimBlocks(lines, 0, (line) => {
    const open = ORG_BLOCK_BEGIN.exec(line);
    if (!open) return null;
    const end = `#+end_${open[1].toLowerCase()}`;
    return (candidate) => candidate.trim().toLowerCase().startsWith(end);
  });
  const headings: Heading[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = verbatim[i] ? null : ORG_HEADING.exec(lines[i]);
    if (match) headings.push({ text: headingText(match[1].replace(ORG_TAGS, '')), first: i, last: i });
  }
  return { headings, verbatim, blocks, bodyStart: 0 };
}
