import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { npmiCoherence, topicDiversity } from '../../../src/core/metrics/topicQuality';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);

describe('topicDiversity', () => {
  it('is the share of unique words among all topics’ top words', () => {
    assert.equal(
      topicDiversity([
        ['a', 'b'],
        ['b', 'c'],
      ]),
      3 / 4,
    );
    assert.equal(
      topicDiversity([
        ['a', 'b', ''],
        ['c', ''],
      ]),
      1,
      'empty slots are not words',
    );
  });

  it('looks at the first ten words of each topic only', () => {
    const words = 'abcdefghijk'.split('');
    assert.equal(topicDiversity([words, [...words].reverse()]), 11 / 20);
  });
});

describe('npmiCoherence', () => {
  // 4 documents: apple in 3, banana in 2, both in 2, cherry in 2, never with banana.
  const texts = ['Apple banana.', 'apple, banana!', 'cherry', 'apple cherry'];

  it('averages over word pairs and topics', () => {
    // p(apple)=3/4, p(banana)=1/2, p(both)=1/2: ln((1/2)/(3/8)) / −ln(1/2) = ln(4/3)/ln 2.
    const appleBanana = Math.log(4 / 3) / Math.log(2);
    close(npmiCoherence(texts, [['apple', 'banana']]), appleBanana);
    close(npmiCoherence(texts, [['banana', 'cherry']]), -1);
    // Topic [apple, banana, cherry]: pairs apple-banana, apple-cherry (p=1/4: ln((1/4)/(3/8))/ln 4), banana-cherry (−1).
    const appleCherry = Math.log(2 / 3) / Math.log(4);
    close(npmiCoherence(texts, [['apple', 'banana', 'cherry']]), (appleBanana + appleCherry - 1) / 3);
    close(
      npmiCoherence(texts, [
        ['apple', 'banana'],
        ['banana', 'cherry'],
      ]),
      (appleBanana - 1) / 2,
    );
  });

  it('scores words found together in every document 1, and skips topics of fewer than two words', () => {
    close(npmiCoherence(['x yy zz', 'zz yy'], [['yy', 'zz'], ['yy'], []]), 1);
    assert.ok(Number.isNaN(npmiCoherence(texts, [['apple']])));
  });

  it('counts words as the topic words were counted (cleaned text by default)', () => {
    const mail = ['e-mail spam', 'email spam', 'ham'];
    // Cleaned: "email" and "spam" both in documents 0 and 1 only: ln((2/3)/(2/3)²) / −ln(2/3) = 1.
    close(npmiCoherence(mail, [['email', 'spam']]), 1);
    // Raw text: "e-mail" is "mail" (and "e"), so "email" is only in document 1.
    close(npmiCoherence(mail, [['email', 'spam']], { cleanText: false }), Math.log(1 / 3 / ((1 / 3) * (2 / 3))) / Math.log(3));
  });
});

describe('npmiCoherence: bigrams', () => {
  it('finds a bigram where its words follow each other, passing over stop words and numbers as the counting did', () => {
    const texts = ['install the package now', 'install 2 package', 'package install', 'install package manager'];
    // "install package" is in documents 0, 1 and 3 ("now"/"the" are stop words, "2" a number); "manager" in 3.
    const expected = Math.log(1 / 4 / ((3 / 4) * (1 / 4))) / -Math.log(1 / 4);
    close(npmiCoherence(texts, [['install package', 'manager']], { cleanText: false }), expected);
  });
});
