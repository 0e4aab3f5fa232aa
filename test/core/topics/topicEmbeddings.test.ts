import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { row } from '../../../src/core/matrix';
import { topicEmbeddings } from '../../../src/core/topics/topicEmbeddings';
import { groupByTopic } from '../../../src/core/topics/topicGroups';

describe('topicEmbeddings', () => {
  it('is the unit-length mean of the members, one row per topic in id order', () => {
    const embeddings = { rows: 5, cols: 2, data: Float32Array.from([3, 0, 1, 2, 0, 4, 1, 1, -1, -1]) };
    const groups = groupByTopic(Int32Array.from([1, 1, 0, -1, -1]));
    const result = topicEmbeddings(embeddings, groups);
    assert.deepEqual([result.rows, result.cols], [3, 2]);
    // -1: (1,1) + (-1,-1) = 0 stays zero; 0: (0,4) → (0,1); 1: (3,0) + (1,2) = (4,2) → (2,1)/√5.
    assert.deepEqual(Array.from(row(result, 0)), [0, 0]);
    assert.deepEqual(Array.from(row(result, 1)), [0, 1]);
    const expected = [2 / Math.sqrt(5), 1 / Math.sqrt(5)];
    row(result, 2).forEach((x, j) => assert.ok(Math.abs(x - expected[j]) < 1e-6));
  });
});
