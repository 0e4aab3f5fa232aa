import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusShingles } from '../../../src/core/audit/shingleSets';
import { DistinctiveVocabulary } from '../../../src/core/audit/vocabulary';
import { appendWordHashes } from '../../../src/core/audit/words';
import { seededRandom } from '../../../src/core/random';
import { madeUpProse } from '../../support/madeUpText';

describe('DistinctiveVocabulary.overlapAtLeast', () => {
  it('gives the rarity-weighted overlap of pairs that reach the threshold, and null for the others, long and short texts alike', async () => {
    const random = seededRandom(5);
    const base = madeUpProse(200, random);
    const words = base.split(' ');
    // Shorter versions of one text (a prefix: their overlap with it is their share of its weight, down to the
    // threshold and below), half of them with new words added.
    const texts = [
      base,
      ...Array.from({ length: 30 }, (_, i) => {
        const kept = words.slice(0, words.length - i * 5);
        return [...kept, ...(i % 2 === 0 ? [madeUpProse(i * 2, random)] : [])].join(' ');
      }),
      madeUpProse(200, random),
    ];
    const fileOf = Int32Array.from(texts, (_, i) => i);
    const shingles = await corpusShingles(texts, fileOf, texts.length, { frequentIn: 1000, keepWords: true }, {});
    // Words read again from the texts, or as the scan kept them: the same overlaps.
    const readAgain = new DistinctiveVocabulary(texts, null, new Uint8Array(texts.length), () => false, shingles.wordCounts, shingles.totalWords);
    const kept = new DistinctiveVocabulary(texts, shingles.words, new Uint8Array(texts.length), () => false, shingles.wordCounts, shingles.totalWords);
    const wordsOf = texts.map((text) => {
      const words = new Uint32Array(text.length);
      return [...new Set(words.subarray(0, appendWordHashes(text, words, 0)))];
    });
    const weight = (word: number) => Math.log(shingles.totalWords / Math.max(1, shingles.wordCounts.count(word)));
    const sum = (values: Iterable<number>) => [...values].reduce((total, w) => total + w, 0);
    const threshold = 0.6;
    let reached = 0;
    let turnedAway = 0;
    for (let a = 0; a < texts.length; a++) {
      for (let b = 0; b < texts.length; b++) {
        const x = wordsOf[a];
        const y = new Set(wordsOf[b]);
        const shared = sum(x.filter((word) => y.has(word)).map(weight));
        const overlap = shared / (sum(x.map(weight)) + sum([...y].sort((p, q) => p - q).map(weight)) - shared);
        const expected = overlap >= threshold ? overlap : null;
        const got = readAgain.overlapAtLeast(a, b, threshold);
        assert.equal(kept.overlapAtLeast(a, b, threshold), got, `${a} ${b} from the kept words`);
        if (expected === null) {
          assert.equal(got, null, `${a} ${b}`);
          turnedAway++;
        } else {
          assert.ok(got !== null && Math.abs(got - expected) < 1e-12, `${a} ${b}: ${got} vs ${expected}`);
          reached++;
        }
      }
    }
    assert.ok(reached > 100 && turnedAway > 100, `${reached} pairs reach the threshold, ${turnedAway} do not`);
  });
});
