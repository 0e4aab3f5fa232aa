import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { radixSort, ScreenedSet, ValueTally } from '../../../src/core/audit/words';
import { seededRandom } from '../../../src/core/random';

/** `length` values drawn from `distinct` 32-bit values, so that many repeat. */
function valuesWithRepeats(length: number, distinct: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const pool = Array.from({ length: distinct }, () => Math.floor(random() * 2 ** 32));
  return Uint32Array.from({ length }, () => pool[Math.floor(random() * distinct)]);
}

describe('ValueTally.seenAtLeast', () => {
  it('keeps each value once, in the order it reaches the count, call after call (small and growing arrays)', () => {
    const tally = new ValueTally();
    for (const [length, distinct, seed] of [
      [10, 4, 1],
      [5000, 700, 2],
      [3, 3, 3],
      [40_000, 9000, 4],
      [200, 150, 5],
    ]) {
      for (const times of [1, 2, 3]) {
        const values = valuesWithRepeats(length, distinct, seed);
        const seen = new Map<number, number>();
        const expected: number[] = [];
        for (const value of values) {
          seen.set(value, (seen.get(value) ?? 0) + 1);
          if (seen.get(value) === times) expected.push(value);
        }
        assert.deepEqual([...tally.seenAtLeast(values, times)], expected, `${length} values, ${times} times`);
      }
    }
  });
});

describe('ValueTally.enter / has', () => {
  it('tells exactly the values last entered, whatever was entered or counted before', () => {
    const tally = new ValueTally();
    for (const [length, seed] of [
      [50, 8],
      [20_000, 9],
      [7, 10],
    ]) {
      const all = valuesWithRepeats(length * 2, length * 2, seed);
      const from = Math.floor(length / 3);
      tally.seenAtLeast(all.slice(), 1);
      tally.enter(all, from, from + length);
      const entered = new Set(all.subarray(from, from + length));
      const others = valuesWithRepeats(length, length, seed + 100);
      for (const value of [...all, ...others]) assert.equal(tally.has(value), entered.has(value), `${value}`);
    }
  });
});

describe('radixSort', () => {
  it('sorts keys and moves items alongside, stably (equal keys keep their items in order)', () => {
    const keys = valuesWithRepeats(30_000, 2000, 6);
    const items = Int32Array.from(keys, (_, i) => i);
    const expected = [...keys.keys()].sort((a, b) => keys[a] - keys[b] || a - b);
    radixSort(keys, items);
    assert.deepEqual([...items], expected);
    assert.ok(keys.every((key, i) => i === 0 || keys[i - 1] <= key));
  });
});

describe('ScreenedSet.has', () => {
  it('tells exactly the values of the set, among neighbours that share their screen bit', () => {
    const values = [...new Set(valuesWithRepeats(5000, 5000, 11))].sort((a, b) => a - b);
    const set = new ScreenedSet(Uint32Array.from(values));
    const members = new Set(values);
    // Values next to members share their top bits (the screen passes them): only the search can tell them.
    const probes = [...values, ...values.map((v) => (v + 1) >>> 0), ...values.map((v) => (v ^ 0x100) >>> 0), ...valuesWithRepeats(5000, 5000, 12)];
    for (const value of probes) assert.equal(set.has(value), members.has(value), `${value}`);
    assert.equal(new ScreenedSet(new Uint32Array(0)).has(values[0]), false);
  });
});
