import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WordTable } from '../../../src/core/topics/wordTable';

describe('WordTable', () => {
  it('gives each distinct word one id, in order of first appearance, through many resizes', () => {
    const table = new WordTable();
    const words = Array.from({ length: 20_000 }, (_, i) => `w${(i * 7919) % 20_000}`);
    words.forEach((word, i) => assert.equal(table.idOfString(word), i));
    words.forEach((word, i) => assert.equal(table.idOfString(word), i, 'found again after growing'));
    assert.deepEqual(table.words, words);
  });

  it('keeps very long words whole', () => {
    const table = new WordTable();
    const long = 'ab'.repeat(20_000);
    const id = table.idOfString(long);
    assert.equal(table.words[id], long);
    assert.equal(table.idOfString(long), id);
  });

  it('reads the tokens of a text as ids, cleaned or not', () => {
    const table = new WordTable();
    const cleaned: string[] = [];
    assert.equal(
      table.readTokens('Café e-mail, CAFÉ email', true, (id) => cleaned.push(table.words[id])),
      true,
    );
    assert.deepEqual(cleaned, ['caf', 'email', 'caf', 'email']);
    const raw: string[] = [];
    table.readTokens('Café e-mail, CAFÉ email', false, (id) => raw.push(table.words[id]));
    assert.deepEqual(raw, ['café', 'mail', 'café', 'email']);
    assert.equal(
      table.readTokens('?!…', true, () => assert.fail('no token')),
      false,
      'cleans to ""',
    );
  });
});
