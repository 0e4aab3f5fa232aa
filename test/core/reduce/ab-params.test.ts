import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAbParams } from '../../../src/core/reduce/ab-params';

// umap-learn's find_ab_params(spread, min_dist) run with scipy 1.17.1 curve_fit (the reference implementation).
const REFERENCE = [
  { spread: 1, minDist: 0.1, a: 1.5769434602697652, b: 0.8950608778515733 },
  { spread: 1, minDist: 0, a: 1.93280839734315, b: 0.7904949732233831 },
  { spread: 1, minDist: 0.5, a: 0.5830300203414425, b: 1.3341669924314914 },
  { spread: 2, minDist: 0.1, a: 0.5446605399418663, b: 0.8420554268341789 },
];

for (const { spread, minDist, a, b } of REFERENCE) {
  test(`a, b for spread ${spread}, min_dist ${minDist} match umap-learn`, () => {
    const fitted = findAbParams(spread, minDist);
    assert.ok(Math.abs(fitted.a / a - 1) < 1e-5, `a = ${fitted.a}, umap-learn ${a}`);
    assert.ok(Math.abs(fitted.b / b - 1) < 1e-5, `b = ${fitted.b}, umap-learn ${b}`);
  });
}

test('the defaults umap-learn hard-codes for min_dist 0.1 (a = 1.5769, b = 0.8951) are reproduced', () => {
  const { a, b } = findAbParams(1, 0.1);
  assert.ok(Math.abs(a - 1.576943460405378) < 1e-5);
  assert.ok(Math.abs(b - 0.8950608781227859) < 1e-5);
});
