/**
 * Removes what documentation markup adds to a text but no reader would call a topic word: URLs, HTML tags
 * and entities, the targets of Markdown links and images (their visible text stays), and 40-character blobs. Applied to the
 * texts that topic words are counted from, never to what is embedded.
 */
const URL = /\b(?:https?|ftp):\/\/[^\s<>()\]]+/gi;
const MARKDOWN_TARGET = /\]\([^)\s]*(?:\s+"[^"]*")?\)/g;
const HTML_TAG = /<\/?[A-Za-z][^<>]*>/g;
const HTML_ENTITY = /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi;
/**
 * Hashes, base64 blobs and long identifiers: 40 or more non-space characters. Anchored at the start of a run, so
 * a shorter run is tried once, not again from each of its characters (twice as fast on 20 Newsgroups).
 */
const LONG_TOKEN = /(?<!\S)\S{40,}/g;

export function stripMarkup(text: string): string {
  return text.replace(MARKDOWN_TARGET, '] ').replace(URL, ' ').replace(HTML_TAG, ' ').replace(HTML_ENTITY, ' ').replace(LONG_TOKEN, ' ');
}

