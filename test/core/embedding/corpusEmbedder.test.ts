/** The corpus-fitted embedding: TF-IDF-SVD fitted on the documents, folded-in new documents, a basis-keyed model id. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CorpusEmbedder, fitOrRestore } from '../../../src/core/embedding/corpusEmbedder';
import { decodeCorpusModel, encodeCorpusModel, fitCorpusModel, embedWithCorpusModel } from '../../../src/core/embedding/corpusModel';
import { seededRandom } from '../../../src/core/random';
import { SUBJECTS, subjectText, type Subject } from '../../support/corpus';

const subjects = Object.keys(SUBJECTS) as Subject[];

function corpus(perSubject: number, seed: number): { texts: string[]; subject: Subject[] } {
  const random = seededRandom(seed);
  const subject = subjects.flatMap((s) => Array<Subject>(perSubject).fill(s));
  return { texts: subject.map((s) => subjectText(s, random)), subject };
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

describe('fitCorpusModel', () => {
  it('keeps words in 2 to 50 % of the documents, without stop words, and embeds in unit rows', async () => {
    const texts = ['alpha beta the common', 'alpha beta common', 'gamma delta common', 'gamma delta common', 'lonely common', 'epsilon common'];
    const { model } = await fitCorpusModel(texts);
    assert.deepEqual([...model.vocabulary].sort(), ['alpha', 'beta', 'delta', 'gamma'], '"common" is in every document, "lonely" in one, "the" a stop word');
    const rows = await embedWithCorpusModel(model, texts);
    assert.ok(Math.abs(dot(rows.data.subarray(0, rows.cols), rows.data.subarray(0, rows.cols)) - 1) < 1e-5);
    assert.ok(
      rows.data.subarray(4 * rows.cols, 6 * rows.cols).every((x) => x === 0),
      'no model word: a zero row (set aside)',
    );
  });

  it('separates subjects: documents are closer to their own subject than to others', async () => {
    const { texts, subject } = corpus(15, 3);
    const { model } = await fitCorpusModel(texts);
    const rows = await embedWithCorpusModel(model, texts);
    const row = (i: number) => rows.data.subarray(i * rows.cols, (i + 1) * rows.cols);
    let correct = 0;
    for (let i = 0; i < texts.length; i++) {
      let best = -1;
      for (let j = 0; j < texts.length; j++) if (j !== i && (best < 0 || dot(row(i), row(j)) > dot(row(i), row(best)))) best = j;
      if (subject[best] === subject[i]) correct++;
    }
    assert.equal(correct, texts.length);
  });

  it('gives the fitted texts the rows their fold-in gives, and the embedder hands them out without counting again', async () => {
    const { texts } = corpus(10, 7);
    const fit = await fitCorpusModel(texts);
    assert.deepEqual(Array.from(fit.embeddings.data), Array.from((await embedWithCorpusModel(fit.model, texts)).data));
    const embedder = new CorpusEmbedder();
    await embedder.fit(texts);
    const fresh = corpus(1, 98).texts;
    const mixed = [fresh[0], texts[3], fresh[1], texts[3]];
    assert.deepEqual(Array.from((await embedder.embed(mixed)).data), Array.from((await embedWithCorpusModel(fit.model, mixed)).data));
  });

  it('folds new documents into the fitted space, and survives a round trip through bytes', async () => {
    const { texts } = corpus(10, 4);
    const { model } = await fitCorpusModel(texts);
    const fresh = corpus(2, 99).texts;
    const folded = await embedWithCorpusModel(model, fresh);
    const restored = decodeCorpusModel(encodeCorpusModel(model), model.digest)!;
    assert.equal(restored.digest, model.digest);
    assert.deepEqual(Array.from((await embedWithCorpusModel(restored, fresh)).data), Array.from(folded.data));
    assert.equal(decodeCorpusModel(encodeCorpusModel(model), 'another digest'), null);
    // A new cooking note lands nearest the cooking notes it was not fitted on.
    const fitted = await embedWithCorpusModel(model, texts);
    const cookingNew = folded.data.subarray(0, folded.cols);
    const similarity = (i: number) => dot(cookingNew, fitted.data.subarray(i * fitted.cols, (i + 1) * fitted.cols));
    assert.ok(similarity(0) > similarity(10) && similarity(0) > similarity(20));
  });
});

describe('CorpusEmbedder', () => {
  it('names its fitted basis in the model id, and restores it from memory or from the folder', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'topic-lens-corpus-'));
    try {
      const a = corpus(10, 5).texts;
      const b = [...a.slice(1), ...corpus(1, 6).texts];
      const embedder = new CorpusEmbedder();
      await fitOrRestore(embedder, a, folder, {}, undefined);
      const idA = embedder.modelId;
      const rowsA = await embedder.embed(a.slice(0, 3));
      await fitOrRestore(embedder, b, folder, {}, undefined);
      assert.notEqual(embedder.modelId, idA, 'another corpus, another basis, another cache key');
      await fitOrRestore(embedder, a, folder, {}, undefined);
      assert.equal(embedder.modelId, idA, 'the same corpus gives the same basis');

      const later = new CorpusEmbedder();
      await fitOrRestore(later, ['anything'], folder, {}, idA);
      assert.equal(later.modelId, idA);
      assert.deepEqual(Array.from((await later.embed(a.slice(0, 3))).data), Array.from(rowsA.data));
      await assert.rejects(fitOrRestore(new CorpusEmbedder(), [], undefined, {}, idA), /run Detect Topics again/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
