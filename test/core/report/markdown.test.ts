import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdownReport } from '../../../src/core/report/markdown';
import { DEFAULT_PARAMETERS, RESULT_VERSION, type TopicLensResult } from '../../../src/core/result';

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
