import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { createStaticEmbedder, type StaticEmbedder } from '../../../src/core/embedding/staticEmbedder';
import { seededRandom } from '../../../src/core/random';
import { bundledModelForTests } from '../../support/bundledModel';
import { SUBJECTS, subjectText, type Subject } from '../../support/corpus';

/** Texts of 0 to 300 words on random subjects, in random order. */
function texts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const subjects = Object.keys(SUBJECTS) as Subject[];
  return Array.from({ length: count }, () => subjectText(subjects[Math.floor(random() * subjects.length)], random, Math.floor(random() * 300)));
}

describe('the static embedder with a tokenizer thread', () => {
  let one: StaticEmbedder;
  let two: StaticEmbedder;

  before(async () => {
    const { folder } = await bundledModelForTests();
    const options = { folder, modelId: 'test', maxLength: 256, batchSize: 16, capabilities: { sifWeighted: true, embedsWords: true } };
    [one, two] = (await Promise.all([1, 2].map((threads) => createStaticEmbedder({ ...options, threads })))) as StaticEmbedder[];
    assert.equal(await one.threadsReady(), 1);
    assert.equal(await two.threadsReady(), 2, 'the tokenizer thread started (from the TypeScript sources, through tsx)');
  });
  after(async () => {
    await one?.dispose();
    await two?.dispose();
  });

  test('gives exactly the rows of one thread, in input order, reporting every batch once', async () => {
    const input = texts(3000, 1);
    const events: ProgressEvent[] = [];
    const shared = await two.embed(input, { onProgress: (event) => events.push(event) });
    // Batch boundaries do not depend on who tokenises, so neither do the padded inputs nor the rows.
    assert.deepEqual(shared, await one.embed(input));
    const total = Math.ceil(input.length / 16);
    assert.ok(events.every((event) => event.stage === 'embed' && event.total === total));
    assert.deepEqual(
      events.map((event) => event.done),
      Array.from({ length: total }, (_, i) => i + 1),
    );
    assert.ok(two.batchesTokenizedElsewhere > 0, 'the tokenizer thread did part of the work');
    assert.equal(one.batchesTokenizedElsewhere, 0);
  });

  test('small jobs stay on this thread', async () => {
    const before = two.batchesTokenizedElsewhere;
    assert.deepEqual(await two.embed(texts(300, 4)), await one.embed(texts(300, 4)));
    assert.equal(two.batchesTokenizedElsewhere, before);
  });

  test('stops when cancelled, and the next job still gets every row right', async () => {
    const input = texts(3000, 2);
    const controller = new AbortController();
    await assert.rejects(two.embed(input, { signal: controller.signal, onProgress: () => controller.abort() }), CancelledError);
    const again = texts(2000, 3);
    assert.deepEqual(await two.embed(again), await one.embed(again));
  });
});
