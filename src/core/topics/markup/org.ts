/**
 * The prose of Org: `#+KEYWORD:` lines (the values of TITLE, SUBTITLE and CAPTION stay), block delimiters,
 * drawers (`:PROPERTIES:` … `:END:`), planning lines, comments, headline keywords, priorities and tags,
 * timestamps, statistics cookies, macros and link targets go; link descriptions stay. Source, example and
 * fixed-width blocks are code; export and comment blocks are no prose.
 */
import { textStructure } from '../../documents/structure';

const BLOCK_BEGIN = /^\s*#\+begin_(\w+)/i;
const CODE_BLOCKS = new Set(['src', 'example']);
const NON_PROSE_BLOCKS = new Set(['export', 'comment', 'latex', 'html']);
const KEYWORD = /^\s*#\+(\w+):\s*(.*)$/;
const SHOWN_KEYWORDS = new Set(['title', 'subtitle', 'caption']);
const OTHER_HASH_PLUS = /^\s*#\+/;
const COMMENT_LINE = /^\s*#(?:\s|$)/;
const FIXED_WIDTH = /^\s*:(?:\s|$)/;
const DRAWER_BEGIN = /^\s*:[\w-]+:\s*$/;
const DRAWER_END = /^\s*:end:\s*$/i;
const PLANNING = /^\s*(?:SCHEDULED|DEADLINE|CLOSED):/;
const HEADLINE = /^\*+\s+(?:(?:TODO|DONE|NEXT|WAITING|HOLD|CANCELLED|CANCELED)\s+)?(?:\[#[A-Za-z0-9]\]\s+)?(?:COMMENT\s+)?(.*?)(?:\s+:[\w@#%:]+:)?\s*$/;

const LINK = /\[\[([^\]]+)\](?:\[([^\]]*)\])?\]/g;
/** A link target that is an address, a file or an id rather than words. */
const ADDRESS_TARGET = /^(?:[a-z][\w+-]*:|[#/.~])/i;
const FOOTNOTE = /\[fn:[\w-]*(?::([^\]]*))?\]/g;
const TIMESTAMP = /[<[]\d{4}-\d{2}-\d{2}[^>\]\n]*[>\]]/g;
const COOKIE = /\[(?:\d*\/\d*|\d*%)\]/g;
const MACRO = /\{\{\{[^}]*\}\}\}/g;

/** Inline markup of Org prose. */
function orgInline(text: string): string {
  return text
    .replace(LINK, (_, target: string, description: string | undefined) => ` ${description ?? (ADDRESS_TARGET.test(target) ? '' : target.replace(/^\*/, ''))} `)
    .replace(FOOTNOTE, (_, text: string | undefined) => ` ${text ?? ''} `)
    .replace(TIMESTAMP, ' ')
    .replace(COOKIE, ' ')
    .replace(MACRO, ' ');
}

/** The prose of `text`, line for line (`''` where nothing is left); code kept only when `keepCode`. */
export function orgProse(text: string, keepCode: boolean): string {
  const lines = text.split('\n');
  const out = lines.map(() => '');
  const { blocks } = textStructure(lines, 'org');
  const inBlock = new Uint8Array(lines.length);
  for (const { first, last } of blocks) {
    const kind = BLOCK_BEGIN.exec(lines[first])![1].toLowerCase();
    const keep = CODE_BLOCKS.has(kind) ? keepCode : !NON_PROSE_BLOCKS.has(kind);
    inBlock.fill(1, first, last + 1);
    // The delimiters are markup (an unclosed block has none at its end); a prose block's content is Org again.
    const end = last > first && OTHER_HASH_PLUS.test(lines[last]) ? last : last + 1;
    for (let i = first + 1; i < end; i++) {
      if (keep) out[i] = lines[i];
    }
  }
  let inDrawer = false;
  lines.forEach((line, i) => {
    if (inBlock[i]) return;
    if (inDrawer) {
      inDrawer = !DRAWER_END.test(line);
      return;
    }
    if (DRAWER_BEGIN.test(line) && !DRAWER_END.test(line)) {
      inDrawer = true;
      return;
    }
    if (FIXED_WIDTH.test(line)) {
      if (keepCode) out[i] = line.replace(FIXED_WIDTH, '');
      return;
    }
    const keyword = KEYWORD.exec(line);
    if (keyword) {
      if (SHOWN_KEYWORDS.has(keyword[1].toLowerCase())) out[i] = keyword[2];
      return;
    }
    if (OTHER_HASH_PLUS.test(line) || COMMENT_LINE.test(line) || PLANNING.test(line)) return;
    const headline = HEADLINE.exec(line);
    out[i] = headline ? headline[1] : line;
  });
  return orgInline(out.join('\n'));
}
