/** Small corpora with known topics for the property tests of the topic modules. */
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import { SUBJECTS, subjectText, type Subject } from '../../support/corpus';

/** BERTopic's representation defaults without plural folding or diversity: the words c-TF-IDF alone gives. */
export const PLAIN_REPRESENTATION = {
  cleanText: true,
  stopWords: true,
  bm25Weighting: false,
  reduceFrequentWords: false,
  topNWords: 10,
  representativeDocs: 3,
  foldPlurals: false,
  diversity: null,
};

export const SUBJECT_NAMES = Object.keys(SUBJECTS) as Subject[];

export interface TopicCorpus {
  readonly texts: string[];
  /** Subject index per text (0, 1, 2). */
  readonly assignments: Int32Array;
  /** 3-d: the subject's axis plus a little noise. */
  readonly embeddings: Matrix;
}

/** `sizes[s]` texts on subject s, in subject order. */
export function subjectCorpus(sizes: readonly number[], seed = 3): TopicCorpus {
  const random = seededRandom(seed);
  const texts: string[] = [];
  const topics: number[] = [];
  const vectors: number[] = [];
  sizes.forEach((size, s) => {
    for (let i = 0; i < size; i++) {
      texts.push(subjectText(SUBJECT_NAMES[s], random, 40));
      topics.push(s);
      vectors.push(...[0, 1, 2].map((axis) => (axis === s ? 1 : 0) + 0.2 * (random() - 0.5)));
    }
  });
  return { texts, assignments: Int32Array.from(topics), embeddings: { rows: texts.length, cols: 3, data: Float32Array.from(vectors) } };
}

/** The text of all of a subject's documents, joined: its counts are proportional to the topic's. */
export function joinedText(corpus: TopicCorpus, topic: number): string {
  return corpus.texts.filter((_, i) => corpus.assignments[i] === topic).join(' ');
}
