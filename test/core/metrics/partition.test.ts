import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { adjustedRandIndex, normalizedMutualInfo } from '../../../src/core/metrics/partition';
import { seededRandom } from '../../../src/core/random';

const close = (actual: number, expected: number, tolerance = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);

function randomLabels(n: number, k: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Math.floor(random() * k) - 1);
}

function entropy(labels: number[]): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return -[...counts.values()].reduce((h, c) => h + (c / labels.length) * Math.log(c / labels.length), 0);
}

/** Renames the labels by a bijection and reorders the items: neither may change a partition score. */
function relabelAndShuffle(a: number[], b: number[], seed: number): [number[], number[]] {
  const random = seededRandom(seed);
  const order = a.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return [order.map((i) => a[i] * 7 + 100), order.map((i) => -b[i] - 5)];
}

describe('adjustedRandIndex', () => {
  it('gives the hand-computed values', () => {
    close(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 1]), 1);
    close(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]), 1);
    // Pairs: 1 agreeing, expected 2·1/6, maximum (2+1)/2 → (1 − 1/3) / (3/2 − 1/3) = 4/7.
    close(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 4 / 7);
    close(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
    close(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3]), 0);
    close(adjustedRandIndex([5, 5, 5], [2, 2, 2]), 1);
    close(adjustedRandIndex([], []), 1);
  });

  it('is 1 for identical partitions, symmetric, and invariant to renaming and reordering', () => {
    const a = randomLabels(500, 12, 1);
    const b = randomLabels(500, 7, 2);
    close(adjustedRandIndex(a, a), 1);
    close(adjustedRandIndex(a, b), adjustedRandIndex(b, a));
    const [a2, b2] = relabelAndShuffle(a, b, 3);
    close(adjustedRandIndex(a2, b2), adjustedRandIndex(a, b));
    assert.ok(Math.abs(adjustedRandIndex(a, b)) < 0.05, 'independent partitions score about 0');
  });

  it('reproduces scikit-learn on the hdbscan fixtures (reference vs canonical labels, 6 decimals)', () => {
    const dir = path.resolve(__dirname, '../../fixtures/hdbscan');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const fixture = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      const expected: number = fixture.checks.reference_equals_canonical.adjusted_rand_index;
      close(adjustedRandIndex(fixture.reference.labels, fixture.canonical.labels), expected, 5e-7);
      const truth = fixture.checks.adjusted_rand_index_vs_truth;
      if (truth) close(adjustedRandIndex(fixture.generating_labels, fixture.reference.labels), truth.reference, 5e-7);
    }
  });

  it('rejects partitions of different lengths', () => {
    assert.throws(() => adjustedRandIndex([0, 1], [0]), RangeError);
  });
});

describe('normalizedMutualInfo', () => {
  it('gives the hand-computed values', () => {
    close(normalizedMutualInfo([0, 0, 1, 1], [1, 1, 0, 0]), 1);
    // MI = ln 2, H(a) = ln 2, H(b) = 1.5 ln 2 → ln 2 / (1.25 ln 2).
    close(normalizedMutualInfo([0, 0, 1, 1], [0, 0, 1, 2]), 0.8);
    close(normalizedMutualInfo([0, 0, 1, 1], [0, 1, 0, 1]), 0);
    close(normalizedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3]), 0);
    close(normalizedMutualInfo([3, 3, 3], [1, 1, 1]), 1);
    close(normalizedMutualInfo([], []), 1);
  });

  it('is 1 for identical partitions, symmetric, in [0, 1], and invariant to renaming and reordering', () => {
    const a = randomLabels(500, 12, 4);
    const b = randomLabels(500, 7, 5);
    close(normalizedMutualInfo(a, a), 1);
    close(normalizedMutualInfo(a, b), normalizedMutualInfo(b, a));
    const [a2, b2] = relabelAndShuffle(a, b, 6);
    close(normalizedMutualInfo(a2, b2), normalizedMutualInfo(a, b));
    const score = normalizedMutualInfo(a, b);
    assert.ok(score > 0 && score < 0.1, `independent partitions score low, got ${score}`);
    // Refining a partition keeps all of its information: NMI = 2 H(a) / (H(a) + H(refined)).
    const refined = a.map((label, i) => label * 2 + (i % 2));
    close(normalizedMutualInfo(a, refined), (2 * entropy(a)) / (entropy(a) + entropy(refined)));
  });

  it('rejects partitions of different lengths', () => {
    assert.throws(() => normalizedMutualInfo([0], [0, 1]), RangeError);
  });
});
