import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bertopicSizeOrder, numpyQuicksortArgsort } from '../../../src/core/topics/bertopicOrder';
import { seededRandom } from '../../../src/core/random';

describe('numpyQuicksortArgsort', () => {
  it('returns a permutation that sorts, for short and long inputs full of ties', () => {
    const random = seededRandom(5);
    for (const length of [0, 1, 2, 17, 18, 40, 300, 2000]) {
      const values = Array.from({ length }, () => Math.floor(random() * 6));
      const order = numpyQuicksortArgsort(values);
      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        values.map((_, i) => i),
        `length ${length}: a permutation`,
      );
      for (let i = 1; i < length; i++) assert.ok(values[order[i - 1]] <= values[order[i]], `length ${length}: sorted at ${i}`);
    }
  });

  it('sorts up to 17 entries by insertion, keeping equal values in order, and not beyond', () => {
    const ties = (length: number) => Array.from({ length }, (_, i) => (i % 3 === 0 ? 1 : 2));
    const stable = (values: number[]) => {
      const order = numpyQuicksortArgsort(values);
      return order.every((index, k) => k === 0 || values[order[k - 1]] < values[index] || order[k - 1] < index);
    };
    assert.ok(stable(ties(17)));
    assert.ok(!stable(ties(40)), 'a partition step reorders equal values, as numpy does');
  });
});

describe('bertopicSizeOrder', () => {
  it('puts larger topics first and, among few topics, equal sizes in order of appearance', () => {
    assert.deepEqual(bertopicSizeOrder([5, 9, 5, 7, 9]), [1, 4, 3, 0, 2]);
  });
});
