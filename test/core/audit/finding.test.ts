import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roundScore } from '../../../src/core/audit/finding';

describe('roundScore', () => {
  it('keeps three decimals', () => {
    assert.equal(roundScore(0.12345), 0.123);
    assert.equal(roundScore(0.9996), 1);
    assert.equal(roundScore(-0.2506), -0.251);
  });

  it('never gives -0, which a saved result (JSON) would read back as 0', () => {
    for (const x of [-0, -0.0004, -1e-9]) assert.ok(Object.is(roundScore(x), 0), `${x}`);
  });
});
