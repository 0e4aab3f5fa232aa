import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BANDS, candidatePairs } from '../../../src/core/audit/minhash';
import { seededRandom } from '../../../src/core/random';

describe('candidatePairs', () => {
  it('visits each pair that shares a band key once, crowded buckets included', async () => {
    const rows = 300;
    const random = seededRandom(5);
    // Keys drawn from few values, so that rows share keys in many bands; in band 3 rows 0–99 share one key
    // (an oversized bucket, paired with near members only).
    const keys = new Uint32Array(BANDS * rows);
    for (let band = 0; band < BANDS; band++) for (let r = 0; r < rows; r++) keys[r * BANDS + band] = Math.floor(random() * 40);
    for (let r = 0; r < 100; r++) keys[r * BANDS + 3] = 1000;
    const skip = new Uint8Array(rows);
    skip[7] = 1;
    const visits = new Map<string, number>();
    await candidatePairs(keys, rows, skip, (a, b) => {
      assert.ok(a < b);
      visits.set(`${a},${b}`, (visits.get(`${a},${b}`) ?? 0) + 1);
    });
    assert.deepEqual(
      [...visits].filter(([, count]) => count > 1),
      [],
      'no pair is visited twice',
    );
    // Every pair that shares a key in some band outside the crowded bucket is visited, and nothing else.
    const expected = new Set<string>();
    for (let a = 0; a < rows; a++) {
      for (let b = a + 1; b < rows; b++) {
        if (skip[a] || skip[b]) continue;
        for (let band = 0; band < BANDS; band++) {
          if (band === 3 && a < 100 && b < 100) continue;
          if (keys[a * BANDS + band] === keys[b * BANDS + band]) {
            expected.add(`${a},${b}`);
            break;
          }
        }
      }
    }
    const sharedOnlyInCrowded = [...visits.keys()].filter((pair) => !expected.has(pair));
    for (const pair of sharedOnlyInCrowded) {
      const [a, b] = pair.split(',').map(Number);
      assert.ok(a < 100 && b < 100, `${pair} shares no key`);
    }
    assert.deepEqual(
      [...expected].filter((pair) => !visits.has(pair)),
      [],
    );
    assert.ok(sharedOnlyInCrowded.length > 0, 'the crowded bucket pairs near members');
  });
});
