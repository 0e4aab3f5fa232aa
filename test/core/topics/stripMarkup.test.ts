import assert from 'node:assert/strict';
import { it } from 'node:test';
import { stripMarkup } from '../../../src/core/topics/stripMarkup';

it('drops URLs, HTML tags and entities, and Markdown link targets, keeping the visible words', () => {
  const text =
    '<p align="center"><img src="https://x.org/logo.svg" alt="logo"></p>\n' +
    'See [the guide](docs/guide.md "Guide") and ![diagram](img/a.png) at https://example.com/a?b=c&amp;d.\n' +
    'Use `a < b` and x&nbsp;y; <br/> done. sha512-' + 'Q'.repeat(60) + ' zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz';
  const words = stripMarkup(text).split(/[^A-Za-z]+/).filter(Boolean);
  assert.deepEqual(words, ['See', 'the', 'guide', 'and', 'diagram', 'at', 'Use', 'a', 'b', 'and', 'x', 'y', 'done']);
});

it('leaves plain prose alone', () => {
  const prose = 'Topics (and sub-topics) are found with UMAP -> HDBSCAN; 3 < 4 > 2.';
  assert.equal(stripMarkup(prose), prose);
});
