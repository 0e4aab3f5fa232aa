import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanText, EMPTY_CLASS_TEXT, scanCleanedTokens, scanUnicodeTokens, tokenizeUnicode } from '../../../src/core/topics/tokenize';
import { LOCAL_CASES, loadLocalCase, loadSharedCase, SHARED_CASES, SHARED_MISSING } from './ctfidfFixtures';

/** scikit-learn's `\b\w\w+\b` after BERTopic's cleaning, done the slow, obvious way. */
function referenceTokens(text: string): string[] {
  return (
    cleanText(text)
      .toLowerCase()
      .match(/[a-z0-9]{2,}/g) ?? []
  );
}

function scannedTokens(text: string): { tokens: string[]; keepsSomething: boolean } {
  const buffer = new Uint16Array(text.length);
  const tokens: string[] = [];
  const keepsSomething = scanCleanedTokens(text, buffer, (length) => tokens.push(String.fromCharCode(...buffer.subarray(0, length))));
  return { tokens, keepsSomething };
}

const TRICKY = [
  'e-mail',
  "don't STOP",
  'a-b c--d x',
  '\t\n',
  '',
  '?!',
  'Ünïcödé wörds ß café',
  'std::vector<int> {{ time.AsTime }}',
  'trailing-',
  'x\u00a0y',
  'abc\r\ndef',
  '😀 emoji😀word',
];

describe('cleanText (BERTopic _preprocess_text, English)', () => {
  for (const name of LOCAL_CASES) {
    it(`cleans each document of ${name} as the reference`, () => {
      const fixture = loadLocalCase(name);
      fixture.documents.forEach((doc, i) => {
        const cleaned = cleanText(doc);
        // The fixture's per-document field also applies BERTopic's "" → "emptydoc".
        assert.equal(cleaned === '' ? EMPTY_CLASS_TEXT : cleaned, fixture.preprocessed_documents[i], `document ${i}`);
      });
    });

    it(`cleans the joined topic texts of ${name} as the reference`, () => {
      const fixture = loadLocalCase(name);
      const classTexts = fixture.topic_ids.map((topic) => {
        const cleaned = cleanText(fixture.documents.filter((_, i) => fixture.topics[i] === topic).join(' '));
        return cleaned === '' ? EMPTY_CLASS_TEXT : cleaned;
      });
      assert.deepEqual(classTexts, fixture.class_documents_preprocessed);
    });
  }

  for (const name of SHARED_CASES) {
    it(`cleans each document of ${name} as the reference`, (t) => {
      const fixture = loadSharedCase(name);
      if (!fixture) return t.skip(SHARED_MISSING);
      fixture.documents.forEach((doc, i) => {
        const cleaned = cleanText(doc);
        assert.equal(cleaned === '' ? EMPTY_CLASS_TEXT : cleaned, fixture.preprocessed_documents[i], `document ${i}`);
      });
    });
  }
});

describe('scanCleanedTokens', () => {
  it('finds the tokens of the cleaned text, and whether it is empty', () => {
    const texts = [...TRICKY, ...LOCAL_CASES.flatMap((name) => loadLocalCase(name).documents)];
    for (const text of texts) {
      const { tokens, keepsSomething } = scannedTokens(text);
      assert.deepEqual(tokens, referenceTokens(text), JSON.stringify(text));
      assert.equal(keepsSomething, cleanText(text) !== '', JSON.stringify(text));
    }
    // Every ASCII letter and digit, both ends of each range included.
    assert.deepEqual(scannedTokens('AZ az 09 Zebra ZONE 2024 @x').tokens, ['az', 'az', '09', 'zebra', 'zone', '2024']);
  });

  it('agrees with the reference on real posts', (t) => {
    const fixture = loadSharedCase('20ng_first600');
    if (!fixture) return t.skip(SHARED_MISSING);
    for (const doc of fixture.documents) assert.deepEqual(scannedTokens(doc).tokens, referenceTokens(doc));
  });
});

describe('tokenizeUnicode', () => {
  it('keeps letters of any script, digits and "_", lower-cased, two characters or more', () => {
    assert.deepEqual(tokenizeUnicode('Café NAÏVE snake_case x 2024 Ω-Ωμέγα e-mail'), ['café', 'naïve', 'snake_case', '2024', 'ωμέγα', 'mail']);
  });

  it('does not cut words at combining marks', () => {
    assert.deepEqual(tokenizeUnicode('nai\u0308ve हिन्दी भाषा'), ['nai\u0308ve', 'हिन्दी', 'भाषा']);
  });
});

describe('scanUnicodeTokens', () => {
  function scanned(text: string): string[] {
    const buffer = new Uint16Array(text.length);
    const tokens: string[] = [];
    scanUnicodeTokens(
      text,
      buffer,
      (length) => tokens.push(String.fromCharCode(...buffer.subarray(0, length))),
      (token) => tokens.push(token),
    );
    return tokens;
  }

  it('gives the tokens of tokenizeUnicode on tricky texts', () => {
    // Final sigma with case-ignorable punctuation around it, "İ" lowering to two units, astral letters and
    // digits, combining marks after ASCII, every ASCII whitespace and the non-ASCII ones.
    const texts = [
      ...TRICKY,
      "ΟΔΟΣ. ΟΔΟΣ'Α Σ Α'Σ ΣΑ:Σ",
      'İSTANBUL İx xİ',
      '𝐀𝐁 𝟏𝟐 a𝐀 𐐀𐐁',
      'cafe\u0301 e\u0301 x\u0308y',
      'a\tb\u000bcc\fdd\ree\nff gg\u00a0hh\u2028ii\u3000jj\ufeffkk',
      'snake_case __ _a a_ CamelCase2024',
      'ǅungla ǈ ﬁnal ẞ',
    ];
    for (const text of texts) assert.deepEqual(scanned(text), tokenizeUnicode(text), JSON.stringify(text));
  });

  it('gives the tokens of tokenizeUnicode on random mixtures of scripts, marks and punctuation', () => {
    const alphabet = ['a', 'Z', '9', '_', '-', "'", '.', ' ', '\n', '\t', 'Σ', 'σ', 'é', '\u0301', 'İ', 'ß', '字', '😀', '𝐀', '\u00a0', 'Ω'];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      assert.deepEqual(scanned(text), tokenizeUnicode(text), JSON.stringify(text));
    }
  });

  it('agrees with tokenizeUnicode on real posts', (t) => {
    const fixture = loadSharedCase('20ng_first600');
    if (!fixture) return t.skip(SHARED_MISSING);
    for (const doc of fixture.documents) assert.deepEqual(scanned(doc), tokenizeUnicode(doc));
  });
});
