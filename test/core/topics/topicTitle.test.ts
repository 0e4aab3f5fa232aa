import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { describeTopics, topicInfos } from '../../../src/core/topics/describe';
import { readableHeading, wordsTitle } from '../../../src/core/topics/topicTitle';

describe('readableHeading', () => {
  it('reads a heading as a reader sees it, per format', () => {
    assert.equal(readableHeading('The :class:`Flask` ``app`` object', 'rst'), 'The Flask app object');
    assert.equal(readableHeading('2.3. Installing **packages**:', 'markdown'), 'Installing packages');
    assert.equal(readableHeading('CONFIGURATION FILES', 'asciidoc'), 'Configuration files');
    assert.equal(readableHeading('fastify.register(plugin, [options])', 'markdown'), 'fastify.register()');
    assert.equal(
      readableHeading(
        'fastify.RouteHandlerMethod< [RawServer][RawServerGeneric], [RawRequest][RawRequestGeneric], [ContextConfig][ContextConfigGeneric]>',
        'markdown',
      ),
      'fastify.RouteHandlerMethod',
    );
    const long = readableHeading(`A ${'very '.repeat(20)}long heading`, 'markdown');
    assert.equal(long.length, 70);
    assert.ok(long.endsWith('…'));
  });
});

describe('wordsTitle', () => {
  it('lists the best words, each inside the best bigram that holds it, in sentence case', () => {
    const words = ['debug', 'mode', 'debug mode', 'server', 'development server', 'debugger'].map((word, i) => ({ word, score: 1 - i / 10 }));
    assert.equal(wordsTitle(words), 'Debug mode, development server and debugger');
    assert.equal(wordsTitle([]), '');
  });
});

describe('topic titles from headings', () => {
  it("takes the heading that speaks for the topic, not one that heads sections of every topic, nor one section's detail", async () => {
    const texts = [
      'bread dough flour oven bake',
      'bread dough yeast knead bake',
      'bread oven crust bake flour',
      'usage examples usage examples bread',
      'usage examples usage examples oven',
      'planet orbit moon gravity planet orbit',
      'planet orbit comet sun planet orbit',
      'usage examples telescope',
      'usage examples orbit',
      'usage examples moon',
    ];
    const headings = [
      'Baking bread',
      'Baking bread',
      'Bread crust at 250 degrees',
      'Usage examples',
      'Usage examples',
      'Planet orbit',
      'Planet orbit',
      'Usage examples',
      'Usage examples',
      'Usage examples',
    ];
    const assignments = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const options = {
      cleanText: false,
      stopWords: true,
      bigrams: true,
      bm25Weighting: false,
      reduceFrequentWords: false,
      topNWords: 10,
      representativeDocs: 3,
      foldPlurals: true,
      diversity: null,
    };
    const description = await describeTopics({ texts, assignments, random: seededRandom(1) }, options);
    const infos = await topicInfos(description, { evidence: { headings, formats: headings.map(() => 'markdown' as const) } });
    assert.deepEqual(
      infos.map((t) => t.title),
      ['Baking bread', 'Planet orbit'],
    );
    // Without headings, the words make the title.
    const untitled = await topicInfos(description);
    assert.deepEqual(
      untitled.map((t) => t.title),
      infos.map((t) => wordsTitle(t.words)),
    );
  });
});
