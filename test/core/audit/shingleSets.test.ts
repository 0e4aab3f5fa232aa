import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditHelper } from '../../../src/core/audit/auditThread';
import { corpusShingles, scanOffered, SHARED_SCAN_MIN_CHARS, type CorpusShingles, type ShareScanner } from '../../../src/core/audit/shingleSets';
import { appendWordHashes, ScreenedSet, shingleHashes } from '../../../src/core/audit/words';
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

function wordsOf(text: string): Uint32Array {
  const words = new Uint32Array(text.length);
  return words.subarray(0, appendWordHashes(text, words, 0));
}

function shinglesOf(text: string): Uint32Array {
  return shingleHashes(wordsOf(text));
}

const sortedSet = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);

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

  /** The shingles of the corpus scanned alone, and with the second half offered to `scanner`. */
  it('holds the distinct shingles of each document and the union of each file; compares and trims them exactly', async () => {
    const { texts, fileOf, files } = corpus(1 << 18);
    const shingles = await corpusShingles(texts, fileOf, files, { frequentIn: FREQUENT_IN, keepWords: true }, {});
    texts.forEach((text, d) =>
      assert.deepEqual([...shingles.words!.of(d)], [...new Set(wordsOf(text))], `the words of document ${d}, in the order first found`),
    );
    const expected = texts.map((text) => sortedSet(shinglesOf(text)));
    texts.forEach((_, d) => assert.deepEqual(sortedSet(shingles.documents.of(d)), expected[d], `document ${d}`));
    texts.forEach((_, d) => assert.equal(shingles.documents.size(d), expected[d].length, `document ${d} holds each shingle once`));
    for (let f = 0; f < files; f++) {
      const union = sortedSet(texts.flatMap((text, d) => (fileOf[d] === f ? [...shinglesOf(text)] : [])));
      assert.deepEqual(sortedSet(shingles.files.of(f)), union, `file ${f}`);
    }
    // Files 0–7 share the planted phrases: their second sections overlap, the others do not.
    const shared = (a: number, b: number) => expected[a].filter((value) => expected[b].includes(value)).length;
    for (const [a, b] of [
      [1, 3],
      [1, 15],
      [3, 40],
      [0, 1],
    ])
      assert.equal(shingles.documents.shared(a, b), shared(a, b), `${a} ∩ ${b}`);
    assert.ok(shingles.documents.shared(1, 3) > 0);
    // Dropping some of every document's shingles leaves the rest, in each set, and counts what went.
    const drop = Uint32Array.from(sortedSet(expected.flatMap((set, d) => set.filter((_, i) => (i + d) % 3 === 0))));
    const lost = shingles.documents.remove(new ScreenedSet(drop));
    const dropped = new Set(drop);
    texts.forEach((_, d) => {
      assert.deepEqual(
        sortedSet(shingles.documents.of(d)),
        expected[d].filter((value) => !dropped.has(value)),
        `document ${d} after`,
      );
      assert.equal(lost[d], expected[d].filter((value) => dropped.has(value)).length);
    });
  });

  async function scannedBothWays(scanner: ShareScanner): Promise<{ alone: CorpusShingles; shared: CorpusShingles; texts: string[] }> {
    const { texts, fileOf, files } = corpus(1.2 * SHARED_SCAN_MIN_CHARS);
    const options = { frequentIn: FREQUENT_IN, keepWords: true };
    const alone = await corpusShingles(texts, fileOf, files, options, {});
    const shared = await corpusShingles(texts, fileOf, files, options, {}, (request) => {
      assert.equal(request.texts.length, files, 'the second half (two sections a file) is offered');
      return scanner(request);
    });
    return { alone, shared, texts };
  }

  function assertSameScan({ shared, alone, texts }: { alone: CorpusShingles; shared: CorpusShingles; texts: string[] }): void {
    assert.deepEqual(pooled(shared.documents), pooled(alone.documents));
    assert.deepEqual(pooled(shared.files), pooled(alone.files));
    assert.deepEqual(pooled(shared.words!), pooled(alone.words!));
    assert.deepEqual([...shared.frequent], [...alone.frequent]);
    assert.ok(shared.frequent.length > 0);
    assert.equal(shared.totalWords, alone.totalWords);
    const everyWord = sortedSet(texts.flatMap((text) => [...wordsOf(text)]));
    assert.deepEqual(
      Array.from(everyWord, (word) => shared.wordCounts.count(word)),
      Array.from(everyWord, (word) => alone.wordCounts.count(word)),
    );
  }

  it('gives the same sets, words, counts and frequent shingles when a second thread takes chunks of the second half', async () => {
    const helper = auditHelper();
    let claimedByHelper = -1;
    try {
      const scans = await scannedBothWays((request) => {
        const answer = helper.scan!(request);
        return async () => {
          const share = await answer();
          claimedByHelper = share.chunks.length;
          return share;
        };
      });
      assertSameScan(scans);
    } finally {
      helper.stop();
    }
    assert.ok(claimedByHelper >= 0, 'the helper answered');
  });

  it('gives the same scan whichever thread scans the offered chunks', async () => {
    // Started at once on this thread, the other scan claims every chunk while this one scans its half.
    let claimedFirst = -1;
    const eager = await scannedBothWays((request) => {
      const share = scanOffered(request);
      return async () => {
        const answer = await share;
        claimedFirst = answer.chunks.length;
        return answer;
      };
    });
    assertSameScan(eager);
    assert.equal(claimedFirst, 16);
    // Started only when this thread is done: this thread has taken every chunk, and the other finds none left.
    let claimedLast = -1;
    const late = await scannedBothWays((request) => async () => {
      const answer = await scanOffered(request);
      claimedLast = answer.chunks.length;
      return answer;
    });
    assertSameScan(late);
    assert.equal(claimedLast, 0);
  });
  it('fails loudly when a chunk was claimed but never handed back', async () => {
    const { texts, fileOf, files } = corpus(1.2 * SHARED_SCAN_MIN_CHARS);
    const claimsAllReturnsNothing: ShareScanner = (request) => {
      for (let c = 0; c < request.claims.length; c++) Atomics.store(request.claims, c, 1);
      const counters = { first: new Uint16Array(request.wordCounters), second: new Uint16Array(request.wordCounters) };
      return async () => ({ chunks: [], wordCounts: counters, totalWords: 0 });
    };
    await assert.rejects(
      corpusShingles(texts, fileOf, files, { frequentIn: FREQUENT_IN, keepWords: false }, {}, claimsAllReturnsNothing),
      /Chunk 0 of the near-duplicate scan was claimed but not scanned/,
    );
  });
});
