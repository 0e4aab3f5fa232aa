/**
 * Decoded text → documents: the whole file, or sections cut at headings (paragraphs for plain text), each within
 * the model's word budget and with its exact line range.
 */
import { DEFAULT_MAX_WORDS, DEFAULT_MIN_WORDS, type SplitOptions } from './options';
import { formatOfPath, isBlank, textStructure, type Heading, type TextStructure } from './structure';
import type { SourceDocument } from './types';

/** A section before budgeting: a heading (or none) and its 0-based inclusive line range. */
interface Section {
  readonly heading: Heading | null;
  readonly first: number;
  readonly last: number;
}

/** A run of whole lines, or part of one very long line (a hard split), that becomes one document. */
interface Piece {
  readonly heading: string | null;
  /** Put before the text when the piece does not hold its heading's own lines, so it keeps its context. */
  readonly prefix: string | null;
  readonly first: number;
  readonly last: number;
  /** The text itself when it is not simply lines first..last (parts of a line, or joins of such parts). */
  readonly chunk: string | null;
  /** Words of the piece's text, prefix included. */
  readonly words: number;
}

/** Splits one file's decoded text ("\n" line endings) into documents; [] when it holds no text. */
export function splitText(path: string, text: string, options: SplitOptions = {}): SourceDocument[] {
  const lines = text.split('\n');
  if (options.unit === 'file') return wholeFile(path, lines);
  const maxWords = Math.max(1, options.maxWords ?? DEFAULT_MAX_WORDS);
  const minWords = options.minWords ?? DEFAULT_MIN_WORDS;
  const format = formatOfPath(path);
  const structure = textStructure(lines, format);
  const sections = format === 'plain' ? paragraphSections(lines, structure) : headingSections(lines, structure);
  const pieces = sections.flatMap((section) => budgetPieces(lines, structure.verbatim, section, maxWords));
  return mergeTinyPieces(lines, pieces, minWords, maxWords).map((piece) => ({
    path,
    heading: piece.heading,
    startLine: piece.first + 1,
    endLine: piece.last + 1,
    text: pieceText(lines, piece),
  }));
}

export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

function wholeFile(path: string, lines: readonly string[]): SourceDocument[] {
  const range = trimBlankLines(lines, 0, lines.length - 1);
  if (!range) return [];
  const [first, last] = range;
  return [{ path, heading: null, startLine: first + 1, endLine: last + 1, text: lines.slice(first, last + 1).join('\n') }];
}

/** The range without its leading and trailing blank lines, or null when nothing is left. */
function trimBlankLines(lines: readonly string[], first: number, last: number): [number, number] | null {
  while (first <= last && isBlank(lines[first])) first++;
  while (last >= first && isBlank(lines[last])) last--;
  return first <= last ? [first, last] : null;
}

/** Each heading opens a section that runs to the next heading; text before the first one has no heading. */
function headingSections(lines: readonly string[], { headings, bodyStart }: TextStructure): Section[] {
  const sections: Section[] = [];
  const preamble = trimBlankLines(lines, bodyStart, (headings[0]?.first ?? lines.length) - 1);
  if (preamble) sections.push({ heading: null, first: preamble[0], last: preamble[1] });
  headings.forEach((heading, k) => {
    const end = (headings[k + 1]?.first ?? lines.length) - 1;
    // The heading's own lines are never blank, so the trimmed range still starts at the heading.
    const [, last] = trimBlankLines(lines, heading.first, end) ?? [heading.first, heading.last];
    sections.push({ heading, first: heading.first, last });
  });
  return sections;
}

function paragraphSections(lines: readonly string[], structure: TextStructure): Section[] {
  return paragraphs(lines, structure.verbatim, structure.bodyStart, lines.length - 1).map(([first, last]) => ({ heading: null, first, last }));
}

/** Runs of non-blank lines; blank lines inside a code block do not end a run. */
function paragraphs(lines: readonly string[], verbatim: Uint8Array, from: number, to: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = from; i <= to; i++) {
    const breaks = isBlank(lines[i]) && !verbatim[i];
    if (!breaks && start < 0) start = i;
    if (breaks && start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, trimBlankLines(lines, start, to)![1]]);
  return runs;
}

/**
 * Cuts a section into pieces of at most `maxWords` words: whole paragraphs packed greedily; a paragraph too long
 * alone is packed line by line, and a line too long alone is cut into runs of words.
 */
function budgetPieces(lines: readonly string[], verbatim: Uint8Array, section: Section, maxWords: number): Piece[] {
  const heading = section.heading?.text ?? null;
  const headingWords = heading === null ? 0 : countWords(heading);
  // Pieces after the first repeat the heading, unless it is so long that it would crowd out the text.
  const prefix = heading !== null && headingWords <= maxWords / 2 ? heading : null;
  const headingLast = section.heading?.last ?? -1;
  const hasPrefix = (first: number) => prefix !== null && first > headingLast;
  const budgetAt = (first: number) => maxWords - (hasPrefix(first) ? headingWords : 0);
  const piece = (first: number, last: number, bodyWords: number, chunk: string | null = null): Piece => ({
    heading,
    prefix: hasPrefix(first) ? prefix : null,
    first,
    last,
    chunk,
    words: bodyWords + (hasPrefix(first) ? headingWords : 0),
  });

  interface Run {
    readonly first: number;
    readonly last: number;
    readonly words: number;
  }
  const pieces: Piece[] = [];
  let open: Run | null = null;
  const flush = () => {
    if (open) pieces.push(piece(open.first, open.last, open.words));
    open = null;
  };
  const add = (run: Run) => {
    if (open && open.words + run.words <= budgetAt(open.first)) {
      open = { first: open.first, last: run.last, words: open.words + run.words };
    } else if (run.words <= budgetAt(run.first)) {
      flush();
      open = run;
    } else if (run.first < run.last) {
      // Line by line, so its first lines can still join what is open (a heading stays with its text).
      for (let i = run.first; i <= run.last; i++) add({ first: i, last: i, words: countWords(lines[i]) });
    } else {
      flush();
      const words = lines[run.first].trim().split(/\s+/);
      const budget = budgetAt(run.first);
      for (let k = 0; k < words.length; k += budget) {
        const chunk = words.slice(k, k + budget);
        pieces.push(piece(run.first, run.first, chunk.length, chunk.join(' ')));
      }
    }
  };

  const blocks: Array<[number, number]> = section.heading ? [[section.heading.first, section.heading.last]] : [];
  blocks.push(...paragraphs(lines, verbatim, section.heading ? headingLast + 1 : section.first, section.last));
  for (const [first, last] of blocks) add({ first, last, words: countWords(lines.slice(first, last + 1).join('\n')) });
  flush();
  return pieces;
}

/**
 * Joins each piece under `minWords` with the next one (of the same file) while the sum stays within budget, so
 * a heading with one line under it does not become a document of its own. What is still tiny then (a last
 * paragraph, a heading before a full piece) joins the piece before it, budget permitting.
 */
function mergeTinyPieces(lines: readonly string[], pieces: readonly Piece[], minWords: number, maxWords: number): Piece[] {
  const joinIfTiny = (tiny: (previous: Piece, piece: Piece) => boolean) => (merged: Piece[], piece: Piece) => {
    const previous = merged.at(-1);
    if (previous && tiny(previous, piece) && previous.words + piece.words <= maxWords) merged[merged.length - 1] = joinPieces(lines, previous, piece);
    else merged.push(piece);
    return merged;
  };
  return pieces
    .reduce(
      joinIfTiny((previous) => previous.words < minWords),
      [],
    )
    .reduce(
      joinIfTiny((_, piece) => piece.words < minWords),
      [],
    );
}

function joinPieces(lines: readonly string[], a: Piece, b: Piece): Piece {
  const chunk = a.chunk === null && b.chunk === null ? null : `${pieceBody(lines, a)}\n${pieceBody(lines, b)}`;
  const joined = { heading: a.heading ?? b.heading, prefix: a.heading === null ? b.prefix : a.prefix, first: a.first, last: b.last, chunk, words: 0 };
  return { ...joined, words: countWords(pieceText(lines, joined)) };
}

function pieceBody(lines: readonly string[], piece: Piece): string {
  return piece.chunk ?? lines.slice(piece.first, piece.last + 1).join('\n');
}

function pieceText(lines: readonly string[], piece: Piece): string {
  const body = pieceBody(lines, piece);
  return piece.prefix === null ? body : `${piece.prefix}\n\n${body}`;
}
