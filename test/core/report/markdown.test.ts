/**
 * topics.md with hostile file names, headings and skip entries, rendered by markdown-it (VS Code's Markdown
 * preview) with raw HTML allowed, as GitHub and the preview allow it: every name stays text. And the section of
 * topic groups.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import MarkdownIt from 'markdown-it';
import { DEFAULT_PARAMETERS, RESULT_VERSION, type TopicLensResult } from '../../../src/core/result';
import { renderMarkdownReport } from '../../../src/core/report/markdown';
import { sampleResult } from '../../support/result';

const HOSTILE = [
  '<img src=x onerror=alert(1)>.md',
  '</script><script>alert(2)</script>.md',
  '`tick` and ``two`` ticks.md',
  '[link](javascript:alert(3)).md',
  '&lt;b&gt;entity&lt;/b&gt; * _ | ~.md',
  'a\nnew line.md',
  ') closing (paren.md',
  'notes.md',
  'x.md',
];

function hostileResult(): TopicLensResult {
  const result = sampleResult((i) => `docs/${HOSTILE[i]}`);
  return {
    ...result,
    documents: result.documents.map((doc, i) => ({ ...doc, heading: i % 2 ? HOSTILE[(i + 3) % HOSTILE.length] : doc.heading })),
    skipped: HOSTILE.map((name) => ({ path: name, reason: 'encoding', detail: `The file ${name} is not valid UTF-8.` })),
    source: 'file:///work/%3Cimg%20src=x%20onerror=alert(4)%3E',
  };
}

describe('renderMarkdownReport on hostile names', () => {
  const report = renderMarkdownReport(hostileResult(), { linkFor: (doc) => `../${doc.path}#L${doc.startLine}` });
  const html = new MarkdownIt({ html: true, linkify: false }).render(report);

  it('renders no HTML element from a name, heading or detail', () => {
    const elements = [...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((match) => match[1].toLowerCase());
    const allowed = new Set(['h1', 'h2', 'p', 'strong', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'a', 'br']);
    assert.deepEqual([...new Set(elements.filter((tag) => !allowed.has(tag)))], []);
    assert.doesNotMatch(html, /href="javascript:/i);
  });

  it('shows every skipped path and its detail as written, one list item each', () => {
    const items = [...html.matchAll(/<li>(.*?)<\/li>/gs)].map((match) => match[1]);
    // What a browser shows: the tags go, each entity is decoded once.
    const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&', '#39': "'" };
    const text = (fragment: string) => fragment.replace(/<[^>]+>/g, '').replace(/&(lt|gt|quot|amp|#39);/g, (_, name: string) => entities[name]);
    for (const name of HOSTILE) {
      const shown = name.replace(/\n/g, ' ');
      assert.ok(items.some((item) => text(item) === `${shown} — encoding: The file ${shown} is not valid UTF-8.`), `${JSON.stringify(name)} in ${JSON.stringify(items.map(text))}`);
    }
  });

  it('links each representative document to its own file', () => {
    const links = [...html.matchAll(/<a href="([^"]*)">/g)].map((match) => decodeURIComponent(match[1]));
    const result = hostileResult();
    const representatives = result.topics.flatMap((t) => t.representativeDocs).map((i) => result.documents[i]);
    for (const doc of representatives) assert.ok(links.includes(`../${doc.path}#L${doc.startLine}`), `${JSON.stringify(doc.path)} among ${JSON.stringify(links)}`);
  });
});

describe('renderMarkdownReport: topic groups', () => {
  const topic = (id: number, word: string, count: number) => ({ id, count, name: `${id}_${word}`, words: [{ word, score: 1 }], representativeDocs: [], embedding: [] });
  const doc = (i: number, topicId: number) => ({ path: `d${i}.md`, heading: null, startLine: 1, endLine: 2, topic: topicId, probability: 1, x: 0, y: 0, snippet: '', hash: String(i) });
  const result: TopicLensResult = {
    version: RESULT_VERSION,
    createdAt: '',
    source: 'file:///ws',
    model: { id: 'test', dimension: 1 },
    parameters: DEFAULT_PARAMETERS,
    documents: [0, 0, 0, 1, 1, 2, 2, 2, 2, -1].map((t, i) => doc(i, t)),
    topics: [topic(-1, '', 1), topic(0, 'install', 3), topic(1, 'setup', 2), topic(2, 'api', 4)],
    skipped: [],
    timings: [],
  };
  const groups = [
    { id: 3, topics: [0, 1], words: [{ word: 'install', score: 1 }, { word: 'setup', score: 0.5 }] },
    { id: 2, topics: [2], words: [] },
  ];

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
