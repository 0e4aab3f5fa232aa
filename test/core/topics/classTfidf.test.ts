/** c-TF-IDF against BERTopic 0.17.4's own output on the golden cases, every field within the README's tolerance. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitClassTfidf, type ClassTfidf } from '../../../src/core/topics/classTfidf';
import { countDocumentTerms } from '../../../src/core/topics/documentTerms';
import type { SparseMatrix } from '../../../src/core/topics/sparse';
import { groupByTopic } from '../../../src/core/topics/topicGroups';
import { topWords } from '../../../src/core/topics/topWords';
import {
  assertTopWordsMatch,
  LOCAL_CASES,
  loadLocalCase,
  loadSharedCase,
  SHARED_CASES,
  SHARED_MISSING,
  VARIANTS,
  VECTORIZERS,
  type CtfidfFixture,
} from './ctfidfFixtures';

function dense(m: SparseMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let i = 0; i < m.rows; i++) for (let k = m.rowStart[i]; k < m.rowStart[i + 1]; k++) out[i][m.columns[k]] = m.values[k];
  return out;
}

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

async function fit(fixture: CtfidfFixture, vectorizer: (typeof VECTORIZERS)[number], variant: (typeof VARIANTS)[number]): Promise<ClassTfidf> {
  const params = fixture.vectorizers[vectorizer].variants[variant].ctfidf_params;
  const terms = await countDocumentTerms(fixture.documents, { cleanText: true, stopWords: vectorizer === 'english' });
  return fitClassTfidf(terms, groupByTopic(Int32Array.from(fixture.topics)), {
    bm25Weighting: params.bm25_weighting,
    reduceFrequentWords: params.reduce_frequent_words,
  });
}

function checkCase(fixture: CtfidfFixture): void {
  for (const vectorizer of VECTORIZERS) {
    const expected = fixture.vectorizers[vectorizer];
    for (const variant of VARIANTS) {
      const label = `${fixture.case} ${vectorizer} ${variant}`;
      it(label, async () => {
        const model = await fit(fixture, vectorizer, variant);
        const reference = expected.variants[variant];
        assert.deepEqual(Array.from(model.topicIds), fixture.topic_ids, 'topic ids');
        assert.deepEqual(model.vocabulary, expected.vocabulary, 'vocabulary');
        assert.deepEqual(Array.from(model.tokenTotals), expected.class_token_totals, 'class token totals');
        assert.equal(model.averageTokens, expected.avg_nr_samples, 'A');
        if (expected.counts) assert.deepEqual(dense(model.counts), expected.counts, 'counts');
        if (reference.idf) assertClose(model.idf, reference.idf, 1e-6, 'idf');
        if (reference.matrix) dense(model.weights).forEach((row, r) => assertClose(row, reference.matrix![r], 1e-6, `matrix row ${r}`));
        reference.top_words.forEach((words, r) => {
          assert.equal(words.topic, fixture.topic_ids[r]);
          assertTopWordsMatch(topWords(model, r, words.words.length), words, `${label} topic ${words.topic}`);
        });
      });
    }
  }
}

describe('class-based TF-IDF (BERTopic 0.17.4 fixtures)', () => {
  for (const name of LOCAL_CASES) describe(name, () => checkCase(loadLocalCase(name)));

  for (const name of SHARED_CASES) {
    const fixture = loadSharedCase(name);
    if (fixture) describe(name, () => checkCase(fixture));
    else it(name, (t) => t.skip(SHARED_MISSING));
  }

  it('topic sizes follow the assignments', () => {
    const fixture = loadLocalCase('tiny');
    const groups = groupByTopic(Int32Array.from(fixture.topics));
    assert.deepEqual(
      groups.members.map((m) => m.length),
      fixture.topic_sizes,
    );
  });
});
