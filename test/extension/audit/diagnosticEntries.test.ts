import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/core/audit/finding';
import { diagnosticEntries } from '../../../src/extension/audit/diagnosticEntries';

const DUPLICATE: Finding = {
  fingerprint: 'near-duplicate:1',
  kind: 'near-duplicate',
  severity: 'warning',
  message: 'These two sections say the same thing.',
  score: 0.9,
  locations: [
    { path: 'a.md', startLine: 3, endLine: 12, heading: 'Install' },
    { path: 'b.md', startLine: 1, endLine: 8 },
  ],
};
const STALE: Finding = {
  fingerprint: 'stale:1',
  kind: 'stale',
  severity: 'note',
  message: 'Much older than its topic.',
  score: 4,
  locations: [{ path: 'c.md', startLine: 1, endLine: 40 }],
};
const ORPHAN: Finding = { ...STALE, fingerprint: 'orphan:1', kind: 'orphan' };
const LINK: Finding = { ...STALE, fingerprint: 'broken-link:1', kind: 'broken-link', severity: 'error' };

test('near-duplicates give one entry per place naming the other places; stale pages one entry; other kinds none', () => {
  const entries = diagnosticEntries([DUPLICATE, STALE, ORPHAN, LINK], () => false);
  assert.deepEqual(
    entries.map((e) => [e.kind, e.location.path, e.related.map((r) => r.path)]),
    [
      ['near-duplicate', 'a.md', ['b.md']],
      ['near-duplicate', 'b.md', ['a.md']],
      ['stale', 'c.md', []],
    ],
  );
  assert.equal(entries[0].message, 'Near-duplicates: These two sections say the same thing. Also at b.md:1–8.');
  assert.equal(entries[1].message, 'Near-duplicates: These two sections say the same thing. Also at a.md:3–12.');
  assert.equal(entries[2].message, 'Stale pages: Much older than its topic.');
  assert.ok(entries.every((e) => e.fingerprint === (e.kind === 'stale' ? 'stale:1' : 'near-duplicate:1')));
});

test('dismissed findings give no diagnostics', () => {
  assert.deepEqual(
    diagnosticEntries([DUPLICATE, STALE], (f) => f === 'near-duplicate:1').map((e) => e.kind),
    ['stale'],
  );
});
