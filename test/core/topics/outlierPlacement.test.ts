/** Weak placement of outliers: near a topic → joins it, flagged; a stray → stays in -1; topics keep their words. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { describeTopics, topicInfos } from '../../../src/core/topics/describe';
import { placeOutliers, withWeakMembers } from '../../../src/core/topics/outlierPlacement';
import { PLAIN_REPRESENTATION } from './topicCorpus';

/** Members of topic 0 around x, of topic 1 around y (cosines to their axis from 0.80 to 1), then three outliers. */
function corpus() {
  const rows: number[][] = [];
  const texts: string[] = [];
  const assignments: number[] = [];
  for (let i = 0; i < 10; i++) {
    const c = 1 - 0.02 * i;
    const s = Math.sqrt(1 - c * c);
    rows.push([c, 0, s], [0, c, s]);
    texts.push(`oven bread flour dough ${i}`, `router packet network switch ${i}`);
    assignments.push(0, 1);
  }
  // Cosine 0.9 to topic 0 (inside its members' spread), cosine 0.6 to topic 1 (below every member), a stray on z.
  rows.push([0.9, 0, Math.sqrt(1 - 0.81)], [0, 0.6, 0.8], [0, 0, 1]);
  texts.push('bread recipe notes', 'a switch in the kitchen', 'licence and copyright notice');
  assignments.push(-1, -1, -1);
  const embeddings = { rows: rows.length, cols: 3, data: Float32Array.from(rows.flat()) };
  return { texts, embeddings, assignments: Int32Array.from(assignments) };
}

describe('placeOutliers', () => {
  it('places an outlier as close to its topic as the members are, keeps the others in -1, and changes no member', async () => {
    const { texts, embeddings, assignments } = corpus();
    const description = await describeTopics({ texts, assignments, embeddings, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const probabilities = Float64Array.from(assignments, (t) => (t >= 0 ? 0.7 : 0));
    const placement = placeOutliers(description, embeddings, probabilities, 0.1);

    const [near, far, stray] = [20, 21, 22];
    assert.equal(placement.assignments[near], 0);
    assert.equal(placement.weak[near], 1);
    assert.ok(placement.probabilities[near] > 0.85 && placement.probabilities[near] < 1, 'probability = cosine to the topic');
    assert.equal(placement.assignments[far], -1, 'cosine 0.6 is below every member of topic 1');
    assert.equal(placement.assignments[stray], -1);
    assert.equal(placement.placed, 1);
    for (let d = 0; d < 20; d++) {
      assert.equal(placement.assignments[d], assignments[d]);
      assert.equal(placement.weak[d], 0);
      assert.equal(placement.probabilities[d], 0.7);
    }
  });

  it('admits more with a lower quantile: at the 0 quantile (the least similar member) the 0.6 outlier still stays out', async () => {
    const { texts, embeddings, assignments } = corpus();
    const description = await describeTopics({ texts, assignments, embeddings, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const strict = placeOutliers(description, embeddings, new Float64Array(texts.length), 0.9);
    const loose = placeOutliers(description, embeddings, new Float64Array(texts.length), 0);
    assert.equal(strict.placed, 0, 'cosine 0.9 is below the 90 % quantile of topic 0 (0.98)');
    assert.equal(loose.placed, 1);
  });

  it('counts weakly placed documents in their topic and takes them out of -1; the topics keep their words', async () => {
    const { texts, embeddings, assignments } = corpus();
    const description = await describeTopics({ texts, assignments, embeddings, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const before = JSON.stringify(await topicInfos(description));
    const placement = placeOutliers(description, embeddings, new Float64Array(texts.length), 0.1);
    const topics = withWeakMembers(await topicInfos(description), placement.assignments, placement.weak);
    assert.deepEqual(
      topics.map((t) => [t.id, t.count]),
      [
        [-1, 2],
        [0, 11],
        [1, 10],
      ],
    );
    assert.equal(JSON.stringify(await topicInfos(description)), before, 'the description is not changed');
    assert.deepEqual(
      topics.map((t) => t.words),
      JSON.parse(before).map((t: { words: unknown }) => t.words),
    );
  });
  it('with many topics places each outlier as the plain per-pair cosine says, with that cosine bit for bit', async () => {
    // 9 topics in 13 dimensions (the four-topics-at-a-time path and its remainder), 60 outliers from near to stray.
    const random = seededRandom(5);
    const dim = 13;
    const centres = Array.from({ length: 9 }, () => Array.from({ length: dim }, () => random() - 0.5));
    const rows: number[][] = [];
    const texts: string[] = [];
    const assignments: number[] = [];
    centres.forEach((centre, topic) => {
      for (let i = 0; i < 6; i++) {
        rows.push(centre.map((x) => x + 0.2 * (random() - 0.5)));
        texts.push(`word${topic} other${topic} thing${topic} ${i}`);
        assignments.push(topic);
      }
    });
    for (let i = 0; i < 60; i++) {
      const centre = centres[i % 9];
      rows.push(centre.map((x) => x + [0.1, 0.5, 4][i % 3] * (random() - 0.5)));
      texts.push(`stray ${i}`);
      assignments.push(-1);
    }
    const embeddings = { rows: rows.length, cols: dim, data: Float32Array.from(rows.flat()) };
    const description = await describeTopics({ texts, assignments: Int32Array.from(assignments), embeddings, random: seededRandom(1) }, PLAIN_REPRESENTATION);
    const placement = placeOutliers(description, embeddings, new Float64Array(rows.length), 0.3);

    const vectors = description.topicEmbeddings!;
    const cosine = (doc: number, r: number): number => {
      let [dot, aa, bb] = [0, 0, 0];
      for (let i = 0; i < dim; i++) {
        const [a, b] = [embeddings.data[doc * dim + i], vectors.data[r * dim + i]];
        dot += a * b;
        aa += a * a;
        bb += b * b;
      }
      return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
    };
    const { topicIds, members } = description.groups;
    const admission = Array.from(topicIds, (_, r) => {
      const sorted = Array.from(members[r], (doc) => cosine(doc, r)).sort((a, b) => a - b);
      return sorted[Math.floor(0.3 * (sorted.length - 1))];
    });
    let placed = 0;
    for (let doc = 54; doc < rows.length; doc++) {
      let [best, bestSimilarity] = [-1, 0];
      topicIds.forEach((id, r) => {
        if (id >= 0 && cosine(doc, r) > bestSimilarity) [best, bestSimilarity] = [r, cosine(doc, r)];
      });
      const joins = best >= 0 && bestSimilarity >= admission[best];
      assert.equal(placement.assignments[doc], joins ? topicIds[best] : -1, `outlier ${doc}`);
      if (joins) assert.equal(placement.probabilities[doc], bestSimilarity);
      placed += joins ? 1 : 0;
    }
    assert.ok(placed > 10 && placed < 50, `some placed, some not: ${placed}`);
  });
});
