/** HTML as text: what a reader of the rendered page sees of it (Markdown's and plain text's, reST's raw roles). */

/**
 * HTML and JSX tags, whose attributes may hold quoted strings and {expressions} (one level of nesting). Each
 * character of the attributes can be read one way only, and they are at most 1,000 characters long, so text
 * with a "<" and no ">" costs little.
 */
const TAG = /<\/?[A-Za-z][\w.:-]*(?:\s(?:[^<>{}"']|"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}){0,1000})?\/?>/g;
/** Raw text elements: their content is code or style, not prose. */
const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?<\/\1\s*>/gi;
const ENTITY = /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi;

/** `text` without script and style elements, tags (JSX's too) and entities. */
export function htmlText(text: string): string {
  return text.replace(SCRIPT_OR_STYLE, ' ').replace(TAG, ' ').replace(ENTITY, ' ');
}
