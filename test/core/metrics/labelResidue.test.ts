import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMarkupResidue, isNumberLed, labelResidue } from '../../../src/core/metrics/labelResidue';

const topic = (id: number, words: string) => ({ id, words: words.split(',').map((word, k) => ({ word, score: 1 - k / 100 })) });

describe('isMarkupResidue', () => {
  it('knows role and directive names, AsciiDoc and HTML names, org block keywords and escape residue', () => {
    for (const word of [
      'func',
      'meth',
      'py',
      'toctree',
      'maxdepth',
      'prop_tgt',
      'linkgit',
      'litdd',
      'href',
      'nbsp',
      'begin_src',
      'END_EXAMPLE',
      '0m',
      '1;32m',
      '0m0',
      'u001b',
    ]) {
      assert.ok(isMarkupResidue(word), word);
    }
  });

  it('leaves words of prose alone, markup names that are also English included', () => {
    for (const word of ['class', 'note', 'code', 'image', 'option', 'function', 'module', 'install', 'm4', 'mmap', 'bm25']) {
      assert.ok(!isMarkupResidue(word), word);
    }
  });

  it('looks at each word of an n-gram', () => {
    assert.ok(isMarkupResidue('meth foo'));
    assert.ok(isMarkupResidue('install 0m'));
    assert.ok(!isMarkupResidue('install package'));
  });
});

describe('isNumberLed', () => {
  it('is true for terms starting with a digit, of any script', () => {
    assert.ok(isNumberLed('200023'));
    assert.ok(isNumberLed('3d'));
    assert.ok(isNumberLed('٣٤'));
    assert.ok(!isNumberLed('utf8'));
    assert.ok(!isNumberLed('python 3'));
  });
});

describe('labelResidue', () => {
  it('counts topics with markup in the top ten, number-led labels and number words, skipping -1', () => {
    const residue = labelResidue([
      topic(-1, 'func,0m0,meth'),
      topic(0, 'issue,contributed,func'),
      topic(1, '0m0,node,200023'),
      topic(2, 'bug,fixes,fix,02'),
      topic(3, 'install,package,pip'),
    ]);
    assert.equal(residue.topics, 4);
    assert.equal(residue.withMarkup, 2, 'func and 0m0');
    assert.equal(residue.numberLed, 1, '0m0_node_200023');
    assert.equal(residue.withNumbers, 2, '0m0/200023 and 02');
    assert.deepEqual(residue.offenders, [
      { word: '02', topics: 1 },
      { word: '0m0', topics: 1 },
      { word: '200023', topics: 1 },
      { word: 'func', topics: 1 },
    ]);
  });

  it('looks at the first ten words only', () => {
    const words = 'a,b,c,d,e,f,g,h,i,j,func,42';
    assert.equal(labelResidue([topic(0, words)]).withMarkup, 0);
    assert.equal(labelResidue([topic(0, words)], 12).withMarkup, 1);
  });
});
