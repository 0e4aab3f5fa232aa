import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanText, EMPTY_CLASS_TEXT, scanCleanedTokens, tokenizeUnicode } from '../../../src/core/topics/tokenize';
import { LOCAL_CASES, loadLocalCase, loadSharedCase, SHARED_CASES, SHARED_MISSING } from './ctfidfFixtures';

/** scikit-learn's `\b\w\w+\b` after BERTopic's cleaning, done the slow, obvious way. */
function referenceTokens(text: string): string[] {
  return cleanText(text).toLowerCase().match(/[a-z0-9]{2,}/g) ?? [];
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
