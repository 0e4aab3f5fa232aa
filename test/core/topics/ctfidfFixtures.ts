/**
 * Loads the golden BERTopic 0.17.4 c-TF-IDF cases (see the fixtures README in ../shared/fixtures): tiny and edge
 * from test/fixtures/ctfidf, the two 20 Newsgroups cases from ../shared (never copied into the repository).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TopicWord } from '../../../src/core/result';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const LOCAL_DIR = path.join(REPO_ROOT, 'test/fixtures/ctfidf');
const SHARED_DIR = path.resolve(REPO_ROOT, '../shared/fixtures/ctfidf');

export const LOCAL_CASES = ['tiny', 'edge'] as const;
export const SHARED_CASES = ['20ng_first600', '20ng_top20_600'] as const;
export const VARIANTS = ['default', 'bm25_weighting', 'reduce_frequent_words', 'bm25_weighting+reduce_frequent_words'] as const;
export const VECTORIZERS = ['default', 'english'] as const;

export interface FixtureTopWords {
  readonly topic: number;
  readonly words: string[];
  readonly scores: number[];
  readonly n_positive: number;
  readonly cutoff_ties?: string[];
}

export interface FixtureVariant {
  readonly ctfidf_params: { readonly bm25_weighting: boolean; readonly reduce_frequent_words: boolean };
  readonly idf?: number[];
  readonly matrix?: number[][];
  readonly top_words: FixtureTopWords[];
}

export interface FixtureVectorizer {
  readonly vocabulary: string[];
  readonly class_token_totals: number[];
  readonly avg_nr_samples: number;
  readonly counts?: number[][];
  readonly variants: Record<(typeof VARIANTS)[number], FixtureVariant>;
}

export interface CtfidfFixture {
  readonly case: string;
  readonly documents: string[];
  readonly topics: number[];
  readonly preprocessed_documents: string[];
  readonly topic_ids: number[];
  readonly topic_sizes: number[];
  readonly class_documents_preprocessed?: string[];
  readonly vectorizers: Record<(typeof VECTORIZERS)[number], FixtureVectorizer>;
}

export function loadLocalCase(name: (typeof LOCAL_CASES)[number]): CtfidfFixture {
  return JSON.parse(readFileSync(path.join(LOCAL_DIR, `${name}.json`), 'utf8')) as CtfidfFixture;
}

/** undefined when ../shared is not there (the caller skips with a message). */
export function loadSharedCase(name: (typeof SHARED_CASES)[number]): CtfidfFixture | undefined {
  const file = path.join(SHARED_DIR, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CtfidfFixture) : undefined;
}

export const SHARED_MISSING = `${SHARED_DIR} is absent: the 20 Newsgroups c-TF-IDF cases are not checked`;

export function loadStopWords(): string[] {
  return (JSON.parse(readFileSync(path.join(LOCAL_DIR, 'sklearn_english_stop_words.json'), 'utf8')) as { words: string[] }).words;
}

function sameScore(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The README's rule for top words: scores slot by slot within 1e-6; words compared as sets within each run of
 * equal scores (grouped on our own scores); a run that reaches the last slot may hold any of `cutoff_ties`.
 */
export function assertTopWordsMatch(ours: readonly TopicWord[], expected: FixtureTopWords, label: string): void {
  assert.equal(ours.length, expected.words.length, `${label}: number of slots`);
  ours.forEach((w, k) => assert.ok(Math.abs(w.score - expected.scores[k]) <= 1e-6, `${label}: score of slot ${k}: ${w.score} vs ${expected.scores[k]}`));
  for (let start = 0; start < ours.length;) {
    let end = start + 1;
    while (end < ours.length && sameScore(ours[end].score, ours[start].score)) end++;
    const ourWords = ours.slice(start, end).map((w) => w.word);
    if (end === ours.length && expected.cutoff_ties && ours[start].word !== '') {
      for (const word of ourWords) assert.ok(expected.cutoff_ties.includes(word), `${label}: "${word}" is not among the cut-off ties`);
      assert.equal(new Set(ourWords).size, ourWords.length, `${label}: repeated word`);
    } else {
      assert.deepEqual([...ourWords].sort(), expected.words.slice(start, end).sort(), `${label}: words of slots ${start}–${end - 1}`);
    }
    start = end;
  }
}
