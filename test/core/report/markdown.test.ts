import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdownReport } from '../../../src/core/report/markdown';
import { sampleResult } from './sampleResult';

test('the Markdown report shows each topic\'s readable title beside its label, in the table and its section', () => {
  const result = sampleResult();
  const titled = { ...result, topics: result.topics.map((t) => (t.id === 0 ? { ...t, title: 'Installing *npm* | yarn' } : t)) };
  const lines = renderMarkdownReport(titled, { linkFor: () => null }).split('\n');
  const header = lines.indexOf('| Topic | Title | Count | Top words |');
  assert.ok(header >= 0, 'no topic table');
  assert.deepEqual(lines.slice(header + 2, header + 4), ['| 0: install\\_npm | Installing \\*npm\\* \\| yarn | 1 | install, npm |', '| 1: soup |  | 1 | soup |']);
  const section = lines.indexOf('## 0: install\\_npm');
  assert.deepEqual(lines.slice(section + 1, section + 4), ['', '**Installing \\*npm\\* \\| yarn**', '']);
  const untitled = lines.indexOf('## 1: soup');
  assert.match(lines[untitled + 2], /^1 documents · `1_soup`$/);
  assert.ok(!lines.some((line) => line.includes('Never shown')), 'the outliers got a title');
});
