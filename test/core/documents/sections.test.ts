import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../../src/core/random';
import { countWords, splitText } from '../../../src/core/documents/sections';
import { formatOfPath, textStructure } from '../../../src/core/documents/structure';
import type { SourceDocument } from '../../../src/core/documents/types';

const VOCABULARY = 'river stone garden lamp window paper music winter forest harbour engine candle bridge orchard market'.split(' ');

function sentence(random: Random, words: number): string {
  return Array.from({ length: words }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]).join(' ');
}

/** The file's lines a document claims, joined. */
function claimed(text: string, doc: SourceDocument): string {
  return text
    .split('\n')
    .slice(doc.startLine - 1, doc.endLine)
    .join('\n');
}

/** A document's text is its lines, or its heading then its lines (pieces after a section's first). */
function assertTextIsItsLines(text: string, doc: SourceDocument): void {
  const lines = claimed(text, doc);
  if (doc.text === lines) return;
  assert.ok(doc.heading !== null, `${doc.startLine}-${doc.endLine}: text differs from its lines and has no heading`);
  assert.equal(doc.text, `${doc.heading}\n\n${lines}`);
}

describe('splitText: Markdown', () => {
  const random = seededRandom(1);
  const intro = sentence(random, 30);
  const usage = sentence(random, 30);
  const notes = sentence(random, 30);
  const text = [
    '---',
    'title: Front matter',
    '# a YAML comment, not a heading',
    '---',
    '',
    '# Intro',
    '',
    intro,
    '',
    '```sh',
    '# a shell comment, not a heading',
    '',
    '## still code',
    '```',
    '',
    'Usage',
    '=====',
    '',
    usage,
    '',
    '~~~~',
    'Fake',
    '----',
    '~~~~',
    '',
    'Notes ##',
    '--------',
    notes,
    '',
  ].join('\n');
  const docs = splitText('guide.md', text);

  it('cuts at ATX and setext headings only, never inside front matter or fenced code', () => {
    assert.deepEqual(
      docs.map((d) => d.heading),
      ['Intro', 'Usage', 'Notes ##'],
    );
  });

  it('gives each section the exact lines of its heading and text', () => {
    const lines = text.split('\n');
    assert.deepEqual(
      docs.map((d) => [d.startLine, d.endLine]),
      [
        [lines.indexOf('# Intro') + 1, lines.indexOf('```', lines.indexOf('```sh') + 1) + 1],
        [lines.indexOf('Usage') + 1, lines.lastIndexOf('~~~~') + 1],
        [lines.indexOf('Notes ##') + 1, lines.indexOf(notes) + 1],
      ],
    );
    for (const doc of docs) {
      assert.equal(doc.text, claimed(text, doc));
      assert.ok(claimed(text, doc).includes(doc.heading!));
    }
    assert.ok(docs[0].text.includes(intro) && docs[0].text.includes('# a shell comment'));
    assert.ok(docs[1].text.includes(usage));
    assert.ok(docs[2].text.includes(notes));
    assert.ok(!docs.some((d) => d.text.includes('YAML comment')), 'front matter is metadata, not text');
  });

  it('reads a closing-hash ATX heading and keeps a lone "#" heading without text', () => {
    const [first, second] = splitText('x.md', `## Setup ##\n\n${sentence(random, 25)}\n\n#\n\n${sentence(random, 25)}`);
    assert.equal(first.heading, 'Setup');
    assert.equal(second.heading, null);
    assert.equal(second.startLine, 5);
  });

  it('does not take a thematic break, a list item or a "#tag" for a heading', () => {
    const body = sentence(random, 25);
    const docs = splitText('x.md', `${body}\n\n---\n\n- item\n---\n\n#tag ${body}`);
    assert.equal(docs.length, 1);
    assert.equal(docs[0].heading, null);
  });

  it('treats extension-less README-like files as Markdown and .txt as plain paragraphs', () => {
    assert.equal(formatOfPath('pkg/README'), 'markdown');
    assert.equal(formatOfPath('notes.TXT'), 'plain');
    assert.equal(formatOfPath('a/b.mdx'), 'markdown');
    assert.equal(formatOfPath('.hidden'), 'markdown');
  });
});

describe('splitText: other markups', () => {
  const random = seededRandom(2);
  const body = () => sentence(random, 25);

  it('reStructuredText: underlined and over-and-underlined titles, not indented literal blocks', () => {
    const a = body();
    const b = body();
    const c = body();
    const text = [
      '=========',
      ' Project',
      '=========',
      '',
      a,
      '',
      'Install',
      '-------',
      '',
      b,
      '::',
      '',
      '    Not a title',
      '    -----------',
      '',
      'API',
      '~~~',
      c,
    ].join('\n');
    const docs = splitText('index.rst', text);
    assert.deepEqual(
      docs.map((d) => [d.heading, d.startLine, d.endLine]),
      [
        ['Project', 1, 5],
        ['Install', 7, 14],
        ['API', 16, 18],
      ],
    );
    for (const doc of docs) assert.equal(doc.text, claimed(text, doc));
  });

  it('reStructuredText: a transition line between paragraphs is not a title', () => {
    const docs = splitText('x.rst', `${body()}\n\n----------\n\n${body()}`);
    assert.deepEqual(
      docs.map((d) => d.heading),
      [null],
    );
  });

  it('AsciiDoc: "=" titles, not inside listing blocks', () => {
    const text = ['= Manual', '', body(), '', '== Build', '', '----', '== not a title', '----', body(), '', '=== Test ===', body()].join('\n');
    const docs = splitText('manual.adoc', text);
    assert.deepEqual(
      docs.map((d) => [d.heading, d.startLine, d.endLine]),
      [
        ['Manual', 1, 3],
        ['Build', 5, 10],
        ['Test', 12, 13],
      ],
    );
  });

  it('AsciiDoc: two-line titles (as in git’s manuals), whose "----" underline opens no listing block', () => {
    const text = [
      'git-commit(1)',
      '=============',
      '',
      'NAME',
      '----',
      body(),
      '',
      'OPTIONS',
      '-------',
      body(),
      '',
      'Then run:',
      '----',
      '$ git commit',
      'Notes',
      '----',
    ].join('\n');
    const docs = splitText('git-commit.adoc', text);
    assert.deepEqual(
      docs.map((d) => [d.heading, d.startLine, d.endLine]),
      [
        ['git-commit(1)', 1, 6],
        ['OPTIONS', 8, 16],
      ],
      '"Notes" inside the listing block is no title; "NAME" joins the title before it (too short alone)',
    );
    const { blocks } = textStructure(text.split('\n'), 'asciidoc');
    assert.deepEqual(blocks, [{ first: 12, last: 15 }]);
  });

  it('Org: star headings without their tags, not inside source blocks', () => {
    const text = ['* Plans  :work:', body(), '#+BEGIN_SRC text', '* not a heading', '#+END_SRC', '** Done', body()].join('\n');
    const docs = splitText('todo.org', text);
    assert.deepEqual(
      docs.map((d) => [d.heading, d.startLine, d.endLine]),
      [
        ['Plans', 1, 5],
        ['Done', 6, 7],
      ],
    );
  });

  it('plain text: one document per paragraph, with its lines', () => {
    const [a, b, c] = [body(), body(), body()];
    const text = `\n${a}\n${b}\n\n\n${c}\n`;
    const docs = splitText('notes.txt', text);
    assert.deepEqual(
      docs.map((d) => [d.heading, d.startLine, d.endLine]),
      [
        [null, 2, 3],
        [null, 6, 6],
      ],
    );
    assert.equal(docs[0].text, `${a}\n${b}`);
    assert.equal(docs[1].text, c);
  });
});

describe('splitText: budget and merging', () => {
  it('splits a long section at paragraph boundaries, each piece within budget and carrying its heading', () => {
    const random = seededRandom(3);
    const paragraphs = Array.from({ length: 10 }, () => sentence(random, 40));
    const text = `# Long section\n\n${paragraphs.join('\n\n')}\n`;
    const docs = splitText('long.md', text, { maxWords: 100 });
    assert.ok(docs.length >= 5, `${docs.length} pieces`);
    for (const doc of docs) {
      assert.ok(countWords(doc.text) <= 100, `${countWords(doc.text)} words`);
      assert.equal(doc.heading, 'Long section');
      assertTextIsItsLines(text, doc);
      // Every piece starts at a paragraph (or the heading).
      const first = text.split('\n')[doc.startLine - 1];
      assert.ok(first === '# Long section' || paragraphs.includes(first));
    }
    assert.equal(docs[0].startLine, 1);
    assert.ok(
      docs.slice(1).every((d) => d.text.startsWith('Long section\n\n')),
      'later pieces repeat the heading',
    );
    // No line is lost or claimed twice.
    const claimedLines = docs.flatMap((d) => Array.from({ length: d.endLine - d.startLine + 1 }, (_, i) => d.startLine + i));
    assert.equal(new Set(claimedLines).size, claimedLines.length);
    for (const p of paragraphs) assert.ok(claimedLines.includes(text.split('\n').indexOf(p) + 1));
  });

  it('splits one paragraph longer than the budget by lines, and one long line by words', () => {
    const random = seededRandom(4);
    const lines = Array.from({ length: 40 }, () => sentence(random, 12));
    const longLine = sentence(random, 700);
    const text = `${lines.join('\n')}\n\n${longLine}`;
    const docs = splitText('wall.txt', text, { maxWords: 100 });
    for (const doc of docs) assert.ok(countWords(doc.text) <= 100, `${countWords(doc.text)} words`);
    const byLines = docs.filter((d) => d.endLine <= 40);
    assert.deepEqual(byLines.map((d) => d.text).join('\n'), lines.join('\n'));
    const byWords = docs.filter((d) => d.startLine === 42);
    assert.ok(byWords.every((d) => d.endLine === 42));
    assert.equal(byWords.map((d) => d.text).join(' '), longLine);
    assert.equal(byLines.length + byWords.length, docs.length);
  });

  it('keeps a heading with the start of an over-long paragraph instead of alone', () => {
    const random = seededRandom(5);
    const text = `## Options\n${Array.from({ length: 30 }, () => `- ${sentence(random, 15)}`).join('\n')}`;
    const docs = splitText('opts.md', text, { maxWords: 120 });
    assert.ok(docs[0].text.startsWith('## Options\n- '));
    assert.ok(docs.every((d) => countWords(d.text) >= 20));
  });

  it('merges a tiny section with the next one when the sum fits', () => {
    const random = seededRandom(6);
    const install = sentence(random, 60);
    const text = `# Tool\n\nDoes one thing.\n\n## Install\n\n${install}\n`;
    const docs = splitText('README.md', text);
    assert.equal(docs.length, 1);
    assert.deepEqual([docs[0].heading, docs[0].startLine, docs[0].endLine], ['Tool', 1, 7]);
    assert.equal(docs[0].text, claimed(text, docs[0]));
  });

  it('does not merge when the sum would exceed the budget; a tiny last section joins the one before', () => {
    const random = seededRandom(7);
    const text = `# A\n\n${sentence(random, 5)}\n\n# B\n\n${sentence(random, 90)}\n\n# C\n\n${sentence(random, 3)}`;
    const docs = splitText('x.md', text, { maxWords: 97 });
    assert.deepEqual(
      docs.map((d) => [d.heading, countWords(d.text) <= 97]),
      [
        ['A', true],
        ['B', true],
      ],
    );
    assert.equal(docs[1].endLine, text.split('\n').length);
  });

  it('unit "file": the whole text as one document without heading', () => {
    const text = '\n\n# Title\n\nbody line\n\n';
    assert.deepEqual(splitText('a.md', text, { unit: 'file' }), [{ path: 'a.md', heading: null, startLine: 3, endLine: 5, text: '# Title\n\nbody line' }]);
  });

  it('property: random Markdown and plain-text files are covered line for line, in order, within budget', () => {
    const random = seededRandom(8);
    for (let trial = 0; trial < 40; trial++) {
      const parts: string[] = [];
      const blocks = 1 + Math.floor(random() * 25);
      for (let b = 0; b < blocks; b++) {
        const r = random();
        if (r < 0.25) parts.push(`${'#'.repeat(1 + Math.floor(random() * 3))} ${sentence(random, 1 + Math.floor(random() * 5))}`);
        else if (r < 0.35) parts.push(`\`\`\`\n# ${sentence(random, 3)}\n\n${sentence(random, 10)}\n\`\`\``);
        else parts.push(Array.from({ length: 1 + Math.floor(random() * 6) }, () => sentence(random, 1 + Math.floor(random() * 20))).join('\n'));
      }
      const text = parts.join(random() < 0.5 ? '\n\n' : '\n');
      const maxWords = 30 + Math.floor(random() * 100);
      const docs = splitText(trial % 2 === 0 ? 'random.md' : 'random.txt', text, { maxWords });
      const lines = text.split('\n');
      let previousEnd = 0;
      const covered = new Set<number>();
      for (const doc of docs) {
        assert.ok(doc.startLine > previousEnd && doc.endLine >= doc.startLine, `trial ${trial}: ranges in order`);
        assert.ok(countWords(doc.text) <= maxWords, `trial ${trial}: ${countWords(doc.text)} > ${maxWords}`);
        assertTextIsItsLines(text, doc);
        for (let line = doc.startLine; line <= doc.endLine; line++) covered.add(line);
        previousEnd = doc.endLine;
      }
      lines.forEach((line, i) => {
        if (line.trim() !== '') assert.ok(covered.has(i + 1), `trial ${trial}: line ${i + 1} lost`);
      });
    }
  });
});
