import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditHelper, HELPER_PLACEMENT_MIN_PRODUCTS } from '../../../src/core/audit/auditThread';
import { nearestTopics, type PlacementInput } from '../../../src/core/audit/placement';
import { roundScore } from '../../../src/core/audit/finding';
import type { Placement } from '../../../src/core/audit/report';
import { seededRandom } from '../../../src/core/random';
import { OUTLIER_TOPIC } from '../../../src/core/result';

const COLS = 21;

/** Every topic's dot product in double precision, the first best kept: what the screened search must match. */
function exactPlacements(input: PlacementInput): Placement[] {
  const { cols } = input.vectors;
  return Array.from(input.documents, (document, i) => {
    let nearestTopic = -1;
    let nearestSimilarity = -Infinity;
    let ownSimilarity: number | null = null;
    input.topicIds.forEach((id, t) => {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += input.topicVectors[t * cols + j] * input.vectors.data[i * cols + j];
      if (id === input.documentTopics[i]) ownSimilarity = dot;
      else if (dot > nearestSimilarity) [nearestSimilarity, nearestTopic] = [dot, id];
    });
    return {
      document,
      nearestTopic,
      nearestSimilarity: nearestTopic < 0 ? 0 : roundScore(nearestSimilarity),
      ownSimilarity: ownSimilarity === null ? null : roundScore(ownSimilarity),
    };
  });
}

/** Topics of unit vectors scaled by `scale`, some given twice (ties), and documents near them, near two at once, or anywhere. */
function input(scale: number, seed: number): PlacementInput {
  const random = seededRandom(seed);
  const unit = () => {
    const v = Array.from({ length: COLS }, () => random() * 2 - 1);
    const norm = Math.hypot(...v);
    return v.map((x) => (x / norm) * scale);
  };
  const topics = Array.from({ length: 40 }, unit);
  // Topics 11 and 29 are the same vector: a document nearest to it is placed in the first (11).
  topics[29] = topics[11];
  const documents = Array.from({ length: 300 }, (_, d) => {
    const near = topics[d % topics.length];
    const other = topics[(d * 7) % topics.length];
    if (d % 3 === 0) return unit();
    // Halfway between two topics: the two dot products differ by rounding only.
    if (d % 3 === 1) return near.map((x, j) => (x + other[j]) / 2);
    return near.map((x) => x + (random() - 0.5) * 0.01 * scale);
  });
  return {
    documents: Int32Array.from(documents, (_, d) => 2 * d),
    documentTopics: Int32Array.from(documents, (_, d) => (d % 5 === 0 ? OUTLIER_TOPIC : (d * 3) % 40)),
    vectors: { rows: documents.length, cols: COLS, data: Float32Array.from(documents.flat()) },
    topicIds: Int32Array.from(topics, (_, t) => t),
    topicVectors: Float32Array.from(topics.flat()),
  };
}

describe('nearestTopics', () => {
  for (const scale of [1, 40]) {
    it(`places each document as an exact search does (vectors of norm ${scale})`, () => {
      const search = input(scale, scale);
      const placed = nearestTopics(search);
      assert.deepEqual(placed, exactPlacements(search));
      // The tie goes to the first of the two equal topics, and outliers have no own similarity.
      assert.ok(placed.some((p) => p.nearestTopic === 11));
      assert.ok(!placed.some((p) => p.nearestTopic === 29));
      assert.ok(placed.filter((_, i) => i % 5 === 0).every((p) => p.ownSimilarity === null));
    });
  }

  it('places on the helper thread as on this one, when the search is large enough to go there', async () => {
    const random = seededRandom(3);
    const cols = 100;
    const topics = 1000;
    const documents = Math.ceil(HELPER_PLACEMENT_MIN_PRODUCTS / (topics * cols));
    const search: PlacementInput = {
      documents: Int32Array.from({ length: documents }, (_, d) => d),
      documentTopics: Int32Array.from({ length: documents }, (_, d) => (d % 4 === 0 ? OUTLIER_TOPIC : d % topics)),
      vectors: { rows: documents, cols, data: Float32Array.from({ length: documents * cols }, () => random() - 0.5) },
      topicIds: Int32Array.from({ length: topics }, (_, t) => t),
      topicVectors: Float32Array.from({ length: topics * cols }, () => random() - 0.5),
    };
    const helper = auditHelper();
    try {
      assert.deepEqual(await helper.place(search)(), nearestTopics(search));
    } finally {
      helper.stop();
    }
  });
});
