/** Topic words and labels from c-TF-IDF rows, as BERTopic's `_extract_words_per_topic` and `topic_labels_`. */
import type { TopicWord } from '../result';
import type { ClassTfidf } from './classTfidf';

/** BERTopic's filler for a word slot that no positive score fills. */
export const EMPTY_TOPIC_WORD: TopicWord = { word: '', score: 0.00001 };

const WORDS_IN_NAME = 4;

/**
 * The `count` best words of one c-TF-IDF row: positive scores only, best first, remaining slots EMPTY_TOPIC_WORD.
 * (BERTopic pre-selects the top max(count, 30) entries, which yields the same words.) Equal scores keep vocabulary
 * order; BERTopic's order among them is arbitrary (numpy argpartition).
 */
export function topWords(model: ClassTfidf, row: number, count: number): TopicWord[] {
  const { rowStart, columns, values } = model.weights;
  const start = rowStart[row];
  const end = rowStart[row + 1];
  return topWordsOf(model.vocabulary, columns.subarray(start, end), values.subarray(start, end), count);
}

/** The same for any sparse vector over a vocabulary (ascending `columns`, one score each). */
export function topWordsOf(vocabulary: readonly string[], columns: Int32Array, values: Float64Array, count: number): TopicWord[] {
  const best: number[] = []; // entry indices, best first
  for (let k = 0; k < values.length; k++) {
    const score = values[k];
    if (!(score > 0)) continue;
    if (best.length === count && score <= values[best[best.length - 1]]) continue;
    // After every equal score: entries come in vocabulary order.
    let at = best.length;
    while (at > 0 && values[best[at - 1]] < score) at--;
    best.splice(at, 0, k);
    if (best.length > count) best.pop();
  }
  const words: TopicWord[] = best.map((k) => ({ word: vocabulary[columns[k]], score: values[k] }));
  while (words.length < count) words.push(EMPTY_TOPIC_WORD);
  return words;
}

/** "{id}_w1_w2_w3_w4" from the first four (non-empty) words. */
export function topicName(id: number, words: readonly TopicWord[]): string {
  const named = words.filter((w) => w.word !== '').slice(0, WORDS_IN_NAME);
  return [String(id), ...named.map((w) => w.word)].join('_');
}
