/**
 * PipelineSession keeps one embedder per embedding options and thread count, and releases what it stops holding
 * (an embedder it replaces, and its own on dispose). Seen through the corpus model, which forgets its fit when
 * released.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CORPUS_MODEL, fitsCorpus } from '../../../src/core/embedding/corpusEmbedder';
import type { LocalModelOptions } from '../../../src/core/embedding/options';
import { PipelineSession } from '../../../src/core/pipeline/session';
import { seededRandom } from '../../../src/core/random';
import { SUBJECTS, subjectText, type Subject } from '../../support/corpus';

const options: LocalModelOptions = { backend: 'local', model: CORPUS_MODEL, allowRemoteModels: false };
const random = seededRandom(3);
const texts = (Object.keys(SUBJECTS) as Subject[]).flatMap((s) => Array.from({ length: 4 }, () => subjectText(s, random)));

describe('PipelineSession', () => {
  it('loads the embedder once per options and thread count; the cache folder is not part of the model', async () => {
    const session = new PipelineSession();
    const first = session.embedder(options, { threads: 1 });
    assert.equal(session.embedder({ ...options, embeddingCacheDir: '/elsewhere' }, { threads: 1 }), first);
    assert.notEqual(session.embedder(options, { threads: 2 }), first);
    await session.dispose();
  });

  it('releases the embedder it replaces, and on dispose the one it holds', async () => {
    const session = new PipelineSession();
    const fitted = async (threads: number) => {
      const embedder = await session.embedder(options, { threads });
      assert.ok(fitsCorpus(embedder));
      await embedder.fit(texts);
      assert.ok(embedder.modelId.startsWith('corpus-'));
      return embedder;
    };
    const first = await fitted(1);
    const second = await fitted(2);
    assert.throws(() => first.modelId, /before it was fitted/, 'replaced, so released');
    assert.ok(second.modelId.startsWith('corpus-'));
    await session.dispose();
    assert.throws(() => second.modelId, /before it was fitted/, 'released on dispose');
  });
});
