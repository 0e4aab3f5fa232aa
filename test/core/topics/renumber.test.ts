import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renumberTopicsBySize } from '../../../src/core/topics/renumber';

describe('renumberTopicsBySize', () => {
  it('numbers topics by decreasing size and keeps -1 and set-aside ids', () => {
    const { assignments, newIdOf } = renumberTopicsBySize(Int32Array.from([5, 5, 2, -1, 9, 9, 9, -2, 2, -1]));
    assert.deepEqual(Array.from(assignments), [2, 2, 1, -1, 0, 0, 0, -2, 1, -1]);
    assert.deepEqual(
      [...newIdOf].sort((a, b) => a[0] - b[0]),
      [
        [2, 1],
        [5, 2],
        [9, 0],
      ],
    );
  });

  it('orders equal sizes by their previous id, and sizes never increase with the id', () => {
    const previous = Int32Array.from([7, 3, 7, 3, 11, 0, 11, 0, -1]);
    const { assignments } = renumberTopicsBySize(previous);
    assert.deepEqual(Array.from(assignments), [2, 1, 2, 1, 3, 0, 3, 0, -1]);
    const sizes = [0, 1, 2, 3].map((id) => assignments.filter((t) => t === id).length);
    assert.ok(sizes.every((s, i) => i === 0 || s <= sizes[i - 1]));
  });
});
