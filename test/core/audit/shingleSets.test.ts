import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditHelper } from '../../../src/core/audit/auditThread';
import { corpusShingles, SHARED_SCAN_MIN_CHARS, type CorpusShingles } from '../../../src/core/audit/shingleSets';
import { appendWordHashes, shingleHashes, sortUnique } from '../../../src/core/audit/words';
import { seededRandom } from '../../../src/core/random';
import { madeUpProse } from '../../support/madeUpText';

const FREQUENT_IN = 8;

/**
 * Texts of two sections per file (at least `chars` characters in all), with 12-word phrases planted in
 * the second section of some files: in 7 files (one short of frequent), in the first 8, in 60 spread over both
 * halves, and in the first 4 and the last 4 (frequent, though neither half holds it 8 times).
 */
function corpus(chars: number): { texts: string[]; fileOf: Int32Array; files: number; phrases: string[] } {
  const random = seededRandom(11);
  const sections: string[][] = [];
  for (let length = 0; length < chars;) {
    const file = [madeUpProse(120, random), madeUpProse(120, random)];
    sections.push(file);
    length += file[0].length + file[1].length;
  }
  const files = sections.length;
  const plantings: Array<(file: number) => boolean> = [
    (file) => file >= 10 && file < 17,
    (file) => file < 8,
    (file) => file % Math.floor(files / 60) === 0,
    (file) => file < 4 || file >= files - 4,
  ];
  const phrases = plantings.map(() => madeUpProse(12, random));
  plantings.forEach((plantedIn, p) => {
    const phrase = phrases[p];
    // Fresh words after each phrase: no shingle spans two of them.
    const after = madeUpProse(10, random);
    sections.forEach((file, f) => plantedIn(f) && (file[1] += ` ${phrase} ${after}`));
  });
  return { texts: sections.flat(), fileOf: Int32Array.from(sections.flatMap((_, f) => [f, f])), files, phrases };
}

function shinglesOf(text: string): Uint32Array {
  const words = new Uint32Array(text.length);
  return shingleHashes(words.subarray(0, appendWordHashes(text, words, 0)));
}

/** The shingles of each file, counted over files, by brute force. */
function frequentByCounting(texts: readonly string[], fileOf: Int32Array, minFiles: number): number[] {
  const filesOf = new Map<number, Set<number>>();
  texts.forEach((text, d) => {
    for (const shingle of shinglesOf(text)) {
      (filesOf.get(shingle) ?? filesOf.set(shingle, new Set()).get(shingle)!).add(fileOf[d]);
    }
  });
  return [...filesOf]
    .filter(([, files]) => files.size >= minFiles)
    .map(([shingle]) => shingle)
    .sort((a, b) => a - b);
}

const pooled = (pool: CorpusShingles['documents']) => [pool.values(), pool.offsets];

describe('corpusShingles', () => {
  it('finds exactly the shingles in enough files', async () => {
    const { texts, fileOf, files, phrases } = corpus(1 << 20);
    const shingles = await corpusShingles(texts, fileOf, files, { frequentIn: FREQUENT_IN, keepWords: false }, {});
    const expected = frequentByCounting(texts, fileOf, FREQUENT_IN);
    const frequent = new Set(expected);
    assert.ok(!shinglesOf(phrases[0]).some((shingle) => frequent.has(shingle)), 'the phrase in 7 files is not frequent');
    for (const phrase of phrases.slice(1)) assert.ok(shinglesOf(phrase).every((shingle) => frequent.has(shingle)));
    assert.deepEqual([...shingles.frequent], expected);
  });

  it('gives the same sets, words, counts and frequent shingles when a second thread scans half the corpus', async () => {
    const { texts, fileOf, files } = corpus(1.2 * SHARED_SCAN_MIN_CHARS);
    const options = { frequentIn: FREQUENT_IN, keepWords: true };
    const alone = await corpusShingles(texts, fileOf, files, options, {});
    const helper = auditHelper();
    let halves: CorpusShingles;
    let shareScanned = false;
    try {
      halves = await corpusShingles(texts, fileOf, files, options, {}, (request) => {
        shareScanned = request.texts.length === files;
        return helper.scan!(request);
      });
    } finally {
      helper.stop();
    }
    assert.ok(shareScanned, 'the helper scanned the second half');
    assert.deepEqual(pooled(halves.documents), pooled(alone.documents));
    assert.deepEqual(pooled(halves.files), pooled(alone.files));
    assert.deepEqual(pooled(halves.words!), pooled(alone.words!));
    assert.deepEqual([...halves.frequent], [...alone.frequent]);
    assert.equal(halves.totalWords, alone.totalWords);
    const everyWord = sortUnique(Uint32Array.from(alone.words!.values()));
    assert.deepEqual(
      Array.from(everyWord, (word) => halves.wordCounts.count(word)),
      Array.from(everyWord, (word) => alone.wordCounts.count(word)),
    );
  });
});
