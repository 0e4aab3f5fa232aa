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

test('renderCsvReport adds the group of each document when topics are shown in groups', () => {
  const topic = (id: number, word: string) => ({ id, count: 1, name: `${id}_${word}`, words: [{ word, score: 1 }], representativeDocs: [], embedding: [] });
  const doc = (path: string, topicId: number) => ({ path, heading: null, startLine: 1, endLine: 2, topic: topicId, probability: 1, x: 0, y: 0, snippet: '', hash: path });
  const result: TopicLensResult = {
    version: RESULT_VERSION,
    createdAt: '',
    source: 'file:///ws',
    model: { id: 'test', dimension: 1 },
    parameters: DEFAULT_PARAMETERS,
    documents: [doc('a.md', 0), doc('b.md', 1), doc('c.md', 2), doc('d.md', -1)],
    topics: [topic(-1, ''), topic(0, 'install'), topic(1, 'setup'), topic(2, 'api')],
    skipped: [],
    timings: [],
  };
  const groups = [
    { id: 3, topics: [0, 1], words: [{ word: 'install', score: 1 }, { word: 'setup', score: 0.5 }] },
    { id: 2, topics: [2], words: [] },
  ];
  const lines = renderCsvReport(result, new Map([[3, 'Getting started']]), groups).trimEnd().split('\r\n');
  assert.equal(lines[0], 'path,heading,start_line,end_line,topic,topic_label,probability,group,group_label');
  assert.equal(lines[1], 'a.md,,1,2,0,0: install,1,3,Getting started');
  assert.equal(lines[3], 'c.md,,1,2,2,2: api,1,2,2: api');
  assert.equal(lines[4], 'd.md,,1,2,-1,Unassigned (-1),1,,');
  assert.equal(renderCsvReport(result, undefined, groups).split('\r\n')[2], 'b.md,,1,2,1,1: setup,1,3,install · setup');
  // Every topic alone: no group columns.
  assert.equal(renderCsvReport(result, undefined, [groups[1]]).split('\r\n')[0], 'path,heading,start_line,end_line,topic,topic_label,probability');
});
