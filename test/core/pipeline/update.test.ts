/** Incremental updates: new and changed documents join the topic of their subject without a re-fit. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SkippedFile, SourceDocument } from '../../../src/core/documents/types';
import { BUNDLED_MODEL } from '../../../src/core/embedding/bundledModel';
import { CORPUS_MODEL } from '../../../src/core/embedding/corpusEmbedder';
import type { LocalModelOptions } from '../../../src/core/embedding/options';
import { removeComponent } from '../../../src/core/embedding/commonComponent';
import { runPipeline } from '../../../src/core/pipeline/fullRun';
import { PipelineSession } from '../../../src/core/pipeline/session';
import { embedDocuments } from '../../../src/core/pipeline/steps';
import { storedSimilarities, summedSimilarities, updateFiles, updateIncrementally, type AnchorSimilarities } from '../../../src/core/pipeline/update';
import { seededRandom } from '../../../src/core/random';
import { DEFAULT_PARAMETERS, type TopicLensResult } from '../../../src/core/result';
import { digressingPages, SUBJECTS, subjectText, type Subject } from '../../support/corpus';

const subjects = Object.keys(SUBJECTS) as Subject[];

function doc(path: string, text: string): SourceDocument {
  return { path, heading: null, startLine: 1, endLine: 1, text };
}

/** A result without the update's times (they differ between two runs of the same update). */
const withoutTimes = ({ incremental, ...rest }: TopicLensResult) => ({
  ...rest,
  incremental: incremental && { ...incremental, seconds: 0, updatedAt: '' },
});

describe('updateIncrementally', () => {
  let cache: string;
  let embedding: LocalModelOptions;
  let full: TopicLensResult;
  let documents: SourceDocument[];
  const topicOf = (result: TopicLensResult, p: string) => result.documents.find((d) => d.path === p)!.topic;

  before(async () => {
    cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-incremental-'));
    embedding = { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache };
    const random = seededRandom(3);
    documents = subjects.flatMap((s) => Array.from({ length: 20 }, (_, i) => doc(`${s}/${i}.md`, subjectText(s, random))));
    full = await runPipeline(
      { kind: 'documents', source: 'file:///corpus', documents, skipped: [] },
      { parameters: { ...DEFAULT_PARAMETERS, minTopicSize: 5 }, embedding },
    );
    assert.equal(full.topics.filter((t) => t.id >= 0).length, 3, 'the full run must find the three subjects first');
    assert.deepEqual(
      full.hierarchy?.merges.map((m) => m.topics.length),
      [2, 3],
      'the run keeps the hierarchy of its three topics',
    );
  });
  after(() => rmSync(cache, { recursive: true, force: true }));

  it('assigns added and changed documents to their subject, drops deleted ones, keeps the rest', async () => {
    const random = seededRandom(99);
    const updated = [
      ...documents.filter((d) => d.path !== 'cooking/0.md'), // deleted
      ...subjects.map((s) => doc(`${s}/new.md`, subjectText(s, random))), // added
    ];
    // changed: an astronomy note rewritten about networking
    const changedIndex = updated.findIndex((d) => d.path === 'astronomy/1.md');
    updated[changedIndex] = doc('astronomy/1.md', subjectText('networking', random));

    const result = await updateIncrementally({ previous: full, documents: updated, skipped: [], embedding });
    assert.deepEqual(
      { added: result.incremental!.added, changed: result.incremental!.changed, removed: result.incremental!.removed },
      { added: 3, changed: 1, removed: 1 },
    );
    assert.equal(result.documents.length, 62);
    assert.ok(!result.documents.some((d) => d.path === 'cooking/0.md'));
    for (const s of subjects) assert.equal(topicOf(result, `${s}/new.md`), topicOf(full, `${s}/2.md`), `${s}/new.md`);
    assert.equal(topicOf(result, 'astronomy/1.md'), topicOf(full, 'networking/2.md'));
    // Unchanged documents keep topic and coordinates.
    const before = full.documents.find((d) => d.path === 'networking/5.md')!;
    const after = result.documents.find((d) => d.path === 'networking/5.md')!;
    assert.deepEqual([after.topic, after.x, after.y], [before.topic, before.x, before.y]);
    // Topic sizes and representative documents reflect the new membership.
    const networking = result.topics.find((t) => t.id === topicOf(full, 'networking/2.md'))!;
    assert.equal(networking.count, 22);
    assert.ok(networking.representativeDocs.every((i) => result.documents[i].topic === networking.id));
    // The hierarchy keeps the full run's tree (as the topics are kept), its merges described again from the new
    // membership (the words of its top merge count the new documents).
    const tree = (r: TopicLensResult) => r.hierarchy?.merges.map(({ words: _words, ...merge }) => merge);
    assert.deepEqual(tree(result), tree(full));
    assert.equal(result.hierarchy?.merges.length, 2);
    assert.notDeepEqual(result.hierarchy, full.hierarchy);
    // New points land near their topic on the map.
    const centroid = (r: TopicLensResult, topic: number) => {
      const members = r.documents.filter((d) => d.topic === topic);
      return [members.reduce((a, d) => a + d.x, 0) / members.length, members.reduce((a, d) => a + d.y, 0) / members.length];
    };
    for (const s of subjects) {
      const point = result.documents.find((d) => d.path === `${s}/new.md`)!;
      const distances = subjects.map((t) => {
        const [cx, cy] = centroid(full, topicOf(full, `${t}/2.md`));
        return Math.hypot(point.x - cx, point.y - cy);
      });
      assert.equal(distances.indexOf(Math.min(...distances)), subjects.indexOf(s), `${s}/new.md is placed near its topic`);
    }
  });

  it('puts a near-copy of every member into that member’s topic', async () => {
    const members = full.documents.filter((d) => d.topic >= 0);
    const copies = members.map((d, i) => doc(`copy-${i}.md`, `Notes. ${documents.find((x) => x.path === d.path)!.text}`));
    const result = await updateIncrementally({ previous: full, documents: [...documents, ...copies], skipped: [], embedding });
    members.forEach((member, i) => assert.equal(topicOf(result, `copy-${i}.md`), member.topic, `copy of ${member.path}`));
  });

  it("reads a new file's sections in their file's context, as the full run read its files'", async () => {
    // Pages of three sections, two on the page's subject and a digression on the next one; at fileContext 1 the
    // full run puts every section with its page, digressions included.
    const pages = digressingPages(() => 8, seededRandom(21));
    const parameters = { ...DEFAULT_PARAMETERS, minTopicSize: 5, fileContext: 1 };
    const pagesRun = await runPipeline({ kind: 'documents', source: 'file:///pages', documents: pages, skipped: [] }, { parameters, embedding });
    const digressions = pagesRun.documents.filter((d) => d.heading === 'Part 2');
    assert.ok(
      digressions.every((d) => d.topic >= 0 && d.topic === topicOf(pagesRun, d.path)),
      'each digression is in its page’s topic',
    );
    // A copy of each page of one subject under a new name: every section lands where the original's is.
    const copies = pages.filter((d) => d.path.startsWith('cooking/')).map((d) => ({ ...d, path: `copies/${d.path}` }));
    const result = await updateIncrementally({ previous: pagesRun, documents: [...pages, ...copies], skipped: [], embedding });
    for (const copy of copies) {
      const original = pagesRun.documents.find((d) => d.path === copy.path.slice('copies/'.length) && d.startLine === copy.startLine)!;
      const placed = result.documents.find((d) => d.path === copy.path && d.startLine === copy.startLine)!;
      assert.equal(placed.topic, original.topic, `${copy.path}, ${copy.heading}`);
    }
  });

  it('gives each added document its cosine similarity to its topic as probability, and the mean place of its five nearest documents', async () => {
    const random = seededRandom(23);
    const addedDocs = subjects.flatMap((s) => [0, 1].map((i) => doc(`${s}/added-${i}.md`, subjectText(s, random))));
    const result = await updateIncrementally({ previous: full, documents: [...documents, ...addedDocs], skipped: [], embedding });
    // Every vector in the full run's space (the common component removed); the added documents' come last.
    const { embeddings } = await embedDocuments(
      [...documents, ...addedDocs].map((d) => d.text),
      embedding,
      undefined,
      {},
    );
    if (full.commonComponent) removeComponent(embeddings, Float32Array.from(full.commonComponent));
    const vector = (row: number) => Array.from(embeddings.data.subarray(row * embeddings.cols, (row + 1) * embeddings.cols));
    const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((sum, v, j) => sum + v * b[j], 0) / Math.hypot(...a) / Math.hypot(...b);
    const place = full.documents.map((d) => [d.x, d.y]);
    addedDocs.forEach((source, k) => {
      const added = result.documents.find((d) => d.path === source.path)!;
      assert.equal(added.topic, topicOf(full, `${source.path.split('/')[0]}/2.md`), source.path);
      const own = vector(documents.length + k);
      const topic = full.topics.find((t) => t.id === added.topic)!;
      assert.ok(Math.abs(added.probability - cosine(own, topic.embedding)) < 1e-5, `${source.path}: probability ${added.probability}`);
      // The map place: the similarity-weighted mean of the places of the five most similar unchanged documents.
      const nearest = documents
        .map((_, i) => ({ i, similarity: cosine(own, vector(i)) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 5);
      const weight = nearest.reduce((sum, n) => sum + n.similarity, 0);
      const [x, y] = [0, 1].map((axis) => nearest.reduce((sum, n) => sum + n.similarity * place[n.i][axis], 0) / weight);
      assert.ok(Math.hypot(added.x - x, added.y - y) < 1e-3, `${source.path} placed at (${added.x}, ${added.y}), expected (${x}, ${y})`);
    });
  });

  it('sends an off-topic document to the outliers', async () => {
    const stray = doc('stray.md', 'quarterly earnings dividend shareholders stock market investors bonds inflation interest rates bank loans mortgage');
    const result = await updateIncrementally({ previous: full, documents: [...documents, stray], skipped: [], embedding });
    assert.equal(topicOf(result, 'stray.md'), -1);
    // Updated again, the outlier is an unchanged document: it stays an outlier and a new document still finds its topic.
    const again = await updateIncrementally({
      previous: result,
      documents: [...documents, stray, doc('cooking/new.md', subjectText('cooking', seededRandom(8)))],
      skipped: [],
      embedding,
    });
    assert.deepEqual([topicOf(again, 'stray.md'), topicOf(again, 'cooking/new.md')], [-1, topicOf(full, 'cooking/2.md')]);
  });

  it('gives the same result with the session of a full run as without one, and keeps its model loaded', async () => {
    const session = new PipelineSession();
    try {
      const parameters = { ...DEFAULT_PARAMETERS, minTopicSize: 5 };
      const fullInSession = await runPipeline({ kind: 'documents', source: 'file:///corpus', documents, skipped: [] }, { parameters, embedding, session });
      assert.deepEqual(fullInSession.topics, full.topics, 'a session does not change a full run');
      const model = await session.embedder(embedding);
      const random = seededRandom(17);
      const edited = [
        ...documents.slice(1),
        doc('networking/new.md', subjectText('networking', random)),
        doc('x.md', 'Café <b>naïve</b> notes https://example.com/x'),
      ];
      const withSession = await updateIncrementally({ previous: fullInSession, documents: edited, skipped: [], embedding, session });
      const without = await updateIncrementally({ previous: fullInSession, documents: edited, skipped: [], embedding });
      assert.deepEqual(withoutTimes(withSession), withoutTimes(without));
      assert.equal(await session.embedder(embedding), model, 'the model was loaded once');
      // Another model replaces the kept one.
      assert.notEqual(await session.embedder(embedding, { threads: 1 }), model);
    } finally {
      await session.dispose();
    }
  });

  it('updateFiles: the files that changed, read alone, update the session’s result as all documents would', async () => {
    const session = new PipelineSession();
    try {
      const parameters = { ...DEFAULT_PARAMETERS, minTopicSize: 5 };
      const skippedBefore: SkippedFile[] = [
        { path: 'z-large.md', reason: 'too-large', detail: 'Over the limit.' },
        { path: 'cooking/4.md', reason: 'unreadable', detail: 'Locked.' },
      ];
      const unlocked = documents.find((d) => d.path === 'cooking/4.md')!;
      const inSession = await runPipeline(
        { kind: 'documents', source: 'file:///corpus', documents: documents.filter((d) => d !== unlocked), skipped: skippedBefore },
        { parameters, embedding, session },
      );
      const random = seededRandom(31);
      const rewritten = doc('cooking/3.md', subjectText('networking', random));
      const added = doc('astronomy/new.md', subjectText('astronomy', random));
      const newlySkipped: SkippedFile = { path: 'a-binary.md', reason: 'binary', detail: 'Binary.' };
      const changes = {
        // A changed file, a new one, a deleted file, a file readable again and one set aside this time.
        paths: ['cooking/3.md', 'astronomy/new.md', 'networking/7.md', 'cooking/4.md', 'a-binary.md'],
        documents: [rewritten, added, unlocked],
        skipped: [newlySkipped],
      };
      const viaFiles = await updateFiles(session.kept(inSession, embedding)!, changes, { embedding, session });
      const current = [...documents.filter((d) => d.path !== 'networking/7.md').map((d) => (d.path === 'cooking/3.md' ? rewritten : d)), added];
      const expectedSkipped = [newlySkipped, skippedBefore[0]];
      const direct = await updateIncrementally({ previous: inSession, documents: current, skipped: expectedSkipped, embedding });
      assert.deepEqual(viaFiles.skipped, expectedSkipped);
      assert.deepEqual(withoutTimes(viaFiles), withoutTimes(direct));
      assert.deepEqual([viaFiles.incremental.added, viaFiles.incremental.changed, viaFiles.incremental.removed], [2, 1, 1]);
    } finally {
      await session.dispose();
    }
  });

  it('folds new documents into the corpus model of the full run (from the cache folder, without the session)', async () => {
    const corpusEmbedding: LocalModelOptions = { ...embedding, model: CORPUS_MODEL };
    const fitted = await runPipeline(
      { kind: 'documents', source: 'file:///corpus', documents, skipped: [] },
      { parameters: { ...DEFAULT_PARAMETERS, minTopicSize: 5 }, embedding: corpusEmbedding },
    );
    assert.match(fitted.model.id, /^corpus-tfidf-svd-256@[0-9a-f]{16}$/);
    assert.equal(fitted.topics.filter((t) => t.id >= 0).length, 3);
    const random = seededRandom(41);
    const added = subjects.map((s) => doc(`${s}/added.md`, subjectText(s, random)));
    const updated = await updateIncrementally({ previous: fitted, documents: [...documents, ...added], skipped: [], embedding: corpusEmbedding });
    assert.equal(updated.model.id, fitted.model.id, 'the same fitted space, not a re-fit on the new corpus');
    for (const s of subjects) assert.equal(topicOf(updated, `${s}/added.md`), topicOf(fitted, `${s}/2.md`), `${s}/added.md`);
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'topic-lens-no-basis-'));
    try {
      await assert.rejects(
        updateIncrementally({
          previous: fitted,
          documents: [...documents, ...added],
          skipped: [],
          embedding: { ...corpusEmbedding, embeddingCacheDir: elsewhere },
        }),
        /run Detect Topics again/,
      );
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('similarities of added documents to the anchors', () => {
  it('are the same cosines whether summed here or read from the row store, zero rows included', () => {
    const random = seededRandom(21);
    const rows = 240;
    const cols = 37;
    const data = Float32Array.from({ length: rows * cols }, () => random() - 0.5);
    // A zero row among the anchors and one among the added documents.
    data.fill(0, 5 * cols, 6 * cols);
    data.fill(0, 200 * cols, 201 * cols);
    const embeddings = { rows, cols, data };
    const anchors = Array.from({ length: 190 }, (_, i) => i);
    const added = Array.from({ length: 50 }, (_, i) => 190 + i);
    const collect = (similarities: AnchorSimilarities) => {
      const out: number[][] = [];
      similarities(embeddings, anchors, added, (k, sims) => (out[k] = [...sims]));
      return out;
    };
    const summed = collect(summedSimilarities);
    const stored = collect(storedSimilarities);
    assert.equal(summed.length, added.length);
    const dot = (a: number, b: number) => {
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += data[a * cols + j] * data[b * cols + j];
      return sum;
    };
    summed.forEach((sims, k) => {
      sims.forEach((sim, a) => {
        const norms = Math.sqrt(dot(added[k], added[k]) * dot(anchors[a], anchors[a]));
        const expected = norms > 0 ? dot(added[k], anchors[a]) / norms : 0;
        assert.ok(Math.abs(sim - expected) < 1e-12, `summed ${k}×${a}: ${sim} vs ${expected}`);
        assert.ok(Math.abs(stored[k][a] - expected) < 1e-5, `stored ${k}×${a}: ${stored[k][a]} vs ${expected}`);
      });
    });
    assert.deepEqual(summed[200 - 190], new Array(anchors.length).fill(0), 'a zero row is like nothing');
  });
});
