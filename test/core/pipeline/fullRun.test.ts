/**
 * Every field of PipelineParameters reaches its stage: changing it changes what that stage produces, seen through
 * runPipeline's result with the real bundled model. The corpus: notes on three subjects in uneven numbers (30
 * cooking, 20 astronomy, 10 networking) plus 6 notes that mix two subjects, with a link per note to a host named
 * after its subject and, in networking notes, code (`socket.connect()`).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProgressEvent } from '../../../src/core/control';
import type { SourceDocument } from '../../../src/core/documents/types';
import { BUNDLED_MODEL } from '../../../src/core/embedding/bundledModel';
import { removeComponent } from '../../../src/core/embedding/commonComponent';
import type { LocalModelOptions } from '../../../src/core/embedding/options';
import { runPipeline, type PipelineInput } from '../../../src/core/pipeline/fullRun';
import { PipelineSession } from '../../../src/core/pipeline/session';
import { embeddableDocuments, embedDocuments } from '../../../src/core/pipeline/steps';
import { seededRandom } from '../../../src/core/random';
import { firstNeighbors, nearestNeighbors } from '../../../src/core/reduce/knn';
import { umap } from '../../../src/core/reduce/umap';
import { DEFAULT_PARAMETERS, OUTLIER_TOPIC, SET_ASIDE_TOPIC, type PipelineParameters, type TopicLensResult } from '../../../src/core/result';
import { ENGLISH_STOP_WORDS } from '../../../src/core/topics/englishStopWords';
import { digressingPages, SUBJECTS, subjectText, type Subject } from '../../support/corpus';

const SIZES: Record<Subject, number> = { cooking: 30, astronomy: 20, networking: 10 };
const HOSTS: Record<Subject, string> = { cooking: 'kitchenhost', astronomy: 'skyhost', networking: 'wirehost' };
const subjects = Object.keys(SUBJECTS) as Subject[];

function note(notePath: string, text: string): SourceDocument {
  return { path: notePath, heading: null, startLine: 1, endLine: 1, text };
}

function corpus(): SourceDocument[] {
  const random = seededRandom(5);
  const notes = subjects.flatMap((s) =>
    Array.from({ length: SIZES[s] }, (_, i) => {
      const code = s === 'networking' ? ' socket.connect() socket.connect() socket.connect()' : '';
      return note(`${s}/${i}.md`, `${subjectText(s, random)} [more](https://${HOSTS[s]}.example.org/${s}/${i})${code}`);
    }),
  );
  const mixed = Array.from({ length: 6 }, (_, i) =>
    note(`mixed/${i}.md`, `${subjectText(subjects[i % 3], random, 35)} ${subjectText(subjects[(i + 1) % 3], random, 35)}`),
  );
  return [...notes, ...mixed];
}

/** What the clustering and the map made of each document, in document order. */
const clustering = (r: TopicLensResult) => r.documents.map((d) => [d.topic, d.probability]);
const map = (r: TopicLensResult) => r.documents.map((d) => [d.x, d.y]);
const topics = (r: TopicLensResult) => r.topics.filter((t) => t.id !== OUTLIER_TOPIC);
const outliers = (r: TopicLensResult) => r.documents.filter((d) => d.topic === OUTLIER_TOPIC).length;
const topicWords = (r: TopicLensResult) => new Set(topics(r).flatMap((t) => t.words.map((w) => w.word)));
/** The topic most of a subject's notes are in (outliers included). */
const topicOfSubject = (r: TopicLensResult, s: Subject): number => {
  const counts = new Map<number, number>();
  for (const d of r.documents) if (d.path.startsWith(`${s}/`)) counts.set(d.topic, (counts.get(d.topic) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
};

describe('runPipeline: each parameter reaches its stage', () => {
  let cache: string;
  let embedding: LocalModelOptions;
  const session = new PipelineSession();
  const documents = corpus();
  const runs = new Map<string, Promise<TopicLensResult>>();
  /** The pipeline with DEFAULT_PARAMETERS (minTopicSize 5) and `changes`, each distinct run once. */
  const run = (changes: Partial<PipelineParameters> = {}, input: PipelineInput = { kind: 'documents', source: 'file:///notes', documents, skipped: [] }) => {
    const parameters = { ...DEFAULT_PARAMETERS, minTopicSize: 5, ...changes };
    const key = JSON.stringify([parameters, input.kind === 'folder' ? input.root : '']);
    if (!runs.has(key)) runs.set(key, runPipeline(input, { parameters, embedding, session }));
    return runs.get(key)!;
  };

  before(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-wiring-'));
    embedding = { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache };
  });
  after(async () => {
    await session.dispose();
    rmSync(cache, { recursive: true, force: true });
  });

  it('the baseline finds the three subjects, the 10 networking notes included', async () => {
    const base = await run();
    assert.equal(
      topics(base).length,
      3,
      topics(base)
        .map((t) => t.name)
        .join(', '),
    );
    assert.equal(new Set(subjects.map((s) => topicOfSubject(base, s))).size, 3);
  });

  it('seed: the same seed gives the same result, another seed another one', async () => {
    const again = await runPipeline(
      { kind: 'documents', source: 'file:///notes', documents, skipped: [] },
      { parameters: { ...DEFAULT_PARAMETERS, minTopicSize: 5 }, embedding },
    );
    assert.deepEqual([clustering(again), map(again)], [clustering(await run()), map(await run())]);
    const other = await run({ seed: 7 });
    assert.notDeepEqual(clustering(other), clustering(await run()));
    assert.notDeepEqual(map(other), map(await run()));
  });

  it('unit: a file of two sections is two documents, or one', async () => {
    const root = path.join(cache, 'sections');
    const random = seededRandom(9);
    for (const s of subjects) {
      mkdirSync(path.join(root, s), { recursive: true });
      for (let i = 0; i < 8; i++) writeFileSync(path.join(root, s, `${i}.md`), `# One\n\n${subjectText(s, random)}\n\n## Two\n\n${subjectText(s, random)}\n`);
    }
    const input = { kind: 'folder', root } as const;
    assert.equal((await run({ unit: 'section' }, input)).documents.length, 48);
    assert.equal((await run({ unit: 'file' }, input)).documents.length, 24);
  });

  it('minTopicSize: no topic is smaller, and the 10 networking notes (13 with the mixed ones) are no topic of their own at 15', async () => {
    // min_samples fixed, so that only min_cluster_size changes.
    for (const minTopicSize of [5, 15]) {
      const result = await run({ minTopicSize, minSamples: 5 });
      for (const topic of topics(result)) assert.ok(topic.count >= minTopicSize, `${topic.name} at ${minTopicSize}`);
    }
    const small = await run({ minTopicSize: 5, minSamples: 5 });
    assert.equal(new Set(subjects.map((s) => topicOfSubject(small, s))).size, 3);
    assert.notEqual(topicOfSubject(small, 'networking'), OUTLIER_TOPIC);
    // At 15 they are outliers, or share astronomy's topic.
    const large = await run({ minTopicSize: 15, minSamples: 5 });
    assert.ok([OUTLIER_TOPIC, topicOfSubject(large, 'astronomy')].includes(topicOfSubject(large, 'networking')));
  });

  it('minSamples: null means minTopicSize, and another value changes the clustering', async () => {
    assert.deepEqual(clustering(await run({ minSamples: 5 })), clustering(await run({ minSamples: null })));
    for (const minSamples of [1, 10]) assert.notDeepEqual(clustering(await run({ minSamples })), clustering(await run()), `minSamples ${minSamples}`);
  });

  it('clusterSelection: leaf finds at least as many topics as eom, more here', async () => {
    // Every EOM cluster holds at least one leaf of its own. At minTopicSize 3 the subjects have leaves of their own.
    // (The subjects' parts are alike: mergeSimilarity, off here, would join them again.)
    const eom = await run({ minTopicSize: 3, mergeSimilarity: null });
    const leaf = await run({ minTopicSize: 3, clusterSelection: 'leaf', mergeSimilarity: null });
    assert.ok(topics(leaf).length > topics(eom).length, `leaf ${topics(leaf).length}, eom ${topics(eom).length}`);
  });

  it('maxTopicShare: no topic holds more than that share of the documents', async () => {
    // The cap is on HDBSCAN's clusters: weakly placed outliers (which would join after it) are kept out here.
    const capped = (changes: Partial<PipelineParameters>) => run({ outlierPlacement: null, ...changes });
    // 30 % of 66 is 19: cooking (30) and astronomy (20) may not be topics.
    const limited = await capped({ maxTopicShare: 0.3 });
    assert.ok(topics(limited).length > 0);
    for (const topic of topics(limited)) assert.ok(topic.count <= Math.floor(0.3 * documents.length), `${topic.name}: ${topic.count}`);
    // A share of 22.5 documents: astronomy's topic (23 with three mixed notes) is over it, by half a document.
    const fractional = await capped({ maxTopicShare: 22.5 / documents.length });
    assert.ok(topics(await capped({})).some((t) => t.count === 23));
    for (const topic of topics(fractional)) assert.ok(topic.count <= 22, `${topic.name}: ${topic.count}`);
    const unlimited = await capped({ maxTopicShare: 0 });
    assert.ok(topics(unlimited).some((t) => t.count > 0.3 * documents.length));
    // Half: at minTopicSize 15 astronomy and networking (36 notes with the mixed ones) stay one cluster in EOM's
    // choice unless it is held to 33. The default is no cap (and splitTopicShare, off here, would split it too).
    for (const topic of topics(await capped({ minTopicSize: 15, maxTopicShare: 0.5, splitTopicShare: 0 })))
      assert.ok(topic.count <= documents.length / 2, `${topic.name}: ${topic.count}`);
    assert.ok(topics(await capped({ minTopicSize: 15, splitTopicShare: 0 })).some((t) => t.count > documents.length / 2));
  });

  it('splitTopicShare: a topic over that share gives way to the parts HDBSCAN splits it into; 0 keeps EOM’s choice', async () => {
    // At minTopicSize 3 the subjects have parts of their own (see clusterSelection): splitting every topic that
    // has parts holding half of it finds more topics than EOM, which keeps the subjects whole.
    const eom = await run({ minTopicSize: 3, splitTopicShare: 0, mergeSimilarity: null });
    const split = await run({ minTopicSize: 3, splitTopicShare: 1 / documents.length, mergeSimilarity: null });
    assert.ok(topics(split).length > topics(eom).length, `split ${topics(split).length}, eom ${topics(eom).length}`);
    // A share no topic is over changes nothing.
    const largest = Math.max(...topics(eom).map((t) => t.count));
    assert.deepEqual(clustering(await run({ minTopicSize: 3, splitTopicShare: largest / documents.length, mergeSimilarity: null })), clustering(eom));
  });

  it('mergeSimilarity: topics at least that similar become one; null keeps what HDBSCAN found', async () => {
    const base = await run({ mergeSimilarity: null });
    assert.equal(topics(base).length, 3);
    assert.deepEqual(clustering(await run()), clustering(base), "the three subjects' topics are not alike: the default merges none");
    const all = await run({ mergeSimilarity: -1 });
    assert.equal(topics(all).length, 1, 'similarity -1: every topic joins');
    assert.equal(outliers(all), outliers(base));
    // With nrTopics set, it alone decides (10: nothing to reduce).
    assert.deepEqual(clustering(await run({ mergeSimilarity: -1, nrTopics: 10 })), clustering(base));
  });

  it("fileContext: a file's sections are clustered in their file's context; 1 gives each file one topic", async () => {
    // Pages of three sections: two on the page's subject, one digression on the next subject.
    const pages = digressingPages((s) => SIZES[s] / 2, seededRandom(11));
    const input: PipelineInput = { kind: 'documents', source: 'file:///pages', documents: pages, skipped: [] };
    const topicsOfPages = (r: TopicLensResult) => {
      const byPage = new Map<string, Set<number>>();
      for (const d of r.documents) byPage.set(d.path, (byPage.get(d.path) ?? new Set()).add(d.topic));
      return [...byPage.values()];
    };
    const alone = await run({ fileContext: 0, mergeSimilarity: null }, input);
    assert.ok(topicsOfPages(alone).filter((t) => t.size > 1).length >= pages.length / 3 / 2, 'alone, digressions go to their own subject');
    const whole = await run({ fileContext: 1, mergeSimilarity: null }, input);
    assert.ok(topics(whole).length >= 2);
    for (const page of topicsOfPages(whole)) assert.equal(page.size, 1, 'one direction per page: one topic per page');
  });

  it('umapNeighbors, umapComponents, umapMinDist, umapEpochs: each changes the reduced embeddings, hence the clustering', async () => {
    const base = clustering(await run());
    const changes: Partial<PipelineParameters>[] = [
      { umapNeighbors: 8 },
      { umapNeighbors: 30 },
      { umapComponents: 3 },
      { umapMinDist: 0.3 },
      { umapEpochs: 100 },
    ];
    for (const change of changes) assert.notDeepEqual(clustering(await run(change)), base, JSON.stringify(change));
    // umap-learn's rule: 500 epochs for a small corpus.
    assert.deepEqual(clustering(await run({ umapEpochs: 500 })), base);
  });

  it('the map is the 2-d UMAP (min_dist 0, mapNeighbors neighbours, seed + 1) of the embeddings the clustering used', async () => {
    const base = await run();
    const { embeddings } = await embedDocuments(
      documents.map((d) => d.text),
      embedding,
      undefined,
      {},
      session,
    );
    const kept = embeddableDocuments(embeddings).embeddings;
    removeComponent(kept, Float32Array.from(base.commonComponent!));
    // Exact neighbours (a corpus this small): the search draws nothing from the generator.
    const knn = await nearestNeighbors(kept, DEFAULT_PARAMETERS.umapNeighbors, { metric: 'cosine', random: seededRandom(0) });
    const mapNeighbors = DEFAULT_PARAMETERS.mapNeighbors;
    // The seed's offset only keeps the map's draws apart from the 5-d layout's; pinned so that a map can be reproduced.
    const layout = await umap(kept, {
      nComponents: 2,
      nNeighbors: mapNeighbors,
      minDist: 0,
      nEpochs: null,
      random: seededRandom(DEFAULT_PARAMETERS.seed + 1),
      knn: firstNeighbors(knn, mapNeighbors),
    });
    assert.deepEqual(
      map(base),
      Array.from({ length: layout.rows }, (_, i) => [layout.data[2 * i], layout.data[2 * i + 1]]),
    );
  });

  it('mapNeighbors shapes the map and nothing else; the map takes its neighbours from the UMAP graph', async () => {
    const base = await run();
    const wider = await run({ mapNeighbors: 20 });
    assert.notDeepEqual(map(wider), map(base));
    assert.deepEqual(clustering(wider), clustering(base));
    // A 30-neighbour graph holds the same 10 nearest: the same map. An 8-neighbour graph gives the map only 8.
    assert.deepEqual(map(await run({ umapNeighbors: 30 })), map(base));
    assert.notDeepEqual(map(await run({ umapNeighbors: 8 })), map(base));
  });

  it('removeCommonComponent: the corpus’s common direction is taken out of every embedding before UMAP', async () => {
    const removed = await run();
    const kept = await run({ removeCommonComponent: false });
    assert.ok(removed.commonComponent, 'the removed direction is recorded');
    assert.equal(kept.commonComponent, undefined);
    const direction = removed.commonComponent!;
    const along = (embedding: readonly number[]) => Math.abs(embedding.reduce((sum, v, i) => sum + v * direction[i], 0));
    // Topic embeddings are means of their members' embeddings: orthogonal to the direction when it was removed.
    for (const topic of topics(removed)) assert.ok(along(topic.embedding) < 1e-5, `${topic.name}: ${along(topic.embedding)}`);
    for (const topic of topics(kept)) assert.ok(along(topic.embedding) > 0.1, `${topic.name}: ${along(topic.embedding)}`);
    assert.notDeepEqual(clustering(kept), clustering(removed));
  });

  it('outlierReduction: each strategy assigns the outliers to topics', async () => {
    // At minTopicSize 15 with a cap of half the corpus, astronomy and networking (together 36 notes) are outliers.
    const outlying = { minTopicSize: 15, maxTopicShare: 0.5, outlierPlacement: null };
    const base = await run(outlying);
    assert.ok(outliers(base) > 0);
    for (const strategy of ['c-tf-idf', 'embeddings'] as const) {
      const reduced = await run({ ...outlying, outlierReduction: { strategy, threshold: 0 } });
      assert.ok(outliers(reduced) < outliers(base), strategy);
    }
  });

  it('outlierPlacement: null keeps every outlier in -1; the default places some weakly, words unchanged', async () => {
    // The notes have no outliers at the defaults: UMAP on two neighbours breaks them into small pieces, and at
    // minTopicSize 8 HDBSCAN leaves some pieces out.
    const fragmented = { umapNeighbors: 2, minTopicSize: 8 };
    const kept = await run({ ...fragmented, outlierPlacement: null });
    const placed = await run(fragmented);
    const weak = placed.documents.filter((d) => d.weak);
    assert.ok(weak.length > 0, 'some outliers are placed weakly');
    assert.ok(kept.documents.every((d) => !d.weak));
    assert.equal(outliers(placed) + weak.length, outliers(kept));
    for (const doc of weak) assert.equal(kept.documents[placed.documents.indexOf(doc)].topic, OUTLIER_TOPIC, 'only outliers are placed');
    assert.deepEqual(
      topics(placed).map((t) => t.words),
      topics(kept).map((t) => t.words),
    );
  });

  it('stopWords, cleanText, stripMarkup: what is counted as a word', async () => {
    const words = (changes: Partial<PipelineParameters>) => run({ topNWords: 30, ...changes }).then(topicWords);
    assert.ok(![...(await words({}))].some((w) => ENGLISH_STOP_WORDS.has(w)));
    assert.ok([...(await words({ stopWords: false }))].some((w) => ENGLISH_STOP_WORDS.has(w)));
    // BERTopic's cleaning deletes punctuation: socket.connect() becomes one word.
    assert.ok((await words({})).has('connect') && !(await words({})).has('socketconnect'));
    assert.ok((await words({ cleanText: true })).has('socketconnect'));
    // Link targets are markup: their host names are words only when markup is kept.
    const plain = await words({});
    assert.ok(!subjects.some((s) => plain.has(HOSTS[s])));
    const withMarkup = await words({ stripMarkup: false });
    assert.ok(
      subjects.some((s) => withMarkup.has(HOSTS[s])),
      [...withMarkup].join(' '),
    );
  });

  it('bm25Weighting, reduceFrequentWords: the word scores', async () => {
    const scores = (r: TopicLensResult) => topics(r).map((t) => t.words.map((w) => w.score));
    const base = scores(await run());
    for (const change of [{ bm25Weighting: true }, { reduceFrequentWords: true }]) assert.notDeepEqual(scores(await run(change)), base, JSON.stringify(change));
  });

  it('topNWords, representativeDocs: how much each topic shows', async () => {
    const result = await run({ topNWords: 4, representativeDocs: 2 });
    for (const topic of topics(result)) {
      assert.equal(topic.words.length, 4);
      assert.equal(topic.representativeDocs.length, 2);
    }
    for (const topic of topics(await run())) assert.equal(topic.representativeDocs.length, 3);
  });
});

describe('runPipeline: stages, set-aside documents, snippets and tiny corpora', () => {
  let cache: string;
  let embedding: LocalModelOptions;
  const session = new PipelineSession();
  const random = seededRandom(11);
  const notes = Array.from({ length: 12 }, (_, i) => note(`${subjects[i % 3]}/${i}.md`, subjectText(subjects[i % 3], random)));
  const runOn = (documents: readonly SourceDocument[], control = {}) =>
    runPipeline(
      { kind: 'documents', source: 'file:///notes', documents, skipped: [] },
      { parameters: { ...DEFAULT_PARAMETERS, minTopicSize: 3 }, embedding, session },
      control,
    );

  before(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-stages-'));
    embedding = { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache };
  });
  after(async () => {
    await session.dispose();
    rmSync(cache, { recursive: true, force: true });
  });

  it('reports each stage’s start (0 of 1) and end (1 of 1) in order, and times each stage once', async () => {
    const events: ProgressEvent[] = [];
    const result = await runOn(notes, { onProgress: (event: ProgressEvent) => events.push(event) });
    const stages = ['read', 'embed', 'umap', 'cluster', 'represent', 'map'];
    assert.deepEqual(
      events.map((e) => e.stage).filter((s, i, all) => s !== all[i - 1]),
      stages,
    );
    for (const stage of stages) {
      const own = events.filter((e) => e.stage === stage);
      assert.deepEqual([own[0].done, own[0].total, own[own.length - 1].done, own[own.length - 1].total], [0, 1, 1, 1], stage);
    }
    assert.deepEqual(
      result.timings.map((t) => t.stage),
      stages,
    );
    // No wall-clock relation is asserted (the map stage overlaps UMAP on a second thread, and the machine may be
    // slow): `npm run bench` prints the stage times.
    assert.ok(
      result.timings.every((t) => Number.isFinite(t.seconds) && t.seconds >= 0),
      JSON.stringify(result.timings),
    );
  });

  it('sets aside what the model cannot embed, with the reason, and maps topic rows back to document indices', async () => {
    const documents = [note('empty.md', '  \n '), ...notes.slice(0, 6), note('unknown.md', 'zqxj vbnq wxkz'), ...notes.slice(6)];
    const result = await runOn(documents);
    assert.equal(result.documents.length, 14);
    for (const [index, reason] of [
      [0, 'The document has no text.'],
      [7, 'No word of the document is in the model’s vocabulary.'],
    ] as const) {
      const entry = result.documents[index];
      assert.deepEqual([entry.topic, entry.probability, entry.x, entry.y, entry.unembeddableReason], [SET_ASIDE_TOPIC, 0, 0, 0, reason]);
    }
    for (const topic of result.topics) {
      assert.equal(topic.count, result.documents.filter((d) => d.topic === topic.id).length, topic.name);
      assert.ok(topic.representativeDocs.length > 0 && topic.representativeDocs.every((i) => result.documents[i].topic === topic.id), topic.name);
    }
    assert.ok(result.documents.every((d, i) => i === 0 || i === 7 || d.topic !== SET_ASIDE_TOPIC));
  });

  it('gives each document a snippet: the start of its text, whitespace flattened, at most 200 characters', async () => {
    const long = `First   line\n\n\tsecond line ${'word '.repeat(100)}`;
    // Exactly 200 characters once flattened and trimmed: whole, with no ellipsis.
    const exact = `  ${'x'.repeat(196)}\n\n end\n`;
    const result = await runOn([...notes, note('long.md', long), note('exact.md', exact)]);
    const snippet = result.documents[12].snippet;
    assert.equal(snippet.length, 200);
    assert.equal(snippet, `${long.replace(/\s+/g, ' ').slice(0, 199)}…`);
    assert.equal(result.documents[13].snippet, `${'x'.repeat(196)} end`);
    assert.ok(result.documents.every((d) => d.snippet.length <= 200));
  });

  it('leaves fewer than three documents unclustered and off the map; lays out three', async () => {
    const two = await runOn(notes.slice(0, 2));
    assert.ok(two.documents.every((d) => d.topic === OUTLIER_TOPIC && d.x === 0 && d.y === 0));
    assert.ok(!two.timings.some((t) => t.stage === 'umap'));
    // Three is enough (fewer than umapNeighbors: the neighbours are clipped to the other two).
    const three = await runOn(notes.slice(0, 3));
    assert.ok(three.timings.some((t) => t.stage === 'umap'));
    assert.equal(new Set(three.documents.map((d) => `${d.x},${d.y}`)).size, 3);
  });

  it('removes a common direction only when there are two documents or more', async () => {
    assert.equal((await runOn(notes.slice(0, 1))).commonComponent, undefined);
    assert.equal((await runOn(notes.slice(0, 2))).commonComponent?.length, 100);
  });
});
