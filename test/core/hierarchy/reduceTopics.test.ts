import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { denseCosineDistances } from '../../../src/core/hierarchy/cosineDistances';
import { autoTopicClusters, averageLinkageLabels, mergeTopicClusters, parseTopicReduction, reduceTopicCount } from '../../../src/core/hierarchy/reduceTopics';
import { seededRandom } from '../../../src/core/random';
import { describeCountedTopics } from '../../../src/core/topics/describe';
import { countDocumentTerms } from '../../../src/core/topics/documentTerms';
import { renumberTopicsBySize } from '../../../src/core/topics/renumber';
import { PLAIN_REPRESENTATION, subjectCorpus } from '../topics/topicCorpus';
import { HIERARCHY_CASES, HIERARCHY_MISSING, hierarchyFixturesPresent, loadHierarchyCase } from './hierarchyFixtures';

const OPTIONS = { ...PLAIN_REPRESENTATION, cleanText: false };

/**
 * The reference fitted BERTopic on constant embeddings without an embedding model, so its topic embeddings (which
 * `reduce_topics` prefers over c-TF-IDF rows) are all alike: every distance between topics is 1, HDBSCAN finds no
 * cluster, and the mappings pin down the tie order of scipy's nearest-neighbour chain, scikit-learn's `_hc_cut`
 * and BERTopic's renumbering by size. (With the c-TF-IDF rows the mappings come out otherwise.)
 */
function constantRepresentations(topics: number): { rows: number; cols: number; data: Float64Array } {
  return { rows: topics, cols: 4, data: new Float64Array(topics * 4) };
}

describe('topic reduction: BERTopic 0.17.4 reduce_topics', { skip: hierarchyFixturesPresent() ? false : HIERARCHY_MISSING }, () => {
  for (const name of HIERARCHY_CASES) {
    it(`reproduces the mappings of ${name}`, async () => {
      const fixture = loadHierarchyCase(name);
      const assignments = Int32Array.from(fixture.topics);
      const hasOutliers = fixture.topics.includes(-1);
      const topicCount = new Set(fixture.topics.filter((t) => t >= 0)).size;
      for (const [target, expected] of Object.entries(fixture.reduce_topics)) {
        const representations = constantRepresentations(topicCount);
        const clusters =
          target === 'auto'
            ? await autoTopicClusters(representations)
            : averageLinkageLabels(denseCosineDistances(representations), topicCount, Number(target) - (hasOutliers ? 1 : 0));
        const merged = mergeTopicClusters(assignments, clusters);
        assert.deepEqual(Array.from(merged.assignments), expected.topics_after, `${name}, nr_topics=${target}`);
        assert.equal(new Set(merged.assignments.filter((t) => t >= 0)).size, expected.n_topics_after);
      }
    });

    it(`numbers the input labels of ${name} by size as BERTopic did`, () => {
      const fixture = loadHierarchyCase(name) as ReturnType<typeof loadHierarchyCase> & { input_labels: number[] };
      assert.deepEqual(Array.from(renumberTopicsBySize(Int32Array.from(fixture.input_labels), 'bertopic').assignments), fixture.topics);
    });
  }
});

describe('averageLinkageLabels', () => {
  it('cuts the average-linkage tree into the asked number of clusters of nearby points', () => {
    const random = seededRandom(2);
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const points = Array.from({ length: 30 }, (_, i) => centres[i % 3].map((c) => c + random()));
    const n = points.length;
    const distances = new Float64Array((n * (n - 1)) / 2);
    let at = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) distances[at++] = Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]);
    const labels = averageLinkageLabels(distances, n, 3);
    for (let i = 0; i < n; i++) assert.equal(labels[i], labels[i % 3], `point ${i} is with its centre's points`);
    assert.equal(new Set(labels).size, 3);
    assert.equal(new Set(averageLinkageLabels(distances, n, 7)).size, 7);
    assert.throws(() => averageLinkageLabels(distances, n, 0), RangeError);
  });
});

describe('reduceTopicCount', () => {
  async function described(sizes: number[], topicOf: (subject: number, i: number) => number) {
    const corpus = subjectCorpus(sizes);
    const assignments = renumberTopicsBySize(Int32Array.from(corpus.assignments, (s, i) => topicOf(s, i))).assignments;
    const terms = await countDocumentTerms(corpus.texts, OPTIONS);
    return describeCountedTopics({ terms, assignments, embeddings: corpus.embeddings, random: seededRandom(1) }, OPTIONS);
  }

  it('merges topics of the same subject down to the asked number, counting the outliers as one', async () => {
    // Six topics, two per subject, and some outliers.
    const description = await described([12, 12, 12], (s, i) => (i % 7 === 0 ? -1 : 2 * s + (i % 2)));
    const reduced = await reduceTopicCount(description, 4);
    assert.ok(reduced);
    const topics = new Set(reduced.assignments);
    assert.deepEqual(
      [...topics].sort((a, b) => a - b),
      [-1, 0, 1, 2],
    );
    // Outliers stay outliers; documents share a topic exactly when they share a subject.
    description.assignments.forEach((old, i) => assert.equal(reduced.assignments[i] < 0, old < 0));
    const subjectOf = (i: number) => Math.floor(i / 12);
    for (let i = 0; i < 36; i++) {
      for (let j = 0; j < 36; j++) {
        if (description.assignments[i] >= 0 && description.assignments[j] >= 0) {
          assert.equal(reduced.assignments[i] === reduced.assignments[j], subjectOf(i) === subjectOf(j), `documents ${i} and ${j}`);
        }
      }
    }
    assert.equal(await reduceTopicCount(description, 7), null, 'nothing to merge at the current count (6 topics and outliers)');
  });

  it('"auto" merges the topics HDBSCAN finds alike, and nothing when they differ', async () => {
    // Four topics per subject: HDBSCAN's core distance (the second nearest other topic) stays within the subject.
    const split = await described([24, 24, 24], (s, i) => 4 * s + (i % 4));
    const reduced = await reduceTopicCount(split, 'auto');
    assert.ok(reduced);
    assert.equal(new Set(reduced.assignments).size, 3);
    const distinct = await described([12, 12, 12], (s) => s);
    assert.equal(await reduceTopicCount(distinct, 'auto'), null);
  });
});

describe('parseTopicReduction', () => {
  it('reads "auto", whole numbers of at least 2 and "none"', () => {
    assert.equal(parseTopicReduction(' Auto '), 'auto');
    assert.equal(parseTopicReduction('12'), 12);
    assert.equal(parseTopicReduction(''), null);
    assert.equal(parseTopicReduction('none'), null);
    for (const bad of ['1', '0', '-3', '2.5', 'ten', '1e3']) assert.equal(parseTopicReduction(bad), undefined, bad);
  });
});
