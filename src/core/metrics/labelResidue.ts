/**
 * What a reader should never see in topic words: the names of markup (reST roles and directives, AsciiDoc
 * attributes and macros, HTML tags, org keywords), terminal escape residue, and labels led by a number. A
 * yardstick for the word cleaning, independent of how the cleaning works: the lists below name markup words,
 * they do not parse anything. Only words that prose does not use as a topic are listed ("class", "note", "code",
 * "image", "option" are markup names too, but also ordinary words of documentation).
 */
import type { TopicWord } from '../result';

const TOP_WORDS = 10;

/** Words that are, in documentation, only ever the name of a piece of markup. */
const MARKUP_WORDS = new Set([
  // reST / Sphinx roles (Python, C, C++ and CMake domains and the standard ones)
  'func',
  'meth',
  'mod',
  'attr',
  'exc',
  'obj',
  'envvar',
  'numref',
  'samp',
  'kbd',
  'guilabel',
  'menuselection',
  'mimetype',
  'mailheader',
  'makevar',
  'manpage',
  'dfn',
  'abbr',
  'rst',
  'py',
  'cfunc',
  'cmacro',
  'cdata',
  'ctype',
  'cmember',
  'texpr',
  'genex',
  'prop_tgt',
  'prop_dir',
  'prop_sf',
  'prop_test',
  'prop_gbl',
  'prop_cache',
  'prop_inst',
  'cpack_gen',
  // reST / Sphinx directives and their options
  'toctree',
  'maxdepth',
  'literalinclude',
  'sourcecode',
  'codeblock',
  'automodule',
  'autoclass',
  'autofunction',
  'automethod',
  'autoattribute',
  'autodata',
  'autoexception',
  'autosummary',
  'currentmodule',
  'versionadded',
  'versionchanged',
  'seealso',
  'productionlist',
  'testsetup',
  'testcleanup',
  'testcode',
  'testoutput',
  'tabularcolumns',
  'hlist',
  'sectionauthor',
  'moduleauthor',
  'noindex',
  'linenos',
  'ifconfig',
  'highlightlang',
  // AsciiDoc attributes, macros and character references
  'xref',
  'linkgit',
  'toclevels',
  'sectnums',
  'sectanchors',
  'imagesdir',
  'ifdef',
  'ifndef',
  'endif',
  'ifeval',
  'leveloffset',
  'doctype',
  'nofooter',
  'idprefix',
  'idseparator',
  'xrefstyle',
  'linkattrs',
  'hardbreaks',
  'litdd',
  'startsb',
  'endsb',
  'vbar',
  'zwsp',
  // HTML and Markdown
  'href',
  'src',
  'img',
  'div',
  'span',
  'br',
  'nbsp',
  'ul',
  'li',
  'ol',
  'td',
  'tr',
  'th',
  'tbody',
  'thead',
  'classname',
  'http',
  'https',
  'www',
  // org-mode
  'tblfm',
  'setupfile',
  'filetags',
]);

/** Terminal escape residue: "\x1b[0m" leaves "0m" (or "0m0", "1;32m"), "\u001b[…" leaves "u001b". */
const ESCAPE_RESIDUE = /^(?:\d+(?:;\d+)*m\d*|u001b|x1b)$/i;
/** org blocks: begin_src, end_example… */
const ORG_BLOCK_KEYWORD = /^(?:begin|end)_(?:src|example|quote|verse|center|export|comment|html|latex)$/i;
const NUMBER_LED = /^\p{N}/u;

/** A topic word (or each word of an n-gram "a b") that names markup or is escape residue. */
export function isMarkupResidue(term: string): boolean {
  return term.split(' ').some((word) => MARKUP_WORDS.has(word.toLowerCase()) || ESCAPE_RESIDUE.test(word) || ORG_BLOCK_KEYWORD.test(word));
}

/** A term that starts with a digit: a bare number, a version, a size, escape residue ("0m0"). */
export function isNumberLed(term: string): boolean {
  return NUMBER_LED.test(term);
}

export interface LabelResidueTopic {
  readonly id: number;
  readonly words: readonly TopicWord[];
}

export interface LabelResidue {
  /** Topics looked at (ids ≥ 0). */
  readonly topics: number;
  /** Topics with a markup or escape-residue word in their top ten. */
  readonly withMarkup: number;
  /** Topics whose label's first word starts with a digit or is escape residue. */
  readonly numberLed: number;
  /** Topics with a number-led word among their top ten. */
  readonly withNumbers: number;
  /** The offending words, most frequent first, with the number of topics that show them. */
  readonly offenders: ReadonlyArray<{ readonly word: string; readonly topics: number }>;
}

/** Counts, over the topics ≥ 0, the residue a reader would see in the top `topN` words and in the label's lead. */
export function labelResidue(topics: readonly LabelResidueTopic[], topN = TOP_WORDS): LabelResidue {
  let withMarkup = 0;
  let numberLed = 0;
  let withNumbers = 0;
  let counted = 0;
  const offenders = new Map<string, number>();
  for (const topic of topics) {
    if (topic.id < 0) continue;
    counted++;
    const words = topic.words
      .map((w) => w.word)
      .filter((w) => w !== '')
      .slice(0, topN);
    const markup = words.filter(isMarkupResidue);
    const numbers = words.filter(isNumberLed);
    if (markup.length > 0) withMarkup++;
    if (numbers.length > 0) withNumbers++;
    const lead = words[0]?.split(' ')[0];
    if (lead !== undefined && (isNumberLed(lead) || ESCAPE_RESIDUE.test(lead))) numberLed++;
    for (const word of new Set([...markup, ...numbers])) offenders.set(word, (offenders.get(word) ?? 0) + 1);
  }
  return {
    topics: counted,
    withMarkup,
    numberLed,
    withNumbers,
    offenders: [...offenders].map(([word, count]) => ({ word, topics: count })).sort((a, b) => b.topics - a.topics || a.word.localeCompare(b.word)),
  };
}
