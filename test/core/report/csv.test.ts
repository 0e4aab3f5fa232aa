import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, renderCsvReport } from '../../../src/core/report/csv';
import { DEFAULT_PARAMETERS, RESULT_VERSION, type TopicLensResult } from '../../../src/core/result';

test('csvCell quotes separators and defuses formulas', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvCell('@cmd'), "'@cmd");
  assert.equal(csvCell(0.25), '0.25');
});

test('renderCsvReport writes one row per document with its topic label', () => {
  const result: TopicLensResult = {
    version: RESULT_VERSION,
    createdAt: '',
    source: 'file:///ws',
    model: { id: 'test', dimension: 1 },
    parameters: DEFAULT_PARAMETERS,
    documents: [
      { path: 'a.md', heading: 'Intro, part 1', startLine: 3, endLine: 9, topic: 0, probability: 0.912345, x: 0, y: 0, snippet: '', hash: 'a' },
      { path: 'b.md', heading: null, startLine: 1, endLine: 4, topic: -1, probability: 0, x: 0, y: 0, snippet: '', hash: 'b' },
      { path: 'c.md', heading: null, startLine: 1, endLine: 1, topic: -2, probability: 0, x: 0, y: 0, snippet: '', hash: 'c' },
    ],
    topics: [
      { id: -1, count: 1, name: '-1_x', words: [], representativeDocs: [], embedding: [] },
      { id: 0, count: 1, name: '0_install_npm', words: [{ word: 'install', score: 1 }, { word: 'npm', score: 0.5 }], representativeDocs: [0], embedding: [] },
    ],
    skipped: [],
    timings: [],
  };
  const lines = renderCsvReport(result, new Map([[0, 'Setup']])).trimEnd().split('\r\n');
  assert.equal(lines.length, 1 + result.documents.length);
  assert.equal(lines[0], 'path,heading,start_line,end_line,topic,topic_label,probability');
  assert.equal(lines[1], 'a.md,"Intro, part 1",3,9,0,0: Setup,0.9123');
  assert.equal(lines[2], 'b.md,,1,4,-1,Unassigned (-1),0');
  assert.equal(lines[3], 'c.md,,1,1,-2,Not embeddable,0');
  assert.equal(renderCsvReport(result).split('\r\n')[1], 'a.md,"Intro, part 1",3,9,0,0: install_npm,0.9123');
});
