import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { AutoTokenizer, env, type PreTrainedTokenizer, type Tensor } from '@huggingface/transformers';
import { readJsonl } from '../../../src/core/documents/jsonl';
import { batchTensors } from '../../../src/core/embedding/staticSession';
import { TokenBatch } from '../../../src/core/embedding/staticTokens';
import { wordLevelTokenizer } from '../../../src/modelBuilder/staticModel';
import { compileWordLevelTokenizer, type WordLevelTokenizer } from '../../../src/core/embedding/wordLevelTokenizer';
import { seededRandom, type Random } from '../../../src/core/random';
import { bundledModelForTests } from '../../support/bundledModel';

const SHARED = path.resolve(__dirname, '../../../../shared');
const NEWSGROUPS = path.join(SHARED, 'data', '20newsgroups-all.jsonl.gz');

/**
 * Pieces that stress each step: case, NFKC (ligatures, full-width, compatibility and combining characters,
 * composition with ASCII), final sigma, whitespace and punctuation outside ASCII, surrogates (paired and lone),
 * control characters, and the added tokens written in and around words.
 */
const PIECES = [
  'the',
  'The',
  'CAT',
  'sat',
  'on',
  'mat',
  'naïve',
  'NAÏVE',
  'café',
  'Café',
  'cafe\u0301',
  'e\u0301',
  'a\u0308',
  '\u0301',
  'ﬁre',
  'ﬃ',
  'Ⅻ',
  '²',
  '½',
  '…',
  'ＦＵＬＬ',
  '［PAD］',
  'İstanbul',
  'ıi',
  'ΣΑΣ',
  'ΌΣΟΣ',
  'σς',
  "Σ'a",
  'AΣ.b',
  'AΣ',
  'ß',
  'ẞ',
  '\u00a8',
  '<\u0338',
  '=\u0338',
  '>',
  'ᄀ\u1161',
  '가',
  '\u3000',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u180e',
  '\u0085',
  '\u200b',
  '\u001f',
  '\u0000',
  '\t',
  '\v',
  '\f',
  '\r\n',
  '😀',
  '\u{10100}',
  '\ud800',
  '\udc00',
  '[PAD]',
  '[UNK]',
  '[pad]',
  '[PA',
  'D]',
  '[[PAD]]',
  'x[UNK]y',
  "don't",
  'U.S.',
  'e-mail',
  '$100',
  '3.14',
  'C++',
  '#hash',
  '@user',
  'http://x.y/z?q=1',
  '—',
  '–',
  '‘quoted’',
  '“dq”',
  '«»',
  '¿¡',
  '中文字符',
  '日本語',
  '한국어',
  'العربية',
  'עברית',
  'हिन्दी',
  'ελληνικά',
  'кириллица',
  'Ünïcödé',
  '٣',
  '①',
  'ⓐ',
  '㎏',
  '㍻',
  'ｶﾀｶﾅ',
  '\u212a',
  '\u212b',
  'ǅ',
  'WORLD',
  'hello',
  'Élan',
  'œuvre',
  'ŒUVRE',
  'ﬀ',
  'ǈ',
  'ǉ',
  'x\u0338',
  ' ',
  '  ',
  '\n',
  '.',
  ',',
  '!',
  '?',
  '"',
  '(',
  ')',
  '_',
  '~',
];
const SEPARATORS = [' ', ' ', ' ', '', '\n', '\t', ', ', '. ', '\u00a0', '-'];

function adversarialText(random: Random): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const count = Math.floor(random() * 40);
  let text = '';
  for (let i = 0; i < count; i++) text += pick(PIECES) + pick(SEPARATORS);
  return text;
}

/** Our ids of `text`, truncated to `maxLength`. */
function fastIds(tokenizer: WordLevelTokenizer, text: string, maxLength: number): number[] {
  const out = new Int32Array(maxLength);
  return Array.from(out.subarray(0, tokenizer.encodeInto(text, maxLength, out, 0)));
}

/** transformers.js's ids of `text`, truncated to `maxLength` (it truncates by dropping the tail). */
function referenceIds(reference: PreTrainedTokenizer, text: string, maxLength: number): number[] {
  return reference.encode(text).slice(0, maxLength);
}

function assertSameIds(fast: WordLevelTokenizer, reference: PreTrainedTokenizer, texts: readonly string[], windows: readonly number[]): void {
  texts.forEach((text, i) => {
    const maxLength = windows[i % windows.length];
    assert.deepEqual(fastIds(fast, text, maxLength), referenceIds(reference, text, maxLength), `text ${i}: ${JSON.stringify(text.slice(0, 120))}`);
  });
}

describe('the fast word-level tokenizer against transformers.js, on the bundled model', () => {
  let fast: WordLevelTokenizer;
  let reference: PreTrainedTokenizer;

  before(async () => {
    const { folder } = await bundledModelForTests();
    env.allowRemoteModels = false;
    reference = await AutoTokenizer.from_pretrained(folder);
    const read = async (file: string) => JSON.parse(await readFile(path.join(folder, file), 'utf8')) as unknown;
    const compiled = compileWordLevelTokenizer(await read('tokenizer.json'), await read('tokenizer_config.json'));
    assert.ok(compiled, 'the bundled tokenizer is one the fast path reproduces');
    fast = compiled;
  });

  test('gives the same ids on 4,000 adversarial texts, at windows from 1 to the model maximum', () => {
    const random = seededRandom(2024);
    const texts = Array.from({ length: 4000 }, () => adversarialText(random));
    assert.equal(fast.modelMaxLength, reference.model_max_length);
    assertSameIds(fast, reference, texts, [1, 2, 5, 17, 64, 256, fast.modelMaxLength]);
    // The pieces were hard enough to matter: many texts leave the ASCII path, and unknown words and [PAD] occur.
    const ids = texts.flatMap((text) => fastIds(fast, text, 512));
    assert.ok(ids.includes(0) && ids.includes(1), 'saw [PAD] and [UNK] ids');
    assert.ok(texts.filter((text) => /[^\x00-\x7f]/.test(text)).length > 3000);
  });

  test('truncates like transformers.js at every window, even where a combining mark follows the last token', () => {
    const random = seededRandom(7);
    const texts = ['a <\u0338 b', 'the cafe\u0301 x', 'x=\u0338y', "ΑΣ'a ΑΣ", ...Array.from({ length: 300 }, () => adversarialText(random))];
    for (const text of texts) {
      const all = reference.encode(text);
      for (let maxLength = 1; maxLength <= all.length + 1; maxLength++) {
        assert.deepEqual(fastIds(fast, text, maxLength), all.slice(0, maxLength), `${JSON.stringify(text)} at ${maxLength}`);
      }
    }
  });

  test('gives the same ids on 3,000 real posts (20 Newsgroups with headers), whole and truncated', async (t) => {
    if (!existsSync(NEWSGROUPS)) {
      t.skip(`20 Newsgroups not found at ${NEWSGROUPS}`);
      return;
    }
    const { documents } = await readJsonl(NEWSGROUPS, { maxDocuments: 3000 });
    assertSameIds(
      fast,
      reference,
      documents.map((d) => d.text),
      [256, fast.modelMaxLength, 7],
    );
  });

  test('packs batches (in its own buffers or new ones) exactly like the transformers.js tokenizer pads them', () => {
    const random = seededRandom(77);
    const batchSize = 8;
    const batch = new TokenBatch(batchSize, 64, fast);
    for (let round = 0; round < 50; round++) {
      const texts = Array.from({ length: 1 + Math.floor(random() * batchSize) }, () => adversarialText(random));
      if (texts.every((text) => fastIds(fast, text, 64).length === 0)) continue;
      const ours = batchTensors(batch.fill(texts, 0, texts.length).pack(round % 2 === 0));
      const theirs = reference(texts, { padding: true, truncation: true, max_length: 64 }) as Record<string, Tensor>;
      for (const name of ['input_ids', 'attention_mask'] as const) {
        assert.deepEqual(ours[name].dims, theirs[name].dims, `${name} dims, round ${round}`);
        assert.deepEqual(Array.from(ours[name].data as BigInt64Array), Array.from(theirs[name].data as BigInt64Array), `${name}, round ${round}`);
      }
    }
  });

  test('a batch of texts without tokens is one padding column, masked out', () => {
    const { input_ids, attention_mask } = batchTensors(new TokenBatch(4, 16, fast).fill(['', '   ', '\n'], 0, 3).pack());
    assert.deepEqual(input_ids.dims, [3, 1]);
    assert.deepEqual(Array.from(input_ids.data as BigInt64Array), [0n, 0n, 0n]);
    assert.deepEqual(Array.from(attention_mask.data as BigInt64Array), [0n, 0n, 0n]);
  });
});

/** The parts of a tokenizer.json the variants below change. */
interface EditableTokenizerJson {
  normalizer: object;
  pre_tokenizer: object;
  post_processor: object | null;
  model: { type: string };
  added_tokens: { id: number; content: string; normalized: boolean; lstrip?: boolean }[];
}

describe('tokenizer.json shapes the fast path does not reproduce exactly are refused', () => {
  const base = () => JSON.parse(JSON.stringify(wordLevelTokenizer(['the', 'cat']))) as EditableTokenizerJson;
  const config = { pad_token: '[PAD]', unk_token: '[UNK]', model_max_length: 32 };

  test('the shape we build is accepted, and maps words, case and unknowns', () => {
    const tokenizer = compileWordLevelTokenizer(base(), config);
    assert.ok(tokenizer);
    assert.deepEqual(fastIds(tokenizer, 'The CAT, a dog', 32), [2, 3, 1, 1, 1]);
    assert.equal(tokenizer.modelMaxLength, 32);
  });

  const variants: [string, (json: EditableTokenizerJson) => void, object?][] = [
    ['another normalizer', (json) => (json.normalizer = { type: 'Lowercase' })],
    ['another pre-tokenizer', (json) => (json.pre_tokenizer = { type: 'Whitespace' })],
    ['a post-processor', (json) => (json.post_processor = { type: 'BertProcessing' })],
    ['a sub-word model', (json) => (json.model.type = 'WordPiece')],
    ['a normalised added token', (json) => (json.added_tokens[0].normalized = true)],
    ['a lowercase added token', (json) => json.added_tokens.push({ id: 4, content: '<pad>', normalized: false })],
    ['an added token starting with a letter', (json) => json.added_tokens.push({ id: 4, content: 'SEP', normalized: false })],
    ['an added token with a space', (json) => json.added_tokens.push({ id: 4, content: '[A B]', normalized: false })],
    ['a stripping added token', (json) => (json.added_tokens[1].lstrip = true)],
    ['an unknown token the config disagrees with', () => undefined, { ...config, unk_token: '[OOV]' }],
    ['no padding token', () => undefined, { unk_token: '[UNK]' }],
    ['a config that removes spaces', () => undefined, { ...config, remove_space: true }],
  ];
  for (const [name, change, otherConfig] of variants) {
    test(name, () => {
      const json = base();
      change(json);
      assert.equal(compileWordLevelTokenizer(json, otherConfig ?? config), undefined);
    });
  }
});
