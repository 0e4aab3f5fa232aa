/** Turning text into the words c-TF-IDF counts, as BERTopic's English preprocessing + CountVectorizer do. */
export interface TokenizerOptions {
  /** BERTopic's `_preprocess_text` for English before counting (otherwise raw text, Unicode-aware). */
  readonly cleanText: boolean;
  /** Drop scikit-learn's English stop words. */
  readonly stopWords: boolean;
}

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
 * `visit(length)` is called. Returns false when cleanText(text) is "".
 */
export function scanCleanedTokens(text: string, buffer: Uint16Array, visit: (length: number) => void): boolean {
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
    }
    // Any other character is deleted: the letters around it join into one token.
  }
  if (length >= 2) visit(length);
  return keepsSomething;
}

/** Lower-cased tokens of raw text: runs of two or more letters, digits, marks or "_". */
export function tokenizeUnicode(text: string): string[] {
  return text.toLowerCase().match(UNICODE_TOKEN) ?? [];
}
