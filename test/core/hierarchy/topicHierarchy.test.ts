import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTopicHierarchy, redescribeHierarchy, uniqueDistances } from '../../../src/core/hierarchy/topicHierarchy';
import { fitClassTfidf, type ClassTfidf } from '../../../src/core/topics/classTfidf';
import { TermCounter } from '../../../src/core/topics/documentTerms';
import { groupByTopic } from '../../../src/core/topics/topicGroups';
import { subjectCorpus } from '../topics/topicCorpus';
import { fixtureTexts, HIERARCHY_CASES, HIERARCHY_MISSING, hierarchyFixturesPresent, loadHierarchyCase } from './hierarchyFixtures';

const DEFAULT_WEIGHTING = { bm25Weighting: false, reduceFrequentWords: false };

/** The reference's setting: BERTopic's text cleaning and CountVectorizer(stop_words="english"). */
async function fitted(texts: readonly string[], topics: readonly number[]): Promise<ClassTfidf> {
  const terms = await new TermCounter({ cleanText: true, stopWords: true }).count(texts);
  return fitClassTfidf(terms, groupByTopic(Int32Array.from(topics)), DEFAULT_WEIGHTING);
}

describe('buildTopicHierarchy: BERTopic 0.17.4 hierarchical_topics', { skip: hierarchyFixturesPresent() ? false : HIERARCHY_MISSING }, () => {
  for (const name of HIERARCHY_CASES) {
    it(`reproduces ${name}: merge order, ids, children, leaf sets, distances and parent names`, async () => {
      const fixture = loadHierarchyCase(name);
      const hierarchy = buildTopicHierarchy(await fitted(fixtureTexts(fixture), fixture.topics), 10);
      // BERTopic lists the newest merge first.
      const expected = [...fixture.hierarchical_topics].reverse();
      assert.equal(hierarchy.merges.length, expected.length);
      hierarchy.merges.forEach((merge, k) => {
        const row = expected[k];
        const label = `merge ${k} (${row.parent_id})`;
        assert.equal(merge.id, row.parent_id, label);
        assert.deepEqual(merge.topics, row.topics, label);
        assert.deepEqual([merge.left, merge.right], [row.child_left_id, row.child_right_id], `${label}: children in dendrogram order`);
        assert.ok(Math.abs(merge.distance - row.distance) <= 1e-6 * row.distance, `${label}: distance ${merge.distance} vs ${row.distance}`);
        assert.equal(
          merge.words
            .slice(0, 5)
            .map((w) => w.word)
            .join('_'),
          row.parent_name,
          label,
        );
      });
    });
  }
});

describe('buildTopicHierarchy', () => {
  it('joins the most alike topics first and describes every merge by its documents', async () => {
    // Subjects 0 and 1 twice over: topics 0 and 3 share subject 0, topics 1 and 4 subject 1.
    const corpus = subjectCorpus([8, 8, 8]);
    const texts = [...corpus.texts, ...subjectCorpus([8, 8], 11).texts];
    const topics = [...corpus.assignments, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4];
    const hierarchy = buildTopicHierarchy(await fitted(texts, topics), 10);
    assert.equal(hierarchy.merges.length, 4);
    const pairs = hierarchy.merges.slice(0, 2).map((m) => [...m.topics]);
    assert.deepEqual(pairs.sort(), [
      [0, 3],
      [1, 4],
    ]);
    assert.deepEqual(
      hierarchy.merges.map((m) => m.id),
      [5, 6, 7, 8],
    );
    assert.deepEqual(hierarchy.merges[3].topics, [0, 1, 2, 3, 4]);
    for (let k = 1; k < hierarchy.merges.length; k++) assert.ok(hierarchy.merges[k].distance > hierarchy.merges[k - 1].distance);
    assert.ok(hierarchy.merges.every((m) => m.words.length === 10 && m.words.every((w) => w.score > 0)));
  });

  it('numbers merges after the last topic id when an update left a gap, and leaves the outliers out', async () => {
    const corpus = subjectCorpus([6, 6, 6]);
    const topics = Array.from(corpus.assignments, (t, i) => (i % 5 === 0 ? -1 : [0, 2, 5][t]));
    const hierarchy = buildTopicHierarchy(await fitted(corpus.texts, topics), 5);
    assert.deepEqual(
      hierarchy.merges.map((m) => m.id),
      [6, 7],
    );
    assert.deepEqual(hierarchy.merges[1].topics, [0, 2, 5]);
    const children = hierarchy.merges.flatMap((m) => [m.left, m.right]).sort((a, b) => a - b);
    assert.deepEqual(children, [0, 2, 5, 6]);
  });

  it('has no merges with fewer than two topics', async () => {
    const corpus = subjectCorpus([5, 5]);
    assert.deepEqual(
      buildTopicHierarchy(
        await fitted(
          corpus.texts,
          Array.from(corpus.assignments, () => 0),
        ),
        10,
      ).merges,
      [],
    );
  });
});

describe('redescribeHierarchy', () => {
  const tree = (h: { merges: readonly { id: number; left: number; right: number; distance: number; topics: readonly number[] }[] }) =>
    h.merges.map(({ id, left, right, distance, topics }) => ({ id, left, right, distance, topics }));

  it('gives the built hierarchy back when nothing changed', async () => {
    const corpus = subjectCorpus([8, 8, 8]);
    const ctfidf = await fitted(corpus.texts, Array.from(corpus.assignments));
    const built = buildTopicHierarchy(ctfidf, 10);
    assert.deepEqual(redescribeHierarchy(built, ctfidf, 10), built);
  });

  it('keeps the tree of the same topics and describes each merge from the new membership', async () => {
    const corpus = subjectCorpus([8, 8, 8]);
    const before = Array.from(corpus.assignments);
    const built = buildTopicHierarchy(await fitted(corpus.texts, before), 10);
    // Half of topic 0's documents now outliers, two of topic 2's moved to topic 1: the same topics, other members.
    const after = before.map((t, i) => (t === 0 && i % 2 === 0 ? -1 : t === 2 && i % 8 < 2 ? 1 : t));
    const ctfidf = await fitted(corpus.texts, after);
    const kept = redescribeHierarchy(built, ctfidf, 10)!;
    assert.deepEqual(tree(kept), tree(built));
    const rebuilt = buildTopicHierarchy(ctfidf, 10);
    // The merge of every topic describes all their documents together, whatever the tree.
    assert.deepEqual(kept.merges.at(-1)!.words, rebuilt.merges.at(-1)!.words);
    assert.notDeepEqual(kept.merges.at(-1)!.words, built.merges.at(-1)!.words);
  });

  it('declines when the topics are not the same ones (an update emptied one)', async () => {
    const corpus = subjectCorpus([8, 8, 8]);
    const built = buildTopicHierarchy(await fitted(corpus.texts, Array.from(corpus.assignments)), 10);
    const without2 = Array.from(corpus.assignments, (t) => (t === 2 ? -1 : t));
    assert.equal(redescribeHierarchy(built, await fitted(corpus.texts, without2), 10), null);
  });
});

describe('uniqueDistances', () => {
  it('raises a repeated distance by less than the gap to the next one, as BERTopic does, and keeps the rest', () => {
    const out = uniqueDistances(Float64Array.from([0.5, 0.5, 0.5, 0.7, 0.9, 0.9]));
    assert.equal(new Set(out).size, 6);
    assert.deepEqual([out[0], out[3], out[4]], [0.5, 0.7, 0.9]);
    for (let i = 1; i < out.length; i++) assert.ok(out[i] > out[i - 1]);
    assert.ok(out[2] - 0.5 <= 2e-7 && out[5] - 0.9 <= 1e-7);
  });
});
