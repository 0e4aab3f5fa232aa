/** Topic embeddings: the mean of the members' document embeddings (BERTopic's default topic vectors), unit length. */
import { row, type Matrix } from '../matrix';
import type { TopicGroups } from './topicGroups';

/** One row per topic, in `groups` order; a topic whose mean is the zero vector keeps zeros. */
export function topicEmbeddings(embeddings: Matrix, groups: TopicGroups): Matrix {
  const dim = embeddings.cols;
  const data = new Float32Array(groups.topicIds.length * dim);
  const sum = new Float64Array(dim);
  groups.members.forEach((members, r) => {
    sum.fill(0);
    for (const doc of members) {
      const vector = row(embeddings, doc);
      for (let j = 0; j < dim; j++) sum[j] += vector[j];
    }
    // The mean's direction is the sum's: normalising the sum is enough.
    let squares = 0;
    for (const x of sum) squares += x * x;
    const norm = Math.sqrt(squares);
    if (norm > 0) for (let j = 0; j < dim; j++) data[r * dim + j] = sum[j] / norm;
  });
  return { rows: groups.topicIds.length, cols: dim, data };
}
