/** The steps shared by the full run, the update and the merge: describing a membership with weakly placed documents. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTerms, describeMembership } from '../../../src/core/pipeline/steps';
import { DEFAULT_PARAMETERS } from '../../../src/core/result';

describe('describeMembership', () => {
  it('counts weakly placed documents in their topic but keeps them out of its words and representative documents', async () => {
    const texts = [
      'oven bread flour',
      'oven bread dough',
      'oven flour dough',
      'router packet switch',
      'router packet network',
      'router switch network',
      'zebra zebra zebra giraffe',
    ];
    const positions = Int32Array.from(texts, (_, p) => p);
    const terms = await countTerms(
      texts,
      texts.map(String),
      texts.map((_, p) => `note-${p}.md`),
      positions,
      DEFAULT_PARAMETERS,
      undefined,
      {},
    );
    const assignments = Int32Array.from([0, 0, 0, 1, 1, 1, 0]);
    // Positions 0…6 are documents 10…16: representative documents come back as document indices.
    const embeddable = Int32Array.from(texts, (_, p) => p + 10);
    const weak = Uint8Array.from([0, 0, 0, 0, 0, 0, 1]);
    const kitchen = (await describeMembership(terms, assignments, embeddable, DEFAULT_PARAMETERS, {}, { weak })).topics.find((t) => t.id === 0)!;
    assert.equal(kitchen.count, 4);
    const words = kitchen.words.map((w) => w.word);
    assert.ok(words.includes('oven') && !words.includes('zebra') && !words.includes('giraffe'), words.join(' '));
    assert.ok(kitchen.representativeDocs.length > 0 && kitchen.representativeDocs.every((d) => d >= 10 && d <= 12), `${kitchen.representativeDocs}`);
    // Placed by HDBSCAN rather than weakly, the same document shapes the words.
    const shaped = (await describeMembership(terms, assignments, embeddable, DEFAULT_PARAMETERS, {})).topics.find((t) => t.id === 0)!;
    assert.ok(shaped.words.some((w) => w.word === 'zebra'));
  });
});
