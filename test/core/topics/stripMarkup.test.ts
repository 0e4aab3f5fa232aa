import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../../src/core/random';
import { stripMarkup } from '../../../src/core/topics/stripMarkup';
import { PARAGRAPH_BREAK } from '../../../src/core/topics/tokenize';

/** The words a stripped text keeps, as the topic words would see them (letters only, in order). */
const wordsOf = (text: string) => text.match(/[A-Za-z_]+/g) ?? [];
/** The stripped text's paragraphs, each as its words. */
const paragraphsOf = (text: string) =>
  text
    .split(PARAGRAPH_BREAK)
    .map((p) => wordsOf(p).join(' '))
    .filter((p) => p !== '');

describe('stripMarkup: every format', () => {
  it('drops URLs, e-mail addresses, escape codes and long blobs, keeping the visible words', () => {
    const text =
      'Fast web framework at https://example.com/a?b=c&d or www.example.org/x, mail dev@example.com.\n' +
      'Colours: \x1b[31mred\x1b[0m and `\\u001b[1;32mgreen\\u001b[0m` done. sha512-' +
      'Q'.repeat(60);
    for (const format of ['plain', 'markdown', 'rst', 'asciidoc', 'org'] as const) {
      assert.deepEqual(wordsOf(stripMarkup(text, format)), ['Fast', 'web', 'framework', 'at', 'or', 'mail', 'Colours', 'red', 'and', 'green', 'done'], format);
    }
  });

  it('drops HTML tags and entities in Markdown and plain text only: elsewhere <placeholder> is what readers see', () => {
    const text = '<p align="center">Fast <b>web</b> framework</p> x&nbsp;y for git commit <file>';
    for (const format of ['plain', 'markdown'] as const) {
      assert.deepEqual(wordsOf(stripMarkup(text, format)), ['Fast', 'web', 'framework', 'x', 'y', 'for', 'git', 'commit'], format);
    }
    assert.deepEqual(wordsOf(stripMarkup('git commit <file>', 'asciidoc')), ['git', 'commit', 'file']);
  });

  it('drops the extensions of file names, keeping the names, and leaves other dots alone', () => {
    const text = 'Edit models.py and setup.cfg, then webpack.config.js or README.md. See e.g. the docs. Version 2.py.';
    for (const format of ['plain', 'markdown', 'rst', 'asciidoc', 'org'] as const) {
      assert.deepEqual(
        wordsOf(stripMarkup(text, format)),
        ['Edit', 'models', 'and', 'setup', 'then', 'webpack', 'config', 'or', 'README', 'See', 'e', 'g', 'the', 'docs', 'Version'],
        format,
      );
    }
  });

  it('leaves plain prose alone', () => {
    const prose = 'Topics (and sub-topics) are found with UMAP -> HDBSCAN; 3 < 4 > 2.';
    assert.equal(stripMarkup(prose), prose);
  });

  it('marks paragraph breaks, so that no bigram spans them', () => {
    assert.deepEqual(paragraphsOf(stripMarkup('one two\nthree\n\n  \nfour five')), ['one two three', 'four five']);
  });

  it('drops <script> and <style> content', () => {
    assert.deepEqual(wordsOf(stripMarkup('Intro <script>var tracker = load()</script> text <style>.a { color: red }</style> end', 'markdown')), [
      'Intro',
      'text',
      'end',
    ]);
  });
});

describe('stripMarkup: Markdown and MDX', () => {
  it('drops front matter, MDX imports/exports, comments, images, link targets, reference definitions and fenced code', () => {
    const text = [
      '---',
      'title: Routing guide',
      'sidebar_position: 2',
      '---',
      "import Tabs from '@theme/Tabs';",
      "export const meta = { layout: 'docs' };",
      '',
      '# Routing',
      '',
      '[![npm version](https://img.shields.io/npm/v/x.svg)](https://npmjs.org/x) ![build status][ci-badge]',
      '',
      'Read the [routing guide](./guide.md "The guide") and the [reference][api-ref]. <!-- TODO: examples -->',
      '{/* hidden note */}',
      '<Tabs groupId="lang" values={[{ label: "JS", value: "js" }]}>',
      '```javascript title="server.js"',
      "const fastify = require('fastify')",
      '```',
      '</Tabs>',
      'Footnote[^1].',
      '',
      '[api-ref]: https://example.com/api "API"',
      '[ci-badge]: https://ci.example.com/badge.svg',
    ].join('\n');
    assert.deepEqual(wordsOf(stripMarkup(text, 'markdown')), ['Routing', 'Read', 'the', 'routing', 'guide', 'and', 'the', 'reference', 'Footnote']);
  });
});

describe('stripMarkup: reStructuredText', () => {
  it('keeps roles’ content (their rendered text) and drops role names, references and substitutions', () => {
    const text = [
      'Use :func:`json.dumps` or :py:meth:`~json.JSONEncoder.encode` (see :ref:`the table <conversion-table>`',
      'and :ref:`json-commandline`); :class:`!Path` objects and :pep:`8` style.  The :ref:`long',
      'title <long-label>` spans lines.  |project| follows `Python <https://python.org>`_ and `PEP 8`_',
      'conventions_ [#f1]_ [CIT2002]_, unlike ``__init__`` and `interpreted text`.',
    ].join('\n');
    assert.deepEqual(
      wordsOf(stripMarkup(text, 'rst')).join(' '),
      'Use json dumps or encode see the table and Path objects and style The long title spans lines follows Python and PEP conventions unlike __init__ and interpreted text',
    );
  });

  it('keeps the text of a raw role’s HTML, not its tags (LLVM’s :raw-html: tables and highlighted code)', () => {
    const text = [
      'The frame holds :raw-html:`<table border="1"><tr><td>Linkage<br></td></tr>` and',
      ":raw-html:`<pre class='highlight'><span style='background-color:#4A789C'>int main()</span>",
      "<span class='c1'>// Code Region</span></pre>` regions; :raw:`<b>bold</b>` too, while <placeholder> stays.",
    ].join('\n');
    assert.deepEqual(wordsOf(stripMarkup(text, 'rst')).join(' '), 'The frame holds Linkage and int main Code Region regions bold too while placeholder stays');
  });

  it('drops directive names and options, targets, comments, substitution definitions, field names and code', () => {
    const text = [
      '.. _json-intro:',
      '',
      'JSON module',
      '===========',
      '',
      '.. module:: json',
      '   :synopsis: Encode and decode the JSON format.',
      '',
      '.. toctree::',
      '   :maxdepth: 2',
      '',
      '   tutorial/index',
      '   library/json',
      '',
      '.. note:: Decoding untrusted data',
      '',
      '   Limit the size of the input.',
      '',
      '   .. versionadded:: 3.2',
      '      Allow strings for indent.',
      '',
      '.. code-block:: python',
      '   :linenos:',
      '',
      '   import json',
      '   print(json.dumps(obj))',
      '',
      'Encoding basic hierarchies::',
      '',
      '    >>> json.dumps(["foo", {"bar": 1}])',
      '',
      '>>> print(value)',
      'value',
      '',
      '.. |release| replace:: 3.11',
      '.. This is a comment',
      '   over two lines.',
      '',
      '.. index:: single: JSON; encoding',
      '.. image:: diagrams/json.png',
      '   :alt: diagram',
      '',
      ':param indent: how deep to indent',
      ':returns: the encoded string',
      '',
      '.. [#f1] Footnote text here.',
    ].join('\n');
    assert.deepEqual(paragraphsOf(stripMarkup(text, 'rst')), [
      'JSON module',
      'json',
      'Decoding untrusted data',
      'Limit the size of the input',
      'Allow strings for indent',
      'Encoding basic hierarchies',
      'how deep to indent the encoded string',
      'Footnote text here',
    ]);
  });

  it('keeps the signature of API directives and the caption of figures', () => {
    const text = [
      '.. function:: dumps(obj, *, indent=None)',
      '',
      '   Serialize obj.',
      '',
      '.. figure:: img/flow.png',
      '   :width: 50%',
      '',
      '   The data flow.',
    ].join('\n');
    assert.deepEqual(paragraphsOf(stripMarkup(text, 'rst')), ['dumps obj indent None', 'Serialize obj', 'The data flow']);
  });
});

describe('stripMarkup: AsciiDoc', () => {
  it('drops attributes, block attributes and delimiters, macros’ targets, comments, conditionals and code', () => {
    const text = [
      '= Git commit',
      ':toc: left',
      ':imagesdir: images',
      '',
      'NAME',
      '----',
      'git-commit - Record changes to the {litdd}repository',
      '',
      '// a comment',
      'ifdef::git-asciidoc-no-roff[]',
      'See linkgit:git-add[1], xref:config.adoc#core[core settings], link:https://git-scm.com[the site]',
      'and <<options,the options>> or <<examples>>.',
      'endif::git-asciidoc-no-roff[]',
      '',
      'NOTE: Hooks may run.',
      '',
      '[source,shell]',
      '----',
      '$ git commit -m "message"',
      '----',
      '',
      '////',
      'A comment block.',
      '////',
      '',
      'image::diagram.png[Commit diagram]',
      'include::config.adoc[]',
      '[[anchor]]',
      '.Examples',
      'Press kbd:[Ctrl+C] to stop.',
    ].join('\n');
    assert.deepEqual(paragraphsOf(stripMarkup(text, 'asciidoc')), [
      'Git commit',
      'NAME git commit Record changes to the repository',
      'See git add core settings the site and the options or',
      'Hooks may run',
      'Examples Press Ctrl C to stop',
    ]);
  });
});

describe('stripMarkup: Org', () => {
  it('drops keywords (keeping the title), drawers, planning, comments, block delimiters, code and link targets', () => {
    const text = [
      '#+TITLE: Release notes',
      '#+OPTIONS: toc:nil',
      '#+STARTUP: overview',
      '* TODO [#A] Ship the parser  :work:urgent:',
      '  SCHEDULED: <2024-03-01 Fri>',
      '  :PROPERTIES:',
      '  :CUSTOM_ID: parser',
      '  :END:',
      'Read [[https://orgmode.org][the manual]] and [[file:notes.org]] [1/3] {{{version}}}.',
      '# a comment',
      '#+BEGIN_SRC python :results output',
      'print("hello")',
      '#+END_SRC',
      '#+BEGIN_QUOTE',
      'Simple is better.',
      '#+END_QUOTE',
      ': fixed width output',
    ].join('\n');
    assert.deepEqual(wordsOf(stripMarkup(text, 'org')), [
      'Release',
      'notes',
      'Ship',
      'the',
      'parser',
      'Read',
      'the',
      'manual',
      'and',
      'Simple',
      'is',
      'better',
    ]);
  });
});

describe('stripMarkup: no reST markup survives (property)', () => {
  // Markup names are drawn from made-up words, prose and role content from real ones: any made-up word in the
  // output is markup that leaked.
  const PROSE = 'install package server request module function encode decode stream buffer'.split(' ');
  const ROLES = ['func', 'meth', 'py:class', 'c:macro', 'zqrole'];
  const DIRECTIVES = ['note', 'code-block', 'toctree', 'versionadded', 'zqdirective', 'py:function', 'index', 'highlight'];
  const OPTIONS = ['maxdepth', 'linenos', 'zqoption', 'caption'];
  const pick = <T>(random: Random, items: readonly T[]) => items[Math.floor(random() * items.length)];
  const words = (random: Random, n: number) => Array.from({ length: n }, () => pick(random, PROSE)).join(' ');

  function randomRst(random: Random): string {
    const lines: string[] = [];
    for (let block = 0; block < 8; block++) {
      const kind = Math.floor(random() * 7);
      if (kind === 0)
        lines.push(
          `${words(random, 3)} :${pick(random, ROLES)}:\`${pick(random, ['~', '!', ''])}${words(random, 1)}.${words(random, 1)}\` ${words(random, 2)}`,
        );
      if (kind === 1) {
        lines.push(`.. ${pick(random, DIRECTIVES)}::`);
        if (random() < 0.6) lines.push(`   :${pick(random, OPTIONS)}: ${random() < 0.5 ? '2' : ''}`);
        lines.push('', `   ${words(random, 4)}`);
      }
      if (kind === 2) lines.push(`.. _zqlabel${block}:`);
      if (kind === 3) lines.push(`.. |zqsub${block}| replace:: zqreplacement`, `${words(random, 2)} |zqsub${block}| ${words(random, 2)}`);
      if (kind === 4) lines.push(`.. zqcomment ${words(random, 2)}`, '   zqcomment continued');
      if (kind === 5) lines.push(`:zqfield: ${words(random, 3)}`);
      if (kind === 6) lines.push(`\`${words(random, 2)} <https://zq.example/${block}>\`_ ${words(random, 1)}_ ${words(random, 1)}`);
      lines.push('');
    }
    return lines.join('\n');
  }

  it('keeps no role, directive, option, target, substitution or comment of 300 random documents', () => {
    const random = seededRandom(7);
    for (let n = 0; n < 300; n++) {
      const text = randomRst(random);
      const stripped = stripMarkup(text, 'rst');
      assert.doesNotMatch(stripped, /:[\w:.+-]+:`|`:[\w:.+-]+:|^\s*\.\.\s|\|\w+\||zq/m, text);
      const kept = wordsOf(stripped).map((w) => w.toLowerCase());
      // Each kept word is prose or role content: no role, directive or option name ("func", "note", "maxdepth").
      assert.ok(
        kept.every((w) => PROSE.includes(w)),
        `${kept.join(' ')}\n---\n${text}`,
      );
    }
  });
});

describe('stripMarkup: pathological input', () => {
  // Patterns that backtrack badly take minutes on these; the bound only turns such a hang into a failure.
  it('reads long runs without the closing part of a pattern in time linear in their length', { timeout: 20_000 }, () => {
    const long = 200_000;
    const inputs = [
      `<a ${'x='.repeat(long / 2)}`,
      `${'a'.repeat(long)} no at-sign`,
      `:func:\`${'word '.repeat(long / 5)}`,
      `import ${'x, '.repeat(long / 3)}`,
      `link:${'x'.repeat(long)}`,
      `\`${'a '.repeat(long / 2)}`,
    ];
    for (const text of inputs) {
      for (const format of ['plain', 'markdown', 'rst', 'asciidoc', 'org'] as const) assert.equal(typeof stripMarkup(text, format), 'string');
    }
  });
});
