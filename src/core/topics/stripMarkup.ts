/**
 * The words a reader of the rendered document sees, for counting topic words: each format's markup goes (see
 * markup/*.ts), and in every format URLs, e-mail addresses, terminal escape codes, 40-character blobs and the
 * extensions of file names (`models.py` counts as `models`, not `models` and `py`); in
 * Markdown and plain text also HTML/JSX tags and entities. Paragraph breaks, and the places where a block was left out, become PARAGRAPH_BREAK so
 * that no bigram joins the words on either side. Applied to the texts that topic words are counted from, never
 * to what is embedded.
 *
 * Code blocks are left out. Measured on API documentation (Python's and Sphinx's reST, CMake's, fastify's and
 * node_modules' Markdown), keeping them put language keywords and placeholder names (`self`, `def`, `const`,
 * `foo`) into the top ten words of many topics, while the identifiers that matter also appear in the prose
 * around the code and in inline code, which is kept (see the README's quality table for the numbers).
 */
import type { TextFormat } from '../documents/structure';
import { asciidocProse } from './markup/asciidoc';
import { htmlText } from './markup/html';
import { markdownProse } from './markup/markdown';
import { orgProse } from './markup/org';
import { rstProse } from './markup/rst';
import { PARAGRAPH_BREAK } from './tokenize';

/** Whether code blocks count (see above). */
const KEEP_CODE = false;

const PROSE: Readonly<Record<TextFormat, (text: string, keepCode: boolean) => string>> = {
  markdown: markdownProse,
  rst: rstProse,
  asciidoc: asciidocProse,
  org: orgProse,
  plain: (text) => text,
};

const URL = /\b(?:https?|ftp|file):\/\/[^\s<>()\]]+|\bwww\.[\w-]+\.[^\s<>()\]]+/gi;
/** Starts only where a run of address characters starts, so a long run is scanned once, not from each character. */
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/**
 * Terminal escapes, as bytes (ESC [ … letter) or as they are written in docs and source
 * (`\x1b[31m`, `\u001b[0m`, `\033[1;32m`, `\e[0m`).
 */
const ESCAPE_SEQUENCE = /(?:\x1b|\\x1b|\\u001b|\\u{1b}|\\033|\\e)\[[0-9;?]*[ -/]*[@-~]?/gi;
/**
 * Hashes, base64 blobs and long identifiers: 40 or more non-space characters. Anchored at the start of a run, so
 * a shorter run is tried once, not again from each of its characters (twice as fast on 20 Newsgroups).
 */
const LONG_TOKEN = /(?<!\S)\S{40,}/g;
/** A file name's extension, after a name: `.py` in `setup.py`, `.config.js` keeps `config`. */
const FILE_EXTENSION =
  /(?<=[\w-])\.(?:py|pyi|pyx|js|mjs|cjs|ts|tsx|jsx|json|md|mdx|rst|txt|adoc|ya?ml|toml|ini|cfg|conf|html?|css|scss|sh|bat|ps1|cpp|hpp|rs|go|java|rb|php|xml|csv|lock)\b/gi;
const BLANK_LINES = /\n[ \t\r]*(?:\n[ \t\r]*)+/g;

/** Formats in which `<name>` is an HTML tag; elsewhere it is text a reader sees (`git commit <file>`). */
const HTML_FORMATS: ReadonlySet<TextFormat> = new Set(['markdown', 'plain']);

export function stripMarkup(text: string, format: TextFormat = 'plain'): string {
  let prose = PROSE[format](text, KEEP_CODE);
  if (HTML_FORMATS.has(format)) prose = htmlText(prose);
  return prose
    .replace(ESCAPE_SEQUENCE, ' ')
    .replace(URL, ' ')
    .replace(EMAIL, ' ')
    .replace(LONG_TOKEN, ' ')
    .replace(FILE_EXTENSION, ' ')
    .replace(BLANK_LINES, `\n${PARAGRAPH_BREAK}\n`);
}
