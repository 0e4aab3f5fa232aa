/**
 * Describing topics for readers with each offline model: the full run, an update and a merge give every topic
 * readable words (no markup, no number in front) and a title from its headings, whether the model embeds single
 * words (bundled GloVe-SIF: MMR) or not (corpus-fitted TF-IDF-SVD: no MMR, the c-TF-IDF order kept).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SourceDocument } from '../../../src/core/documents/types';
import { BUNDLED_MODEL } from '../../../src/core/embedding/bundledModel';
import { CORPUS_MODEL } from '../../../src/core/embedding/corpusEmbedder';
import type { LocalModelOptions } from '../../../src/core/embedding/options';
import { labelResidue } from '../../../src/core/metrics/labelResidue';
import { runPipeline } from '../../../src/core/pipeline/fullRun';
import { mergeTopics } from '../../../src/core/pipeline/merge';
import { PipelineSession } from '../../../src/core/pipeline/session';
import { updateIncrementally } from '../../../src/core/pipeline/update';
import { seededRandom } from '../../../src/core/random';
import { DEFAULT_PARAMETERS, type TopicLensResult } from '../../../src/core/result';
import { SUBJECTS, subjectText, type Subject } from '../../support/corpus';

const subjects = Object.keys(SUBJECTS) as Subject[];
/** Each subject's own headings; "Examples" heads sections of every subject. */
const HEADINGS: Record<Subject, readonly string[]> = {
  cooking: ['Baking bread', 'Bread dough', 'Baking bread at home'],
  astronomy: ['Planet orbits', 'Orbits of a planet', 'Planet orbits and moons'],
  networking: ['Packet routing', 'Routing a packet', 'Packet routing tables'],
};
const PARAMETERS = { ...DEFAULT_PARAMETERS, minTopicSize: 5 };

/** reST sections: subject prose with roles, a version number and a directive in it, under the subject's headings. */
function sections(count: number, seed: number): SourceDocument[] {
  const random = seededRandom(seed);
  return subjects.flatMap((s) =>
    Array.from({ length: count }, (_, i): SourceDocument => {
      const heading = i % 4 === 3 ? 'Examples' : HEADINGS[s][i % 3];
      const text = `${subjectText(s, random)} See :func:\`${s}_helper\` and :meth:\`Note.${s}\` since 2024.\n\n.. versionadded:: 3.1\n\n${subjectText(s, random, 30)}`;
      return { path: `${s}/guide-${seed}-${i}.rst`, heading, startLine: 1 + i, endLine: 2 + i, text };
    }),
  );
}

/** The topic most of a subject's sections are in. */
function topicOf(result: TopicLensResult, subject: Subject): number {
  const counts = new Map<number, number>();
  for (const d of result.documents) if (d.path.startsWith(`${subject}/`)) counts.set(d.topic, (counts.get(d.topic) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0][0];
}

function assertReadable(result: TopicLensResult, what: string): void {
  const residue = labelResidue(result.topics);
  assert.deepEqual([residue.withMarkup, residue.numberLed, residue.withNumbers], [0, 0, 0], `${what}: residue ${JSON.stringify(residue.offenders)}`);
  for (const s of subjects) {
    const topic = result.topics.find((t) => t.id === topicOf(result, s));
    assert.ok(topic && topic.id >= 0, `${what}: ${s} has no topic`);
    assert.ok(topic.title && HEADINGS[s].includes(topic.title), `${what}: ${s}'s title "${topic.title}" is none of its headings`);
  }
}

for (const model of [BUNDLED_MODEL, CORPUS_MODEL]) {
  describe(`describing topics with the ${model} model`, () => {
    let cache: string;
    let embedding: LocalModelOptions;
    let full: TopicLensResult;
    const session = new PipelineSession();
    const documents = sections(16, 1);

    before(async () => {
      cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-describe-'));
      embedding = { backend: 'local', model, allowRemoteModels: false, embeddingCacheDir: cache };
      full = await runPipeline({ kind: 'documents', source: 'file:///guides', documents, skipped: [] }, { parameters: PARAMETERS, embedding, session });
    });
    after(async () => {
      await session.dispose();
      rmSync(cache, { recursive: true, force: true });
    });

    it("the full run: a topic per subject, words without markup or numbers, titles from the subject's headings", async () => {
      assert.equal(full.topics.filter((t) => t.id >= 0).length, 3);
      assertReadable(full, 'full run');
      // MMR only with a model that embeds single words; without one the words keep the c-TF-IDF order.
      const embedsWords = (await session.wordEmbedder(embedding)) !== undefined;
      assert.equal(embedsWords, model === BUNDLED_MODEL);
      const plain = await runPipeline(
        { kind: 'documents', source: 'file:///guides', documents, skipped: [] },
        { parameters: { ...PARAMETERS, diversity: null }, embedding, session },
      );
      const words = (r: TopicLensResult) => r.topics.map((t) => t.words.map((w) => w.word));
      if (embedsWords) assert.notDeepEqual(words(full), words(plain), 'MMR changed no topic word');
      else assert.deepEqual(words(full), words(plain));
    });

    it('an update and a merge describe their topics the same way', async () => {
      const updated = await updateIncrementally({ previous: full, documents: [...documents, ...sections(2, 2)], skipped: [], embedding, session });
      assertReadable(updated, 'update');
      const [a, b] = [topicOf(full, 'cooking'), topicOf(full, 'astronomy')];
      const merged = await mergeTopics(full, documents, [a, b], {}, session, { embedding });
      const topic = merged.result.topics.find((t) => t.id === merged.newIds.get(a));
      assert.ok(topic?.title, 'the merged topic has no title');
      assert.ok([...HEADINGS.cooking, ...HEADINGS.astronomy].includes(topic.title), `merged title "${topic.title}"`);
      assert.equal(labelResidue(merged.result.topics).withMarkup + labelResidue(merged.result.topics).numberLed, 0);
    });

    it("a merge uses the full run's model for MMR only while it is the model that made the result", async () => {
      const [a, b] = [topicOf(full, 'cooking'), topicOf(full, 'astronomy')];
      const words = (r: TopicLensResult) => r.topics.map((t) => t.words.map((w) => w.word));
      const plain = await mergeTopics(full, documents, [a, b], {}, session);
      const withModel = await mergeTopics(full, documents, [a, b], {}, session, { embedding });
      const other: LocalModelOptions = { ...embedding, model: model === BUNDLED_MODEL ? CORPUS_MODEL : BUNDLED_MODEL };
      const withOther = await mergeTopics(full, documents, [a, b], {}, session, { embedding: other });
      assert.deepEqual(words(withOther.result), words(plain.result), 'another model is not used');
      if (model === BUNDLED_MODEL) assert.notDeepEqual(words(withModel.result), words(plain.result), 'MMR changed no word');
      else assert.deepEqual(words(withModel.result), words(plain.result));
    });
  });
}
