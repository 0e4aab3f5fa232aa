/**
 * The prose of reStructuredText (docutils and Sphinx): what a reader of the rendered page sees, not the markup
 * that produced it. Role names go and their content stays (`:func:`json.dumps`` → "json.dumps", `~a.b` → "b",
 * `title <target>` → "title"); directive names and options go, and so do targets, substitutions, comments,
 * footnote references and the field names of field lists. Literal blocks (`::`), doctest blocks and code
 * directives are code; toctrees, index entries, raw output, math, includes and images are no prose at all. A
 * role made from `raw` (`:raw-html:`) shows the text of its HTML.
 */
import { htmlText } from './html';

/** `.. ` explicit markup at some indentation (or as a list item's body), and what follows it. */
const EXPLICIT_MARKUP = /^(\s*(?:[-*+]\s+|\d+\.\s+|#\.\s+)?)\.\.(?:\s+(.*))?$/;
const DIRECTIVE = /^([\w][\w:.+-]*)::(?:\s+(.*))?$/;
const FOOTNOTE = /^\[(?:#[\w-]*|\*|\d+|[A-Za-z][\w.-]*)\]\s+(.*)$/;
/** A field list item (`:param x: text`, a directive's `:maxdepth: 2`): the name, then its body. */
const FIELD = /^(\s*):(?![`\s])[^:`]*[^:`\s]:(?:\s+(.*))?$/;
const DOCTEST = /^\s*>>>(?:\s|$)/;

/** Directives whose content and argument are code: kept only when code is. */
const CODE_DIRECTIVES = new Set([
  'code-block',
  'code',
  'sourcecode',
  'doctest',
  'testcode',
  'testoutput',
  'testsetup',
  'testcleanup',
  'ipython',
  'jupyter-execute',
  'plot',
  'prompt',
  'productionlist',
]);
/** Directives that render no prose of their own: paths, index entries, raw output, formulas, settings. */
const DROPPED_DIRECTIVES = new Set([
  'toctree',
  'index',
  'raw',
  'math',
  'graphviz',
  'digraph',
  'graph',
  'include',
  'literalinclude',
  'image',
  'highlight',
  'highlightlang',
  'tabularcolumns',
  'sectionauthor',
  'moduleauthor',
  'codeauthor',
  'meta',
  'contents',
  'sectnum',
  'target-notes',
  'default-role',
  'role',
  'default-domain',
  'rst-class',
  'cssclass',
  'inheritance-diagram',
]);
/** Directives whose argument is a path or an expression, while their content is prose. */
const PROSE_WITHOUT_ARGUMENT = new Set(['figure', 'only', 'ifconfig']);

/**
 * `:role:`content`` (a domain may prefix the role: `:py:meth:`), and the rarer `content`:role:. The content
 * may run over the lines of one paragraph.
 */
const ROLE = /:((?:[A-Za-z][\w.+-]*:)*[A-Za-z][\w.+-]*):`((?:[^`\\\n]|\\.|\n(?![ \t]*\n))+)`/g;
const SUFFIX_ROLE = /`((?:[^`\\\n]|\\.|\n(?![ \t]*\n))+)`:(?:[A-Za-z][\w.+-]*:)*[A-Za-z][\w.+-]*:/g;
/** Roles whose bare content is a label or a path: the rendered text is the target's title, which we don't know. */
const TARGET_ROLES = new Set(['ref', 'doc', 'numref', 'download', 'any', 'keyword', 'token']);
const EXPLICIT_TITLE = /^([\s\S]*?)\s*<[^<>]*>$/;
/** `` `text <target>`_ ``, `` `text`__ ``: the text stays. */
const PHRASE_REFERENCE = /`([^`<]*?)\s*(?:<[^`>]*>)?`__?/g;
/** `word_`, `word__`: a reference by a simple name (never `__init__`: the name must not touch an underscore). */
const WORD_REFERENCE = /\b([A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*)__?(?=[\s.,;:!?)'"]|$)/g;
const SUBSTITUTION_REFERENCE = /\|(?=\S)[^|\n]*?(?<=\S)\|(?:__?)?/g;
const FOOTNOTE_REFERENCE = /\[(?:#[\w-]*|\*|\d+|[A-Za-z][\w.-]*)\]_/g;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** The text a role renders. */
function roleText(name: string, content: string): string {
  // A role made from `raw` (`.. role:: raw-html(raw)`) puts its content into the page as it is: HTML's text shows.
  if (/^raw(?:-|$)/i.test(name)) return htmlText(content);
  const titled = EXPLICIT_TITLE.exec(content);
  if (titled && titled[1] !== '') return titled[1];
  if (TARGET_ROLES.has(name.slice(name.lastIndexOf(':') + 1).toLowerCase())) return ' ';
  // `~a.b.c` shows only "c"; `!x` suppresses the link but shows "x".
  if (content.startsWith('~')) return content.slice(content.lastIndexOf('.') + 1);
  return content.replace(/^!/, '');
}

/** ``inline literals``: shown as they are, so no other inline rule applies inside. */
const INLINE_LITERAL = /(``(?:[^`]|`(?!`))+``)/;

/** Inline markup of reST prose. */
function rstInline(text: string): string {
  return text
    .split(INLINE_LITERAL)
    .map((piece, k) => (k % 2 === 1 ? piece.slice(2, -2) : inlineMarkup(piece)))
    .join('');
}

function inlineMarkup(text: string): string {
  return text
    .replace(ROLE, (_, name: string, content: string) => ` ${roleText(name, content)} `)
    .replace(SUFFIX_ROLE, (_, content: string) => ` ${content} `)
    .replace(PHRASE_REFERENCE, (_, text: string) => text)
    .replace(WORD_REFERENCE, '$1')
    .replace(SUBSTITUTION_REFERENCE, ' ')
    .replace(FOOTNOTE_REFERENCE, ' ');
}

/** The first line after the block that starts at `from` and is indented more than `indent` (blank lines within). */
function blockEnd(lines: readonly string[], from: number, indent: number): number {
  let end = from;
  for (let i = from; i < lines.length; i++) {
    if (isBlank(lines[i])) continue;
    if (indentOf(lines[i]) <= indent) break;
    end = i + 1;
  }
  return end;
}

/** The prose of `text`, line for line (`''` where nothing is left); code kept only when `keepCode`. */
export function rstProse(text: string, keepCode: boolean): string {
  const lines = text.split('\n');
  const out = lines.map(() => '');
  const keepBlock = (from: number, to: number, keep: boolean) => {
    for (let i = from; i < to; i++) out[i] = keep ? lines[i] : '';
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const explicit = EXPLICIT_MARKUP.exec(line);
    if (explicit) {
      const indent = explicit[1].length;
      const rest = explicit[2] ?? '';
      const end = blockEnd(lines, i + 1, indent);
      const directive = DIRECTIVE.exec(rest);
      const footnote = FOOTNOTE.exec(rest);
      if (directive) {
        const name = directive[1].toLowerCase();
        const kind = name.slice(name.lastIndexOf(':') + 1);
        // Options: the field list right under the directive line.
        let content = i + 1;
        while (content < end && FIELD.test(lines[content]) && indentOf(lines[content]) > indent) content++;
        if (DROPPED_DIRECTIVES.has(kind) || CODE_DIRECTIVES.has(kind)) {
          keepBlock(content, end, keepCode && CODE_DIRECTIVES.has(kind));
          i = end;
          continue;
        }
        if (!PROSE_WITHOUT_ARGUMENT.has(kind)) out[i] = directive[2] ?? '';
        // The content is reST again (nested directives, literal blocks): read on from there.
        i = content;
        continue;
      }
      if (footnote) {
        out[i] = footnote[1];
        i++;
        continue;
      }
      // The rest (targets, substitution definitions, comments) renders nothing.
      i = end;
      continue;
    }
    if (DOCTEST.test(line)) {
      let end = i;
      while (end < lines.length && !isBlank(lines[end])) end++;
      keepBlock(i, end, keepCode);
      i = end;
      continue;
    }
    const field = FIELD.exec(line);
    out[i] = field ? (field[2] ?? '') : line;
    // A paragraph ending in "::" introduces a literal block: the indented lines that follow.
    if (line.trimEnd().endsWith('::')) {
      out[i] = out[i].replace(/::\s*$/, ':');
      const end = blockEnd(lines, i + 1, indentOf(line));
      keepBlock(i + 1, end, keepCode);
      i = end;
      continue;
    }
    i++;
  }
  return rstInline(out.join('\n'));
}
