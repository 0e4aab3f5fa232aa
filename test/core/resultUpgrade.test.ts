import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PARAMETERS, RESULT_VERSION } from '../../src/core/result';
import { upgradeResult } from '../../src/core/resultUpgrade';

/** Version 1's parameters: today's without nrTopics. */
const v1Parameters = Object.fromEntries(Object.entries(DEFAULT_PARAMETERS).filter(([key]) => key !== 'nrTopics'));
const v1 = {
  version: 1,
  createdAt: '2025-01-01T00:00:00.000Z',
  source: 'file:///docs',
  model: { id: 'bundled', dimension: 100 },
  parameters: v1Parameters,
  documents: [{ path: 'a.md', heading: null, startLine: 1, endLine: 3, topic: 0, probability: 1, x: 0, y: 0, snippet: 'a', hash: 'h' }],
  topics: [{ id: 0, count: 1, name: '0_a', words: [{ word: 'a', score: 1 }], representativeDocs: [0], embedding: [] }],
  skipped: [],
  timings: [],
};

describe('upgradeResult', () => {
  it('reads a version 1 result as the current version, without a hierarchy and without topic reduction', () => {
    const upgraded = upgradeResult(JSON.parse(JSON.stringify(v1)));
    assert.ok(upgraded);
    assert.equal(upgraded.upgradedFrom, 1);
    assert.equal(upgraded.result.version, RESULT_VERSION);
    assert.equal(upgraded.result.parameters.nrTopics, null);
    assert.equal(upgraded.result.hierarchy, undefined);
    assert.deepEqual(upgraded.result.documents, v1.documents);
    assert.deepEqual(upgraded.result.topics, v1.topics);
  });

  it('passes a current result through and refuses what it cannot read', () => {
    const current = { ...v1, version: RESULT_VERSION, parameters: DEFAULT_PARAMETERS, hierarchy: { merges: [] } };
    assert.equal(upgradeResult(current)?.result, current);
    assert.equal(upgradeResult(current)?.upgradedFrom, undefined);
    for (const bad of [null, 'text', { ...v1, version: 99 }, { ...v1, documents: undefined }, { ...v1, parameters: null }]) assert.equal(upgradeResult(bad), undefined);
  });
});
