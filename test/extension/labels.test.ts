import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentKeys } from '../../src/core/result';
import { checkStoredLabels, matchLabels, MIN_LABEL_OVERLAP, storeLabels, type LabelledResult } from '../../src/extension/labels';

/** The documents `doc<i>.md` of a result, assigned to the given topics. */
function resultWith(topics: readonly number[]): LabelledResult {
  return { documents: topics.map((topic, i) => ({ path: `doc${i}.md`, heading: null, topic })) };
}

test('a label follows its documents when the topic gets another id', () => {
  const before = resultWith([0, 0, 0, 0, 1, 1, 1, -1]);
  const stored = storeLabels(new Map([[1, 'Install']]), before);
  // The same documents 4–6 now form topic 0; the old topic 0 became 1.
  const after = resultWith([1, 1, 1, 1, 0, 0, 0, -1]);
  assert.deepEqual([...matchLabels(stored, after)], [[0, 'Install']]);
});

test('a label is dropped when no topic shares enough of its documents', () => {
  const before = resultWith([0, 0, 0, 1, 1, 1, 2, 2, 2]);
  const stored = storeLabels(new Map([[0, 'Old']]), before);
  // Only one of the three labelled documents stays together with two new ones: Jaccard 1/5 < 1/3.
  const after = resultWith([1, 2, 0, 1, 1, 2, 0, 0, 2]);
  assert.ok(1 / 5 < MIN_LABEL_OVERLAP);
  assert.equal(matchLabels(stored, after).size, 0);
});

test('each topic takes at most one label, the one that overlaps it most', () => {
  const before = resultWith([0, 0, 0, 0, 1, 1, 1, 1]);
  const stored = storeLabels(
    new Map([
      [0, 'A'],
      [1, 'B'],
    ]),
    before,
  );
  // Topics merged: one topic holds all documents; A and B overlap it equally (1/2), so only one label stays.
  const merged = matchLabels(stored, resultWith([0, 0, 0, 0, 0, 0, 0, 0]));
  assert.equal(merged.size, 1);
  assert.ok(['A', 'B'].includes(merged.get(0)!));
});

test('outliers never carry a stored label, and keys tell sections of one file apart', () => {
  const result = resultWith([-1, -1, 0, 0]);
  assert.deepEqual(
    storeLabels(
      new Map([
        [-1, 'Noise'],
        [0, 'Zero'],
      ]),
      result,
    ).map((s) => s.label),
    ['Zero'],
  );
  const [one, two, again] = documentKeys([
    { path: 'a.md', heading: 'One' },
    { path: 'a.md', heading: 'Two' },
    { path: 'a.md', heading: 'One' },
  ]);
  assert.equal(new Set([one, two, again]).size, 3);
});

test('labels stored with keys of path and heading only still find their topic', () => {
  const result = resultWith([0, 0, 0, 1]);
  const legacy = [{ label: 'Old', members: ['doc0.md\n', 'doc1.md\n', 'doc2.md\n'] }];
  assert.equal(matchLabels(legacy, result).get(0), 'Old');
});

test('stored labels read back keep every intact entry and count the damaged ones', () => {
  const intact = { label: 'Install', members: ['a.md\n', 'b.md\nSetup'] };
  assert.deepEqual(checkStoredLabels([intact, { label: 3, members: [] }, null, { label: 'x', members: 'a.md' }, { label: 'y', members: [1] }]), {
    labels: [intact],
    dropped: 4,
  });
  assert.deepEqual(checkStoredLabels(undefined), { labels: [], dropped: 0 });
  assert.deepEqual(checkStoredLabels({ label: 'not a list' }), { labels: [], dropped: 1 });
});

test('a group of topics keeps its label across runs by its documents, as topics do', () => {
  // Topics 0 and 1 form group 3 (with topic 2 apart); in the next run the same documents are topics 2 and 0.
  const withHierarchy = (topics: readonly number[], pair: readonly [number, number], other: number): LabelledResult => ({
    ...resultWith(topics),
    hierarchy: {
      merges: [
        { id: 3, left: pair[0], right: pair[1], distance: 0.5, topics: [...pair].sort((a, b) => a - b), words: [] },
        { id: 4, left: 3, right: other, distance: 0.9, topics: [0, 1, 2], words: [] },
      ],
    },
  });
  const before = withHierarchy([0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 1], 2);
  const stored = storeLabels(
    new Map([
      [3, 'Setup and install'],
      [0, 'Setup'],
    ]),
    before,
  );
  assert.deepEqual(
    stored.map((s) => [s.label, s.members.length]),
    [
      ['Setup and install', 6],
      ['Setup', 3],
    ],
  );
  const after = withHierarchy([2, 2, 2, 0, 0, 0, 1, 1, 1], [0, 2], 1);
  assert.deepEqual([...matchLabels(stored, after)].sort(), [
    [2, 'Setup'],
    [3, 'Setup and install'],
  ]);
});
