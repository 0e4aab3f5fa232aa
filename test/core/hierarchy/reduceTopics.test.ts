import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { denseCosineDistances } from '../../../src/core/hierarchy/cosineDistances';
import {
  autoTopicClusters,
  averageLinkageLabels,
  mergeSimilarTopics,
  mergeTopicClusters,
  parseTopicReduction,
  reduceTopicCount,
} from '../../../src/core/hierarchy/reduceTopics';
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

/** Topics of `subjectCorpus(sizes)`'s documents, described: `topicOf` gives each document's topic. */
async function described(sizes: number[], topicOf: (subject: number, i: number) => number) {
  const corpus = subjectCorpus(sizes);
  const assignments = renumberTopicsBySize(Int32Array.from(corpus.assignments, (s, i) => topicOf(s, i))).assignments;
  const terms = await countDocumentTerms(corpus.texts, OPTIONS);
  return describeCountedTopics({ terms, assignments, embeddings: corpus.embeddings, random: seededRandom(1) }, OPTIONS);
}

describe('reduceTopicCount', () => {
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

describe('mergeSimilarTopics', () => {
  /** Average cosine similarity between the topic embeddings of two groups of topics. */
  function averageSimilarity(description: Awaited<ReturnType<typeof described>>, a: number[], b: number[]): number {
    const { topicEmbeddings, groups } = description;
    const row = (topic: number) =>
      topicEmbeddings!.data.subarray(groups.topicIds.indexOf(topic) * topicEmbeddings!.cols, (groups.topicIds.indexOf(topic) + 1) * topicEmbeddings!.cols);
    let sum = 0;
    for (const x of a) for (const y of b) sum += 1 - denseCosineDistances({ rows: 2, cols: row(x).length, data: Float64Array.from([...row(x), ...row(y)]) })[0];
    return sum / (a.length * b.length);
  }

  it('joins the topics of one subject and keeps the subjects apart', async () => {
    // Three topics per subject (the subjects' embeddings are orthogonal), outliers among them.
    const description = await described([18, 18, 18], (s, i) => (i % 9 === 0 ? -1 : 3 * s + (i % 3)));
    const merged = mergeSimilarTopics(description, 0.5);
    assert.ok(merged);
    const subjectOf = (i: number) => Math.floor(i / 18);
    description.assignments.forEach((old, i) => assert.equal(merged.assignments[i] < 0, old < 0, 'outliers stay outliers'));
    for (let i = 0; i < 54; i++) {
      for (let j = 0; j < 54; j++) {
        if (description.assignments[i] >= 0 && description.assignments[j] >= 0) {
          assert.equal(merged.assignments[i] === merged.assignments[j], subjectOf(i) === subjectOf(j), `documents ${i} and ${j}`);
        }
      }
    }
    assert.equal(mergeSimilarTopics(await described([12, 12, 12], (s) => s), 0.5), null, 'distinct subjects: nothing to merge');
  });

  it('merges exactly the groups whose average-linkage similarity reaches the threshold', async () => {
    const description = await described([18, 18, 18], (s, i) => 3 * s + (i % 3));
    const topicsOfSubject = (s: number) => [...new Set(Array.from(description.assignments).filter((_, i) => Math.floor(i / 18) === s))];
    const subjects = [0, 1, 2].map(topicsOfSubject);
    // Within a subject the topics are alike; across subjects they are not: a threshold between the two decides.
    const within = Math.min(...subjects.map((topics) => averageSimilarity(description, topics.slice(0, 1), topics.slice(1))));
    const across = Math.max(averageSimilarity(description, subjects[0], subjects[1]), averageSimilarity(description, subjects[1], subjects[2]));
    assert.ok(within > across + 0.2, `within ${within}, across ${across}`);
    assert.equal(new Set(mergeSimilarTopics(description, (within + across) / 2)!.assignments).size, 3);
    assert.equal(new Set(mergeSimilarTopics(description, -1)!.assignments).size, 1, 'similarity -1 joins all');
    assert.equal(mergeSimilarTopics(description, 1.01), null, 'above any similarity: nothing merges');
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
