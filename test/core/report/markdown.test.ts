/**
 * The Markdown report shows file names, headings, labels and messages literally, whatever they hold: checked by
 * rendering it with markdown-it (the renderer of VS Code's Markdown preview, CommonMark with GFM tables and
 * strikethrough), raw HTML allowed, as the worst case. And the section of topic groups.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { codeSpan, escapeMarkdown, renderMarkdownReport } from '../../../src/core/report/markdown';
import { type TopicLensResult } from '../../../src/core/result';
import { groupedResult, testDocument, testResult, testTopic } from '../../support/results';
import { titledResult } from './titledResult';

const markdown = new MarkdownIt({ html: true });

/** Texts that mean something to Markdown, HTML or GitHub, each on its own and at the start of a line. */
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '**bold** and *em* and _under_ and ~~gone~~',
  '[a link](https://example.com) and ![an image](x.png)',
  'a`code`span and ``double``',
  '# a heading',
  '- a list item',
  '+ another',
  '1. ordered',
  '2) ordered too',
  '> a quote',
  'cells | split | here',
  'fish &amp; chips &lt;b&gt; &#60;',
  'costs $5 and $6',
  'back\\slash \\* and \\',
  'line\nbreak\r\nand more',
];

function hostileResult(): TopicLensResult {
  const documents = HOSTILE.map((text, i) =>
    testDocument(`${text}.md`, i % 3 === 0 ? -1 : 0, { heading: HOSTILE[(i + 1) % HOSTILE.length], startLine: 3, endLine: 9 }),
  );
  const members = (topic: number) => documents.flatMap((d, i) => (d.topic === topic ? [i] : []));
  return testResult(
    documents,
    [
      testTopic(-1, members(-1).length),
      testTopic(0, members(0).length, {
        name: '0_under_score',
        words: [
          { word: 'under_score', score: 0.5 },
          { word: 'pipe|word', score: 0.4 },
        ],
        representativeDocs: members(0),
      }),
    ],
    {
      createdAt: '2025-01-01T00:00:00.000Z',
      source: 'file:///work/a%60b%60c',
      model: { id: 'openai:http://localhost/v1#`model`', dimension: 8 },
      skipped: HOSTILE.map((text) => ({ path: `skipped/${text}.md`, reason: 'binary' as const, detail: `It holds ${text}.` })),
    },
  );
}

/** The tokens of the rendered report, inline ones included, in order. */
function tokens(source: string): Token[] {
  return markdown.parse(source, {}).flatMap((token) => [token, ...(token.children ?? [])]);
}

/** What a reader sees of inline tokens: their text (code spans included), breaks as spaces. */
function shown(inline: readonly Token[]): string {
  return inline
    .map((token) =>
      token.type === 'text' || token.type === 'code_inline' ? token.content : token.type === 'softbreak' || token.type === 'hardbreak' ? ' ' : '',
    )
    .join('');
}

/** What a reader sees of the whole document. */
function visibleText(source: string): string {
  return shown(tokens(source));
}

describe('Markdown escaping', () => {
  for (const text of HOSTILE) {
    it(`shows ${JSON.stringify(text)} literally, in a list item, a cell and a heading`, () => {
      const flat = text.replace(/\r\n|\n/g, ' ');
      for (const [source, structure] of [
        [
          `- ${escapeMarkdown(text)}\n`,
          ['bullet_list_open', 'list_item_open', 'paragraph_open', 'inline', 'paragraph_close', 'list_item_close', 'bullet_list_close'],
        ],
        [`| a | b |\n|---|---|\n| ${escapeMarkdown(text)} | x |\n`, null],
        [`## ${escapeMarkdown(text)}\n`, ['heading_open', 'inline', 'heading_close']],
      ] as const) {
        const blocks = markdown.parse(source, {});
        if (structure)
          assert.deepEqual(
            blocks.map((t) => t.type),
            structure,
            source,
          );
        else assert.equal(blocks.filter((t) => t.type === 'td_open').length, 2, `the row has more or fewer cells: ${source}`);
        const inline = blocks.flatMap((t) => t.children ?? []);
        assert.deepEqual(
          inline.filter((t) => t.type !== 'text').map((t) => t.type),
          [],
          `markup in ${source}`,
        );
        assert.ok(visibleText(source).includes(flat), `${JSON.stringify(visibleText(source))} does not show ${JSON.stringify(flat)}`);
      }
    });
  }

  it('a code span shows any text whole, backticks included', () => {
    for (const text of ['plain', 'a`b', '``x``', '`start', 'end`', 'a\nb']) {
      const inline = markdown.parseInline(codeSpan(text), {})[0].children ?? [];
      assert.deepEqual(
        inline.map((t) => [t.type, t.content]),
        [['code_inline', text.replace('\n', ' ')]],
        codeSpan(text),
      );
    }
  });
});

describe('renderMarkdownReport', () => {
  it('renders hostile file names, headings, labels, words and messages as text, links only where it makes them', () => {
    const result = hostileResult();
    const labels = new Map([[0, '*Important* | <i>x</i> # [y](z)']]);
    const report = renderMarkdownReport(result, { linkFor: (doc) => `docs/${doc.path}#L${doc.startLine}`, customLabels: labels });
    const all = tokens(report);
    const types = new Set(all.map((t) => t.type));
    for (const markup of ['html_inline', 'html_block', 'em_open', 's_open', 'image', 'blockquote_open', 'ordered_list_open']) {
      assert.equal(types.has(markup), false, `the report holds ${markup}`);
    }
    // The only bold text is the report's own count of topics.
    const bold = all.flatMap((t, i) => (t.type === 'strong_open' ? [all[i + 1].content] : []));
    assert.deepEqual(bold, ['1 topics']);
    // Headings: the title, one per topic, and the fixed sections, nothing from the data.
    const headings = all.flatMap((t, i) => (t.type === 'heading_open' ? [shown(all[i + 1].children ?? [])] : []));
    assert.deepEqual(headings, ['Topic Lens report', `0: ${labels.get(0)}`, 'Outliers (6)', 'Skipped files (16)', 'Timings']);
    // Links: one per listed document, each to the target linkFor gave.
    const hrefs = all.filter((t) => t.type === 'link_open').map((t) => decodeURIComponent(t.attrGet('href') ?? ''));
    const listed = result.documents.filter((d) => d.topic === -1 || d.topic === 0).map((d) => `docs/${d.path}#L3`);
    assert.deepEqual([...hrefs].sort(), [...listed].sort());
    const text = visibleText(report);
    for (const doc of result.documents) assert.ok(text.includes(`${doc.path} › ${doc.heading} (line 3)`.replace(/\r\n|\n/g, ' ')), doc.path);
    for (const skip of result.skipped) {
      assert.ok(text.includes(skip.path.replace(/\r\n|\n/g, ' ')), skip.path);
      assert.ok(text.includes(skip.detail.replace(/\r\n|\n/g, ' ')), skip.detail);
    }
    assert.ok(text.includes('/work/a`b`c'), 'the source');
    assert.ok(text.includes('openai:http://localhost/v1#`model`'), 'the model id');
    assert.ok(text.includes('under_score, pipe|word'), 'the topic words in the table');
  });
});

describe('renderMarkdownReport: topic groups', () => {
  const { result, groups } = groupedResult([0, 0, 0, 1, 1, 2, 2, 2, 2, -1]);

  it('lists the groups of several topics with their documents, share and topics, largest first', () => {
    const report = renderMarkdownReport(result, { linkFor: () => null, groups, customLabels: new Map([[1, 'Setting up']]) });
    const section = report.slice(report.indexOf('## Topic groups (1)'), report.indexOf('## 0: install'));
    assert.match(section, /^\| install · setup \| 5 \| 50\.0 % \| 0: install, 1: Setting up \|$/m);
    assert.ok(!section.includes('2: api'), 'a topic alone is no group');
  });

  it('has no groups section when every topic stands alone', () => {
    assert.ok(!renderMarkdownReport(result, { linkFor: () => null }).includes('Topic groups'));
    assert.ok(!renderMarkdownReport(result, { linkFor: () => null, groups: [groups[1]] }).includes('Topic groups'));
  });
});

describe('renderMarkdownReport: titles', () => {
  it("shows each topic's readable title beside its label, in the table and its section", () => {
    const result = titledResult();
    const titled = { ...result, topics: result.topics.map((t) => (t.id === 0 ? { ...t, title: 'Installing *npm* | yarn' } : t)) };
    const lines = renderMarkdownReport(titled, { linkFor: () => null }).split('\n');
    const header = lines.indexOf('| Topic | Title | Count | Top words |');
    assert.ok(header >= 0, 'no topic table');
    assert.deepEqual(lines.slice(header + 2, header + 4), [
      '| 0: install\\_npm | Installing \\*npm\\* \\| yarn | 1 | install, npm |',
      '| 1: soup |  | 1 | soup |',
    ]);
    const section = lines.indexOf('## 0: install\\_npm');
    assert.deepEqual(lines.slice(section + 1, section + 4), ['', '**Installing \\*npm\\* \\| yarn**', '']);
    const untitled = lines.indexOf('## 1: soup');
    assert.match(lines[untitled + 2], /^1 documents · `1_soup`$/);
  });
});

describe('renderMarkdownReport: weakly placed documents', () => {
  it("says how many of each topic's documents are weakly placed, and nothing for a topic without any", () => {
    const documents = [
      testDocument('a.md', 0),
      testDocument('b.md', 0, { weak: true }),
      testDocument('c.md', 0, { weak: true }),
      testDocument('d.md', 1),
      testDocument('e.md', 2, { weak: true }),
      testDocument('f.md', -1),
    ];
    const result = testResult(documents, [testTopic(-1, 1), testTopic(0, 3), testTopic(1, 1), testTopic(2, 1)]);
    const report = renderMarkdownReport(result, { linkFor: () => null });
    assert.match(report, /^3 documents \(2 weakly placed\) · `0_x`$/m);
    assert.match(report, /^1 documents · `1_x`$/m);
    assert.match(report, /^1 documents \(1 weakly placed\) · `2_x`$/m);
  });
});
