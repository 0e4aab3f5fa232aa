import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { compareCodePoints, countDocumentTerms, TermCounter, type DocumentTerms } from '../../../src/core/topics/documentTerms';
import { ENGLISH_STOP_WORDS } from '../../../src/core/topics/englishStopWords';
import { seededRandom } from '../../../src/core/random';
import { PARAGRAPH_BREAK } from '../../../src/core/topics/tokenize';
import { loadStopWords } from './ctfidfFixtures';

/** Document d's counts as a word → count object. */
function countsOf(terms: DocumentTerms, d: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = terms.counts.rowStart[d]; k < terms.counts.rowStart[d + 1]; k++) out[terms.vocabulary[terms.counts.columns[k]]] = terms.counts.values[k];
  return out;
}

describe('ENGLISH_STOP_WORDS', () => {
  it("is scikit-learn's list", () => {
    assert.deepEqual([...ENGLISH_STOP_WORDS].sort(), loadStopWords());
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, like Python, also beyond U+FFFF', () => {
    assert.deepEqual(['b', '😀', 'ａ', 'a1', 'a', '10', '9'].sort(compareCodePoints), ['10', '9', 'a', 'a1', 'b', 'ａ', '😀']);
  });
});

describe('countDocumentTerms', () => {
  it('counts the words of each document over a sorted vocabulary', async () => {
    const terms = await countDocumentTerms(['The cat, the HAT.', '', '?!', 'hat-trick 42 x'], { cleanText: true, stopWords: false });
    assert.deepEqual(terms.vocabulary, ['42', 'cat', 'hat', 'hattrick', 'the']);
    assert.deepEqual(countsOf(terms, 0), { cat: 1, hat: 1, the: 2 });
    assert.deepEqual(countsOf(terms, 1), {});
    assert.deepEqual(countsOf(terms, 3), { '42': 1, hattrick: 1 });
    assert.deepEqual(Array.from(terms.emptyAfterCleaning), [0, 1, 1, 0]);
    for (let d = 0; d < terms.counts.rows; d++) {
      const row = terms.counts.columns.subarray(terms.counts.rowStart[d], terms.counts.rowStart[d + 1]);
      assert.deepEqual(
        Array.from(row),
        Array.from(row).sort((a, b) => a - b),
        'columns ascending',
      );
    }
  });

  it('drops stop words when asked', async () => {
    const terms = await countDocumentTerms(['The cat and the hat', 'it is what it is'], { cleanText: true, stopWords: true });
    assert.deepEqual(terms.vocabulary, ['cat', 'hat']);
    assert.deepEqual(countsOf(terms, 1), {});
  });

  it('tokenises raw Unicode text when cleaning is off', async () => {
    const terms = await countDocumentTerms(['Café au lait, café!', ''], { cleanText: false, stopWords: false });
    assert.deepEqual(terms.vocabulary, ['au', 'café', 'lait']);
    assert.deepEqual(countsOf(terms, 0), { au: 1, café: 2, lait: 1 });
    assert.deepEqual(Array.from(terms.emptyAfterCleaning), [0, 0]);
  });

  it('reports progress and stops when cancelled', async () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `word${i % 7} other`);
    const events: ProgressEvent[] = [];
    await countDocumentTerms(texts, { cleanText: true, stopWords: false }, { onProgress: (e) => events.push(e) });
    assert.ok(events.length > 0 && events.every((e) => e.stage === 'represent' && e.total === texts.length && e.done < e.total));

    const controller = new AbortController();
    controller.abort();
    await assert.rejects(countDocumentTerms(texts, { cleanText: true, stopWords: false }, { signal: controller.signal }), CancelledError);
  });
});

describe('TermCounter', () => {
  const options = { cleanText: false, stopWords: true };

  it('counts again after edits exactly as a fresh count, reading only the texts it has not seen', async () => {
    const prepared: string[] = [];
    const counter = new TermCounter(options, (text) => {
      prepared.push(text);
      return text.replace(/<[^>]*>/g, ' ');
    });
    const first = ['The <b>cat</b> sat', 'A hat, a bat', '?!', 'Cat and hat and cat'];
    const keys = first.map((_, i) => `k${i}`);
    await counter.count(first, {}, keys);
    assert.equal(prepared.length, 4);

    // One edited (new key), one deleted, one added; the others keep their keys.
    const second = [first[0], 'A hat, a <i>mat</i>', first[3], 'Dogs and cats'];
    const secondKeys = ['k0', 'k1-edited', 'k3', 'k4'];
    prepared.length = 0;
    const again = await counter.count(second, {}, secondKeys);
    assert.deepEqual(prepared, [second[1], second[3]]);
    const fresh = await countDocumentTerms(
      second.map((text) => text.replace(/<[^>]*>/g, ' ')),
      options,
    );
    assert.deepEqual(again.vocabulary, fresh.vocabulary, 'words of the deleted and the edited-away text are gone');
    assert.deepEqual(again.counts, fresh.counts);
    assert.deepEqual(again.emptyAfterCleaning, fresh.emptyAfterCleaning);
  });

  it('remembers emptiness, and forgets what the last call did not count', async () => {
    const prepared: string[] = [];
    const counter = new TermCounter({ cleanText: true, stopWords: false }, (text) => (prepared.push(text), text));
    await counter.count(['?!', 'words here'], {}, ['a', 'b']);
    const again = await counter.count(['?!'], {}, ['a']);
    assert.deepEqual(Array.from(again.emptyAfterCleaning), [1]);
    await counter.count(['words here'], {}, ['b']);
    assert.deepEqual(prepared, ['?!', 'words here', 'words here'], '"b" was not part of the call before, so it is read again');
  });
});

describe('TermCounter: bigrams (CountVectorizer ngram_range=(1, 2))', () => {
  const bigrams = { cleanText: false, stopWords: true, bigrams: true };

  it('pairs consecutive words after stop words are dropped, never across a paragraph break nor a word with itself', async () => {
    const terms = await countDocumentTerms([`Install the package.\n${PARAGRAPH_BREAK}\nRun package install, package install! Run run`], bigrams);
    assert.deepEqual(countsOf(terms, 0), {
      install: 3,
      'install package': 2,
      package: 3,
      'package install': 2,
      run: 3,
      'run package': 1,
      'install run': 1,
    });
  });

  it('orders the joint vocabulary as scikit-learn does: by code point of the term strings', async () => {
    const random = seededRandom(3);
    // Words that are prefixes of others, digits, "_", and letters beyond U+FFFF: every token ≥ 2 characters.
    const words = ['ab', 'abc', 'abcd', 'ba', 'bab', 'é9', 'z9', '99', 'a_b', 'ａｂ', '𝐀𝐁'];
    const texts = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => words[Math.floor(random() * words.length)]).join(' '));
    const terms = await countDocumentTerms(texts, { cleanText: false, stopWords: false, bigrams: true });
    assert.deepEqual(terms.vocabulary, [...terms.vocabulary].sort(compareCodePoints));
    assert.ok(['ab', 'ab abc', 'abc', 'abc ab'].every((term) => terms.vocabulary.includes(term)));
    // Each document's counts are its words and adjacent pairs, counted the obvious way.
    texts.forEach((text, d) => {
      const tokens = text.split(' ');
      const expected: Record<string, number> = {};
      const add = (term: string) => (expected[term] = (expected[term] ?? 0) + 1);
      tokens.forEach((t, i) => {
        add(t);
        if (i > 0 && tokens[i - 1] !== t) add(`${tokens[i - 1]} ${t}`);
      });
      assert.deepEqual(countsOf(terms, d), expected);
    });
  });

  it('skips words that start with a digit when asked, as if they were stop words', async () => {
    const options = { cleanText: false, stopWords: true, bigrams: true, skipNumbers: true };
    const terms = await countDocumentTerms(['Python 3.11 docs: 0m0 node_200023 3d ٣ models'], options);
    assert.deepEqual(countsOf(terms, 0), { docs: 1, models: 1, node_200023: 1, python: 1, 'docs node_200023': 1, 'node_200023 models': 1, 'python docs': 1 });
  });

  it('counts again after edits exactly as a fresh count, bigrams included', async () => {
    const counter = new TermCounter(bigrams);
    const first = ['alpha beta gamma', 'beta gamma delta', 'delta alpha'];
    await counter.count(first, {}, ['k0', 'k1', 'k2']);
    const second = ['delta alpha', 'gamma beta', 'alpha beta gamma'];
    const again = await counter.count(second, {}, ['k2', 'k3', 'k0']);
    const fresh = await countDocumentTerms(second, bigrams);
    assert.deepEqual(again.vocabulary, fresh.vocabulary);
    assert.deepEqual(again.counts, fresh.counts);
  });

  it('remembers a text by its key and format: the same text in another format is prepared again', async () => {
    const prepared: string[] = [];
    const counter = new TermCounter(bigrams, (text, format) => (prepared.push(format), text));
    await counter.count(['same text', 'same text'], {}, ['h', 'h'], ['markdown', 'rst']);
    await counter.count(['same text', 'same text'], {}, ['h', 'h'], ['markdown', 'rst']);
    assert.deepEqual(prepared, ['markdown', 'rst']);
  });
});
