import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutHierarchy, defaultGroupCount, granularityLevels, nextGranularity } from '../../../src/core/hierarchy/granularity';
import type { TopicHierarchy } from '../../../src/core/result';

/** Topics 0–5: (0 1) first, then (2 3), then (4 5), then the first two pairs, then all. */
const HIERARCHY: TopicHierarchy = {
  merges: [
    { id: 6, left: 0, right: 1, distance: 0.1, topics: [0, 1], words: [{ word: 'a', score: 1 }] },
    { id: 7, left: 2, right: 3, distance: 0.2, topics: [2, 3], words: [{ word: 'b', score: 1 }] },
    { id: 8, left: 4, right: 5, distance: 0.3, topics: [4, 5], words: [{ word: 'c', score: 1 }] },
    { id: 9, left: 6, right: 7, distance: 0.4, topics: [0, 1, 2, 3], words: [{ word: 'd', score: 1 }] },
    { id: 10, left: 9, right: 8, distance: 0.5, topics: [0, 1, 2, 3, 4, 5], words: [{ word: 'e', score: 1 }] },
  ],
};
const TOPICS = [0, 1, 2, 3, 4, 5];

describe('cutHierarchy', () => {
  it('applies the closest merges first: k groups of the hierarchy, every topic in one', () => {
    const ids = (count: number) => cutHierarchy(HIERARCHY, TOPICS, count).map((g) => g.id);
    assert.deepEqual(ids(6), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(ids(5), [6, 2, 3, 4, 5]);
    assert.deepEqual(ids(3), [6, 7, 8]);
    assert.deepEqual(ids(2), [9, 8]);
    assert.deepEqual(ids(1), [10]);
    for (const count of [1, 2, 3, 4, 5, 6]) {
      const groups = cutHierarchy(HIERARCHY, TOPICS, count);
      assert.equal(groups.length, count);
      assert.deepEqual(groups.flatMap((g) => g.topics).sort(), TOPICS);
    }
    assert.deepEqual(cutHierarchy(HIERARCHY, TOPICS, 2)[0].words, [{ word: 'd', score: 1 }]);
    assert.deepEqual(cutHierarchy(HIERARCHY, TOPICS, 6)[0].words, [], 'a single topic has its own words');
  });

  it('leaves every topic alone without a hierarchy, or with one of other topics', () => {
    assert.equal(cutHierarchy(undefined, TOPICS, 2).length, 6);
    assert.equal(cutHierarchy(HIERARCHY, [0, 1, 2, 3, 4], 2).length, 5);
    assert.equal(cutHierarchy(HIERARCHY, TOPICS, 0).length, 1, 'clamped to one group');
    assert.equal(cutHierarchy(HIERARCHY, TOPICS, 99).length, 6, 'clamped to every topic');
  });
});

describe('granularity levels', () => {
  it('shows small results whole and large ones in about √n groups, at most groupAbove', () => {
    assert.equal(defaultGroupCount(12), 12);
    assert.equal(defaultGroupCount(30), 30);
    assert.equal(defaultGroupCount(31), 6);
    assert.equal(defaultGroupCount(400), 20);
    assert.equal(defaultGroupCount(400, 10), 10);
  });

  it('steps from every topic down to two groups, through the default, each step a clear change', () => {
    for (const topics of [3, 12, 31, 100, 400, 1500]) {
      const levels = granularityLevels(topics);
      assert.equal(levels[0], topics);
      assert.equal(levels.at(-1), Math.min(2, topics));
      assert.ok(levels.includes(defaultGroupCount(topics)));
      for (let i = 1; i < levels.length; i++) {
        assert.ok(levels[i] < levels[i - 1], `${topics}: descending`);
        assert.ok(levels[i - 1] / levels[i] <= 2.5, `${topics}: ${levels[i - 1]} → ${levels[i]} is too big a step`);
      }
      assert.ok(levels.length <= 16, `${topics}: ${levels.length} levels`);
    }
  });

  it('finds the next coarser and finer level, and nothing past the ends', () => {
    const levels = granularityLevels(400);
    const start = defaultGroupCount(400);
    const fewer = nextGranularity(levels, start, -1)!;
    const more = nextGranularity(levels, start, 1)!;
    assert.ok(fewer < start && more > start);
    assert.equal(nextGranularity(levels, 400, 1), undefined);
    assert.equal(nextGranularity(levels, 2, -1), undefined);
    assert.equal(nextGranularity(levels, 17, 1), levels.filter((k) => k > 17).at(-1), 'from a level that is not on the ladder');
  });
});
