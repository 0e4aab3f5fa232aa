/**
 * A fast tokenizer for word-level `tokenizer.json` files shaped like the bundled model's (normalizer NFKC then
 * Lowercase, BertPreTokenizer, WordLevel vocabulary, no post-processor), giving exactly the ids transformers.js
 * gives for them, truncated to a window:
 *
 *   1. the raw text is cut at every occurrence of an added token ([PAD], [UNK]; leftmost, longest first), which
 *      becomes that token;
 *   2. every other section is normalised (`normalize('NFKC')`, then `toLowerCase()`);
 *   3. split into runs of characters that are neither whitespace (`\s`) nor punctuation (`\p{P}` and the ASCII
 *      symbols), and single punctuation characters;
 *   4. each piece is looked up in the vocabulary, unknown pieces give the unknown token's id.
 *
 * Speed comes from three facts. Normalisation is the identity on ASCII except for A–Z, so ASCII is classified and
 * lowered one character code at a time, never copied. Both normalisation steps can be split at ASCII whitespace
 * (a space neither composes with its neighbours under NFKC nor lets `toLowerCase`'s final-sigma rule see past
 * it), so text between two ASCII whitespace characters that holds anything else is normalised on its own with
 * the built-in functions. And tokens come in text order, so the scan stops once the window is full.
 */

/** Character classes of the pre-tokenizer. */
const WORD = 0;
const SPACE = 1;
const PUNCTUATION = 2;

/** What the BERT pre-tokenizer splits on besides whitespace (its own pattern: `\p{P}` and the ASCII symbols). */
const PUNCTUATION_CHARACTER = /^[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]$/u;
const SPACE_CHARACTER = /^\s$/u;

function classify(character: string): number {
  if (SPACE_CHARACTER.test(character)) return SPACE;
  return PUNCTUATION_CHARACTER.test(character) ? PUNCTUATION : WORD;
}

/** Class of every ASCII code. */
const ASCII_CLASS = Uint8Array.from({ length: 128 }, (_, code) => classify(String.fromCharCode(code)));

/** For each ASCII code: its lowercase form when it is a word character, -1 when not. */
const ASCII_WORD_LOWER = Int16Array.from(ASCII_CLASS, (kind, code) => (kind !== WORD ? -1 : code >= 65 && code <= 90 ? code + 32 : code));

/** Classes of BMP code units outside ASCII, filled on first use (0 = not yet known). */
const bmpClass = new Uint8Array(0x10000);

function classOfCodePoint(codePoint: number): number {
  if (codePoint < 128) return ASCII_CLASS[codePoint];
  if (codePoint > 0xffff) return classify(String.fromCodePoint(codePoint));
  let known = bmpClass[codePoint];
  if (known === 0) {
    known = classify(String.fromCharCode(codePoint)) + 1;
    bmpClass[codePoint] = known;
  }
  return known - 1;
}

function isAsciiSpace(code: number): boolean {
  return code < 128 && ASCII_CLASS[code] === SPACE;
}

/** Whether a UTF-16 code unit is whitespace (`\s`). */
export function isWhitespace(code: number): boolean {
  return classOfCodePoint(code) === SPACE;
}

/** 32-bit FNV-1a over UTF-16 code units, one step. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** An open-addressing table from strings to ids that is probed with a hash computed while scanning. */
class Vocabulary {
  /** Per slot, 4 ints: the key's hash, its id, where its code units start in `units`, its length (0 = empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly units: Uint16Array;
  readonly longestKey: number;

  /** `keys[k]` gets `ids[k]`; keys must be distinct. An empty key is left out: no piece is empty. */
  constructor(keys: readonly string[], ids: Int32Array) {
    let size = 1;
    while (size < keys.length * 2) size *= 2;
    this.slots = new Int32Array(4 * size);
    this.mask = size - 1;
    let length = 0;
    let longest = 0;
    for (const key of keys) {
      length += key.length;
      longest = Math.max(longest, key.length);
    }
    this.units = new Uint16Array(length);
    this.longestKey = longest;
    let offset = 0;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      let hash = FNV_OFFSET;
      for (let i = 0; i < key.length; i++) {
        const code = key.charCodeAt(i);
        this.units[offset + i] = code;
        hash = hashStep(hash, code);
      }
      if (key.length === 0) continue;
      let slot = hash & this.mask;
      while (this.slots[4 * slot + 3] !== 0) slot = (slot + 1) & this.mask;
      this.slots[4 * slot] = hash;
      this.slots[4 * slot + 1] = ids[k];
      this.slots[4 * slot + 2] = offset;
      this.slots[4 * slot + 3] = key.length;
      offset += key.length;
    }
  }

  /** The id of the `length` code units in `word`, with `hash` their FNV-1a; `missing` when they are not a key. */
  find(word: Uint16Array, length: number, hash: number, missing: number): number {
    const { slots, mask, units } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = 4 * slot;
      const keyLength = slots[at + 3];
      if (keyLength === 0) return missing;
      if (slots[at] !== hash || keyLength !== length) continue;
      const from = slots[at + 2];
      let i = 0;
      while (i < length && units[from + i] === word[i]) i++;
      if (i === length) return slots[at + 1];
    }
  }
}

interface AddedToken {
  readonly content: string;
  readonly id: number;
}

/** The parts of tokenizer.json and tokenizer_config.json this tokenizer reads. */
interface TokenizerJson {
  readonly normalizer?: { readonly type?: string; readonly normalizers?: readonly { readonly type?: string }[] } | null;
  readonly pre_tokenizer?: { readonly type?: string } | null;
  readonly post_processor?: unknown;
  readonly model?: { readonly type?: string; readonly vocab?: unknown; readonly unk_token?: unknown };
  readonly added_tokens?: readonly {
    readonly id?: unknown;
    readonly content?: unknown;
    readonly normalized?: unknown;
    readonly lstrip?: unknown;
    readonly rstrip?: unknown;
    readonly single_word?: unknown;
  }[];
}

interface TokenizerConfig {
  readonly model_max_length?: unknown;
  readonly unk_token?: unknown;
  readonly pad_token?: unknown;
  readonly remove_space?: unknown;
  readonly do_lowercase_and_remove_accent?: unknown;
}

export interface WordLevelTokenizer {
  readonly padId: number;
  /** The longest window the tokenizer allows (tokenizer_config.json's model_max_length; Infinity when unset). */
  readonly modelMaxLength: number;
  /** Writes the ids of the first `maxLength` tokens of `text` to `out` from `offset` on; returns how many. */
  encodeInto(text: string, maxLength: number, out: Int32Array, offset: number): number;
}

function isNfkcThenLowercase(normalizer: TokenizerJson['normalizer']): boolean {
  const steps = normalizer?.type === 'Sequence' ? (normalizer.normalizers ?? []) : [];
  return steps.length === 2 && steps[0]?.type === 'NFKC' && steps[1]?.type === 'Lowercase';
}

/**
 * Added tokens the fast path can split exactly: matched on the raw text, starting with ASCII punctuation (so a
 * match never begins inside a word), without whitespace (so a match never spans two normalised pieces), and
 * changed by lowercasing (so a normalised section can never equal one, which transformers.js would also map).
 */
function supportedAddedTokens(json: TokenizerJson): AddedToken[] | undefined {
  const tokens: AddedToken[] = [];
  for (const token of json.added_tokens ?? []) {
    const { content, id } = token;
    if (typeof content !== 'string' || typeof id !== 'number' || content.length === 0) return undefined;
    if (token.normalized !== false || token.lstrip === true || token.rstrip === true || token.single_word === true) return undefined;
    const first = content.charCodeAt(0);
    if (first >= 128 || ASCII_CLASS[first] !== PUNCTUATION || /\s/.test(content) || content.toLowerCase() === content) return undefined;
    tokens.push({ content, id });
  }
  // Longest first: at one position the longest match wins.
  return tokens.sort((a, b) => b.content.length - a.content.length);
}

/**
 * The fast tokenizer for this tokenizer.json (and tokenizer_config.json), or undefined when the files ask for
 * anything it does not reproduce exactly; then use the transformers.js tokenizer.
 */
export function compileWordLevelTokenizer(tokenizerJson: unknown, tokenizerConfig: unknown = {}): WordLevelTokenizer | undefined {
  const json = tokenizerJson as TokenizerJson;
  const config = (tokenizerConfig ?? {}) as TokenizerConfig;
  const model = json.model;
  if (model?.type !== 'WordLevel' || typeof model.vocab !== 'object' || model.vocab === null) return undefined;
  if (!isNfkcThenLowercase(json.normalizer) || json.pre_tokenizer?.type !== 'BertPreTokenizer' || json.post_processor) return undefined;
  if (config.remove_space === true || config.do_lowercase_and_remove_accent === true) return undefined;
  const added = supportedAddedTokens(json);
  if (!added) return undefined;

  // transformers.js looks an added token up before the vocabulary, so its id wins.
  const vocab = model.vocab as Record<string, unknown>;
  const addedIds = new Map(added.map((token) => [token.content, token.id]));
  const keys = Object.keys(vocab);
  for (const token of added) if (!Object.hasOwn(vocab, token.content)) keys.push(token.content);
  const ids = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const id = addedIds.get(keys[k]) ?? vocab[keys[k]];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return undefined;
    ids[k] = id;
  }
  const vocabulary = new Vocabulary(keys, ids);
  const unkToken = model.unk_token;
  const padToken = config.pad_token;
  if (typeof unkToken !== 'string' || (config.unk_token !== undefined && config.unk_token !== unkToken)) return undefined;
  if (typeof padToken !== 'string') return undefined;
  const unkId = ids[keys.indexOf(unkToken)] ?? -1;
  const padId = ids[keys.indexOf(padToken)] ?? -1;
  if (unkId < 0 || padId < 0) return undefined;
  const modelMaxLength = typeof config.model_max_length === 'number' ? config.model_max_length : Infinity;
  return new FastWordLevelTokenizer(vocabulary, added, unkId, padId, modelMaxLength);
}

class FastWordLevelTokenizer implements WordLevelTokenizer {
  /** Whether an added token starts with ASCII code c. */
  private readonly addedStarts: boolean[];
  /** The current piece's code units (lowercased); a piece longer than every key is unknown. */
  private readonly word: Uint16Array;

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly added: readonly AddedToken[],
    private readonly unkId: number,
    readonly padId: number,
    readonly modelMaxLength: number,
  ) {
    this.word = new Uint16Array(Math.max(2, vocabulary.longestKey));
    this.addedStarts = Array.from({ length: 128 }, (_, code) => added.some((t) => t.content.charCodeAt(0) === code));
  }

  /** The id of a normalised pre-token. */
  private lookup(key: string): number {
    const word = this.word;
    if (key.length > word.length) return this.unkId;
    let hash = FNV_OFFSET;
    for (let i = 0; i < key.length; i++) {
      word[i] = key.charCodeAt(i);
      hash = hashStep(hash, word[i]);
    }
    return this.vocabulary.find(word, key.length, hash, this.unkId);
  }

  /** The added token that starts at `position`, if any (the longest). */
  private addedAt(text: string, position: number): AddedToken | undefined {
    for (const token of this.added) if (text.startsWith(token.content, position)) return token;
    return undefined;
  }

  encodeInto(text: string, maxLength: number, out: Int32Array, offset: number): number {
    const end = text.length;
    let count = 0;
    let position = 0;
    // Where the current piece between two ASCII whitespace characters began, and the tokens before it.
    let pieceStart = 0;
    let countAtPieceStart = 0;
    while (position < end) {
      const code = text.charCodeAt(position);
      if (code >= 128) {
        // This piece needs real normalisation (a combining mark may even change the ASCII token before it, so
        // this holds with a full window too): redo it from its start with the general path.
        let pieceEnd = position + 1;
        while (pieceEnd < end && !isAsciiSpace(text.charCodeAt(pieceEnd))) pieceEnd += 1;
        count = this.encodeNormalized(text.slice(pieceStart, pieceEnd), maxLength, out, offset, countAtPieceStart);
        position = pieceEnd;
        continue;
      }
      // Tokens followed by an ASCII character are final: no ASCII character composes with what precedes it.
      if (count >= maxLength) break;
      const kind = ASCII_CLASS[code];
      if (kind === SPACE) {
        position += 1;
        pieceStart = position;
        countAtPieceStart = count;
      } else if (kind === PUNCTUATION) {
        const token = this.addedStarts[code] ? this.addedAt(text, position) : undefined;
        if (token) {
          out[offset + count++] = token.id;
          position += token.content.length;
        } else {
          this.word[0] = code;
          out[offset + count++] = this.vocabulary.find(this.word, 1, hashStep(FNV_OFFSET, code), this.unkId);
          position += 1;
        }
      } else {
        const word = this.word;
        let length = 0;
        let hash = FNV_OFFSET;
        let c = code;
        do {
          const lower = ASCII_WORD_LOWER[c];
          if (lower < 0) break;
          if (length < word.length) word[length] = lower;
          length += 1;
          hash = hashStep(hash, lower);
          position += 1;
          c = position < end ? text.charCodeAt(position) : 0x20;
        } while (c < 128);
        // A word running into a non-ASCII character is redone with its piece, above.
        if (c < 128) out[offset + count++] = length > word.length ? this.unkId : this.vocabulary.find(word, length, hash, this.unkId);
      }
    }
    return count;
  }

  /**
   * Tokens of `piece` (text without ASCII whitespace, or with it only at the ends) through the general path,
   * written after the first `count` tokens; returns the new count.
   */
  private encodeNormalized(piece: string, maxLength: number, out: Int32Array, offset: number, count: number): number {
    for (let position = 0; count < maxLength;) {
      const match = this.nextAdded(piece, position);
      count = this.encodeSection(piece.slice(position, match ? match.at : piece.length), maxLength, out, offset, count);
      if (!match) break;
      if (count < maxLength) out[offset + count++] = match.token.id;
      position = match.at + match.token.content.length;
    }
    return count;
  }

  /** The leftmost added token at or after `from` (the longest one at that position). */
  private nextAdded(text: string, from: number): { readonly token: AddedToken; readonly at: number } | undefined {
    let best: { token: AddedToken; at: number } | undefined;
    for (const token of this.added) {
      const at = text.indexOf(token.content, from);
      if (at >= 0 && (!best || at < best.at)) best = { token, at };
    }
    return best;
  }

  /** Normalises one section (no added token inside) and writes its pre-tokens' ids. */
  private encodeSection(section: string, maxLength: number, out: Int32Array, offset: number, count: number): number {
    const text = section.normalize('NFKC').toLowerCase();
    let wordStart = -1;
    let position = 0;
    while (position <= text.length && count < maxLength) {
      const codePoint = position < text.length ? (text.codePointAt(position) as number) : -1;
      const kind = codePoint < 0 ? SPACE : classOfCodePoint(codePoint);
      if (kind !== WORD && wordStart >= 0) {
        out[offset + count++] = this.lookup(text.slice(wordStart, position));
        wordStart = -1;
        if (count === maxLength) break;
      }
      if (codePoint < 0) break;
      const width = codePoint > 0xffff ? 2 : 1;
      if (kind === PUNCTUATION) out[offset + count++] = this.lookup(text.slice(position, position + width));
      else if (kind === WORD && wordStart < 0) wordStart = position;
      position += width;
    }
    return count;
  }
}
