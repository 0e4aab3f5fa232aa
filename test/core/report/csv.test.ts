import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, renderCsvReport } from '../../../src/core/report/csv';
import { groupedResult } from '../../support/results';
import { titledResult } from './titledResult';

test('csvCell quotes separators and defuses formulas', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvCell('@cmd'), "'@cmd");
  assert.equal(csvCell(0.25), '0.25');
});

test('renderCsvReport writes one row per document with its topic label and title', () => {
  const result = titledResult();
  const lines = renderCsvReport(result, new Map([[0, 'Setup']]))
    .trimEnd()
    .split('\r\n');
  assert.equal(lines.length, 1 + result.documents.length);
  assert.equal(lines[0], 'path,heading,start_line,end_line,topic,topic_label,topic_title,probability');
  assert.equal(lines[1], 'a.md,"Intro, part 1",3,9,0,0: Setup,"Installing, with npm",0.9123');
  assert.equal(lines[2], 'b.md,,1,4,-1,Unassigned (-1),,0');
  assert.equal(lines[3], 'c.md,,1,1,-2,Not embeddable,,0');
  assert.equal(lines[4], 'd.md,Cooking,1,2,1,1: soup,,1');
  assert.equal(renderCsvReport(result).split('\r\n')[1], 'a.md,"Intro, part 1",3,9,0,0: install_npm,"Installing, with npm",0.9123');
});

test('renderCsvReport adds the group of each document when topics are shown in groups', () => {
  const { result, groups } = groupedResult([0, 1, 2, -1]);
  const lines = renderCsvReport(result, new Map([[3, 'Getting started']]), groups)
    .trimEnd()
    .split('\r\n');
  assert.equal(lines[0], 'path,heading,start_line,end_line,topic,topic_label,topic_title,probability,group,group_label');
  assert.equal(lines[1], 'd0.md,,1,1,0,0: install,,1,3,Getting started');
  assert.equal(lines[3], 'd2.md,,1,1,2,2: api,,1,2,2: api');
  assert.equal(lines[4], 'd3.md,,1,1,-1,Unassigned (-1),,1,,');
  assert.equal(renderCsvReport(result, undefined, groups).split('\r\n')[2], 'd1.md,,1,1,1,1: setup,,1,3,install · setup');
  // Every topic alone: no group columns.
  assert.equal(renderCsvReport(result, undefined, [groups[1]]).split('\r\n')[0], 'path,heading,start_line,end_line,topic,topic_label,topic_title,probability');
});
