import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { describeTopics } from '../../../src/core/topics/describe';
import { mergeTopicAssignments, mergeTopics } from '../../../src/core/topics/merge';
import { SUBJECTS } from '../../support/corpus';
import { PLAIN_REPRESENTATION, subjectCorpus } from './topicCorpus';

describe('mergeTopicAssignments', () => {
  it('joins the topics and renumbers all by size', () => {
    const { assignments, newIdOf } = mergeTopicAssignments(Int32Array.from([0, 0, 0, 1, 1, 2, 2, 3, -1]), [3, 2]);
    assert.deepEqual(Array.from(assignments), [0, 0, 0, 2, 2, 1, 1, 1, -1]);
    assert.equal(newIdOf.get(2), 1);
    assert.equal(newIdOf.get(3), undefined, 'merged away');
    // Topic 0 (the largest) may be merged too.
    assert.deepEqual(Array.from(mergeTopicAssignments(Int32Array.from([0, 0, 1, 2, -1]), [0, 2]).assignments), [0, 0, 1, 0, -1]);
  });

  it('refuses outliers, unknown topics and fewer than two topics', () => {
    const assignments = Int32Array.from([0, 1, -1]);
    assert.throws(() => mergeTopicAssignments(assignments, [0, -1]), RangeError);
    assert.throws(() => mergeTopicAssignments(assignments, [0, 7]), RangeError);
    assert.throws(() => mergeTopicAssignments(assignments, [1, 1]), RangeError);
  });
});

describe('mergeTopics', () => {
  it('describes the merged topics as a fresh description of the merged assignments would', async () => {
    const corpus = subjectCorpus([6, 5, 4]);
    const assignments = Int32Array.from(corpus.assignments, (t, i) => (i % 7 === 0 ? -1 : t));
    const input = { texts: corpus.texts, embeddings: corpus.embeddings };
    const description = await describeTopics({ ...input, assignments, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const merged = mergeTopics({ description, embeddings: corpus.embeddings, random: seededRandom(5) }, [1, 2]);

    const sizes = (a: Int32Array, id: number) => a.filter((t) => t === id).length;
    assert.equal(merged.description.topics.length, 3);
    assert.equal(sizes(merged.renumbering.assignments, 0), sizes(assignments, 1) + sizes(assignments, 2), 'the merged topic is now the largest');
    assert.equal(merged.renumbering.newIdOf.get(0), 1);

    const fresh = await describeTopics({ ...input, assignments: merged.renumbering.assignments, random: seededRandom(5) }, PLAIN_REPRESENTATION);
    assert.deepEqual(merged.description.topics, fresh.topics);
    assert.deepEqual(merged.description.topicEmbeddings, fresh.topicEmbeddings);
    const cooking = new Set<string>(SUBJECTS.cooking);
    assert.ok(
      merged.description.topics[2].words.every((w) => cooking.has(w.word)),
      'topic 1 is now the cooking topic',
    );
  });
});
