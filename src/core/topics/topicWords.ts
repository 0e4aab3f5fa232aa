/**
 * From a topic's c-TF-IDF candidates to the words a reader sees: inflections of one word folded into its best
 * scored form ("class", "classes"), then BERTopic's MaximalMarginalRelevance when a word embedder is at hand.
 */
import { row, type Matrix } from '../matrix';
import type { TopicWord } from '../result';

/** BERTopic hands a representation model the top 30 c-TF-IDF words of each topic. */
export const CANDIDATE_WORDS = 30;

/** Embeds words (and the words of a topic joined by spaces): unit rows, or zero rows for what the model does not know. */
export interface WordEmbedder {
  embed(texts: readonly string[]): Promise<Matrix>;
}

export interface TopicWordOptions {
  readonly topNWords: number;
  /** Fold a word's plural into its best scored form. */
  readonly foldPlurals: boolean;
  /** MaximalMarginalRelevance's diversity; null = no MMR. */
  readonly diversity: number | null;
}

/**
 * The singular of an English plural, as far as suffixes tell ("classes" → "class", "entries" → "entry",
 * "handlers" → "handler"); words ending in -ss, -us or -is, and short words, are left alone. A term of several
 * words folds word by word.
 */
export function singularKey(term: string): string {
  return term.split(' ').map(singular).join(' ');
}

function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:sses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** The candidates without the later (lower scored) forms of a word already among them. */
export function foldPlurals(candidates: readonly TopicWord[]): TopicWord[] {
  const seen = new Set<string>();
  return candidates.filter(({ word }) => {
    const key = singularKey(word);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * BERTopic's `mmr` (unit vectors, so cosine = dot): the candidate most similar to the topic first, then
 * repeatedly the one maximising (1 − diversity)·cos(word, topic) − diversity·max cos(word, picked), until
 * `count` are picked. Returns the picked indices into `words`, in the order picked; ties go to the earlier
 * candidate, as numpy's argmax does.
 */
export function maximalMarginalRelevance(topic: Float32Array, words: Matrix, diversity: number, count: number): number[] {
  const relevance = Array.from({ length: words.rows }, (_, i) => dot(row(words, i), topic));
  const closestPicked = new Float64Array(words.rows).fill(-Infinity);
  const remaining = new Set(relevance.keys());
  const picked: number[] = [];
  while (picked.length < Math.min(count, words.rows)) {
    let best = -1;
    let bestScore = -Infinity;
    for (const i of remaining) {
      const score = picked.length === 0 ? relevance[i] : (1 - diversity) * relevance[i] - diversity * closestPicked[i];
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    picked.push(best);
    remaining.delete(best);
    for (const i of remaining) closestPicked[i] = Math.max(closestPicked[i], dot(row(words, i), row(words, best)));
  }
  return picked;
}

function isZero(vector: Float32Array): boolean {
  return vector.every((v) => v === 0);
}

/**
 * Each topic's words from its candidates (best c-TF-IDF first): plurals folded, then with `diversity` and an
 * embedder, MMR over the candidates as BERTopic's MaximalMarginalRelevance: the topic is the embedding of its
 * candidates joined by spaces, and the picked words keep their c-TF-IDF order and scores. A word the embedder does
 * not know (a zero row: an API name unknown to a static word model) can be neither compared nor ranked by MMR,
 * so it keeps the place c-TF-IDF gives it, and MMR picks the other words. (A sentence model knows every word:
 * then this is BERTopic's MMR exactly.)
 */
export async function refineTopicWords(
  candidates: readonly (readonly TopicWord[])[],
  options: TopicWordOptions,
  embedder?: WordEmbedder,
): Promise<TopicWord[][]> {
  const { topNWords, diversity } = options;
  const folded = candidates.map((words) => (options.foldPlurals ? foldPlurals(words) : [...words]));
  if (diversity === null || !embedder) return folded.map((words) => words.slice(0, topNWords));

  const vocabulary = [...new Set(folded.flat().map((w) => w.word))];
  const [wordVectors, topicVectors] = await Promise.all([
    embedder.embed(vocabulary),
    embedder.embed(folded.map((words) => words.map((w) => w.word).join(' '))),
  ]);
  const vectorOf = new Map(vocabulary.map((word, i) => [word, row(wordVectors, i)]));
  return folded.map((words, t) => {
    if (words.length <= topNWords) return words;
    const unknown = new Set(words.slice(0, topNWords).filter((w) => isZero(vectorOf.get(w.word)!)));
    const known = words.filter((w) => !isZero(vectorOf.get(w.word)!));
    const matrix: Matrix = { rows: known.length, cols: wordVectors.cols, data: new Float32Array(known.length * wordVectors.cols) };
    known.forEach((w, i) => matrix.data.set(vectorOf.get(w.word)!, i * wordVectors.cols));
    const picked = new Set(maximalMarginalRelevance(row(topicVectors, t), matrix, diversity, topNWords - unknown.size).map((i) => known[i]));
    return words.filter((w) => unknown.has(w) || picked.has(w));
  });
}
