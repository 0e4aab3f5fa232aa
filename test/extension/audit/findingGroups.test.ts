import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, FindingKind } from '../../../src/core/audit/finding';
import { auditSummary, canCompare, findingsPerTopic, groupFindings, locationText } from '../../../src/extension/audit/findingGroups';

function finding(kind: FindingKind, fingerprint: string, places: number, topics?: number[]): Finding {
  return {
    fingerprint,
    kind,
    severity: 'warning',
    message: `${kind} ${fingerprint}`,
    score: 1,
    locations: Array.from({ length: places }, (_, i) => ({ path: `docs/${fingerprint}-${i}.md`, startLine: 1 + i * 10, endLine: 5 + i * 10 })),
    ...(topics ? { topics } : {}),
  };
}

const FINDINGS = [
  finding('stale', 'stale:a', 1, [2]),
  finding('near-duplicate', 'near-duplicate:x', 2, [0, 1]),
  finding('near-duplicate', 'near-duplicate:y', 3, [0]),
  finding('broken-link', 'broken-link:z', 1),
];

test('findings are grouped by kind in the order of the kinds, counted, each keeping its order within the kind', () => {
  const groups = groupFindings(FINDINGS, () => false, false);
  assert.deepEqual(
    groups.map((g) => [g.kind, g.title, g.open, g.dismissed]),
    [
      ['near-duplicate', 'Near-duplicates', 2, 0],
      ['stale', 'Stale pages', 1, 0],
      ['broken-link', 'Broken links', 1, 0],
    ],
  );
  assert.deepEqual(
    groups[0].findings.map((f) => f.finding.fingerprint),
    ['near-duplicate:x', 'near-duplicate:y'],
  );
});

test('dismissed findings are hidden and counted apart; a kind with only dismissed findings goes; Show Dismissed lists them marked', () => {
  const dismissed = new Set(['near-duplicate:x', 'stale:a']);
  const hidden = groupFindings(FINDINGS, (f) => dismissed.has(f), false);
  assert.deepEqual(
    hidden.map((g) => [g.kind, g.open, g.dismissed, g.findings.length]),
    [
      ['near-duplicate', 1, 1, 1],
      ['broken-link', 1, 0, 1],
    ],
  );
  const shown = groupFindings(FINDINGS, (f) => dismissed.has(f), true);
  assert.deepEqual(
    shown.map((g) => [g.kind, g.open, g.dismissed, g.findings.map((f) => f.dismissed)]),
    [
      ['near-duplicate', 1, 1, [true, false]],
      ['stale', 0, 1, [true]],
      ['broken-link', 1, 0, [false]],
    ],
  );
});

test('topic badges count the findings that are not dismissed, once per finding', () => {
  const withRepeat = [...FINDINGS, finding('orphan', 'orphan:o', 1, [1, 1])];
  assert.deepEqual(
    [...findingsPerTopic(withRepeat, () => false)].sort((a, b) => a[0] - b[0]),
    [
      [0, 2],
      [1, 2],
      [2, 1],
    ],
  );
  assert.deepEqual(
    [...findingsPerTopic(withRepeat, (f) => f === 'near-duplicate:x')].sort((a, b) => a[0] - b[0]),
    [
      [0, 1],
      [1, 1],
      [2, 1],
    ],
  );
});

test('Compare is offered on near-duplicates with two places or more, only', () => {
  assert.equal(canCompare(FINDINGS[1]), true);
  assert.equal(canCompare(FINDINGS[2]), true);
  assert.equal(canCompare(finding('near-duplicate', 'near-duplicate:one', 1)), false);
  assert.equal(canCompare(finding('boilerplate', 'boilerplate:b', 2)), false);
});

test('places and the summary read as a person would write them', () => {
  assert.equal(locationText({ path: 'a/b.md', startLine: 3, endLine: 9 }), 'a/b.md:3–9');
  assert.equal(locationText({ path: 'a/b.md', startLine: 4, endLine: 4 }), 'a/b.md:4');
  assert.equal(
    auditSummary(FINDINGS, () => false, false),
    '4 findings.',
  );
  assert.equal(
    auditSummary(FINDINGS, (f) => f === 'stale:a', false),
    '3 findings, 1 dismissed.',
  );
  assert.equal(
    auditSummary(FINDINGS.slice(0, 1), () => false, true),
    '1 finding. Audit settings changed since: Refresh to apply them.',
  );
  assert.match(
    auditSummary([], () => false, false),
    /^No findings/,
  );
});
