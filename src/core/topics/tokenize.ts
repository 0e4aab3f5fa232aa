/** Turning text into the words c-TF-IDF counts, as BERTopic's English preprocessing + CountVectorizer do. */
export interface TokenizerOptions {
  /** BERTopic's `_preprocess_text` for English before counting (otherwise raw text, Unicode-aware). */
  readonly cleanText: boolean;
  /** Drop scikit-learn's English stop words. */
  readonly stopWords: boolean;
  /**
   * CountVectorizer's `ngram_range=(1, 2)`: pairs of consecutive words count as terms beside the words. As in
   * scikit-learn, the pairs are formed after stop words are dropped ("install the package" → "install package");
   * unlike it, never across a PARAGRAPH_BREAK, and never of one word twice. Default false (BERTopic's (1, 1)).
   */
  readonly bigrams?: boolean;
  /** Leave out words that start with a digit (numbers, versions, "0m" escape residue), as if stop words. */
  readonly skipNumbers?: boolean;
}

/** Marks the end of a paragraph or a left-out block (see stripMarkup): no bigram spans it. */
export const PARAGRAPH_BREAK = '\f';
const PARAGRAPH_BREAK_CODE = 0x0c;

/** What BERTopic counts instead of a topic whose whole text cleans to "". */
export const EMPTY_CLASS_TEXT = 'emptydoc';

/**
 * CountVectorizer's `(?u)\b\w\w+\b` on raw text. Python's `\w` is letters, digits and "_"; combining marks are
 * added so that words of scripts written with them (Devanagari, Thai…) are not cut at every vowel sign.
 */
const UNICODE_TOKEN = /[\p{L}\p{M}\p{N}_]{2,}/gu;

/**
 * BERTopic's `_preprocess_text` (language "english") for one text: "\n" and "\t" become spaces, and every other
 * character outside [A-Za-z0-9 ] is deleted, not spaced ("e-mail" → "email", "café" → "caf"). Its final
 * "" → "emptydoc" rule is left to the caller: it concerns whole topic texts (see EMPTY_CLASS_TEXT).
 * `scanCleanedTokens` is the fast path the counting uses; this is its definition.
 */
export function cleanText(text: string): string {
  return text.replace(/[\n\t]/g, ' ').replace(/[^A-Za-z0-9 ]+/g, '');
}

/**
 * The tokens CountVectorizer finds in cleanText(text) (lower-cased runs of two or more [a-z0-9]), in one pass
 * without building the cleaned text: each token's UTF-16 units go to `buffer` (at least `text.length` long) and
 * `visit(length)` is called. Returns false when cleanText(text) is "". With `visitBreak`, a PARAGRAPH_BREAK
 * ends the token before it and is reported (cleaning would delete it).
 */
export function scanCleanedTokens(text: string, buffer: Uint16Array, visit: (length: number) => void, visitBreak?: () => void): boolean {
  let keepsSomething = false;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      buffer[length++] = c;
      keepsSomething = true;
    } else if (c >= 0x41 && c <= 0x5a) {
      buffer[length++] = c + 0x20;
      keepsSomething = true;
    } else if (c === 0x20 || c === 0x0a || c === 0x09) {
      if (length >= 2) visit(length);
      length = 0;
      keepsSomething = true;
    } else if (c === PARAGRAPH_BREAK_CODE && visitBreak) {
      if (length >= 2) visit(length);
      length = 0;
      visitBreak();
    }
    // Any other character is deleted: the letters around it join into one token.
  }
  if (length >= 2) visit(length);
  return keepsSomething;
}

/** Lower-cased tokens of raw text: runs of two or more letters, digits, marks or "_". `scanUnicodeTokens` is the fast path. */
export function tokenizeUnicode(text: string): string[] {
  return text.toLowerCase().match(UNICODE_TOKEN) ?? [];
}

/** For each ASCII code: its lowercase form when it is a token character ([A-Za-z0-9_]), -1 when not. */
const ASCII_TOKEN_LOWER = Int16Array.from({ length: 128 }, (_, c) =>
  c >= 0x41 && c <= 0x5a ? c + 0x20 : (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f ? c : -1,
);

function isAsciiWhitespace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * The tokens of `tokenizeUnicode(text)`, in order, without building strings for ASCII words. The text is taken
 * in pieces between ASCII whitespace: whitespace is neither cased nor case-ignorable, so `toLowerCase` (whose
 * only context rule is the final sigma) and the token pattern both work piece by piece. A piece of ASCII alone
 * is lowered and split one code at a time, its tokens' units written to `buffer` (at least `text.length` long)
 * and reported by length; any other piece goes through `tokenizeUnicode` and its tokens are reported as strings.
 * `visitBreak` is told of each PARAGRAPH_BREAK, in order.
 */
export function scanUnicodeTokens(
  text: string,
  buffer: Uint16Array,
  visitUnits: (length: number) => void,
  visitToken: (token: string) => void,
  visitBreak?: () => void,
): void {
  if (!NON_ASCII.test(text)) {
    scanAsciiTokens(text, 0, text.length, buffer, visitUnits, visitBreak);
    return;
  }
  const end = text.length;
  let start = 0;
  while (start < end) {
    let pieceEnd = start;
    let ascii = true;
    for (; pieceEnd < end; pieceEnd++) {
      const c = text.charCodeAt(pieceEnd);
      if (c >= 128) ascii = false;
      else if (isAsciiWhitespace(c)) break;
    }
    if (ascii) scanAsciiTokens(text, start, pieceEnd, buffer, visitUnits);
    else for (const token of tokenizeUnicode(text.slice(start, pieceEnd))) visitToken(token);
    if (visitBreak && text.charCodeAt(pieceEnd) === PARAGRAPH_BREAK_CODE) visitBreak();
    start = pieceEnd + 1;
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The tokens of `text[start, end)`, which is ASCII. */
function scanAsciiTokens(text: string, start: number, end: number, buffer: Uint16Array, visitUnits: (length: number) => void, visitBreak?: () => void): void {
  let length = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const lower = ASCII_TOKEN_LOWER[c];
    if (lower >= 0) {
      buffer[length++] = lower;
    } else {
      if (length >= 2) visitUnits(length);
      length = 0;
      if (c === PARAGRAPH_BREAK_CODE && visitBreak) visitBreak();
    }
  }
  if (length >= 2) visitUnits(length);
}
