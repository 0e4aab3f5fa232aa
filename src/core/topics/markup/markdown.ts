/**
 * The prose of Markdown and MDX: front matter, MDX import/export lines, HTML comments, fenced-code info strings,
 * images (badges, mostly), link and image targets and reference-link definitions are left out; link texts stay.
 */
import { textStructure } from '../../documents/structure';

const HTML_COMMENT = /<!--[\s\S]*?-->/g;
/** MDX comments: {/* … *\/} */
const MDX_COMMENT = /\{\/\*[\s\S]*?\*\/\}/g;
/** MDX module lines: `import X from 'y'`, `import 'y'`, `export const meta = …`, `export default …`. */
const MDX_MODULE_LINE =
  /^(?:import\s.*\sfrom\s+['"][^'"]+['"];?|import\s+['"][^'"]+['"];?|export\s+(?:(?:default|const|let|var|function|class|async)\b|\{).*)\s*$/;
const FENCE = /^\s*(?:`{3,}|~{3,})/;
/** `[label]: target "title"` — a reference-link definition: nothing of it is shown. */
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$/;
/** `![alt](src)`, `![alt][ref]`: images go whole, alt text included — in READMEs they are mostly badges. */
const IMAGE = /!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])?/g;
/** `](target "title")` after a link text: the target goes, the text stays. */
const LINK_TARGET = /\]\([^)\s]*(?:\s+(?:"[^"]*"|'[^']*'))?\)/g;
/** `][ref]` after a link text, and footnote references `[^1]`. */
const REFERENCE = /\]\[[^\]]*\]|\[\^[^\]]+\]/g;

/** The prose of `text`, line for line (`''` where nothing is left); fenced code kept only when `keepCode`. */
export function markdownProse(text: string, keepCode: boolean): string {
  const lines = text.replace(HTML_COMMENT, '\n\n').replace(MDX_COMMENT, ' ').split('\n');
  const { verbatim, bodyStart } = textStructure(lines, 'markdown');
  const prose = lines.map((line, i) => {
    if (i < bodyStart) return '';
    // A fence line holds only the fence and its info string (a language, attributes): never prose.
    if (verbatim[i]) return keepCode && !FENCE.test(line) ? line : '';
    if (MDX_MODULE_LINE.test(line) || LINK_DEFINITION.test(line)) return '';
    return line;
  });
  return prose.join('\n').replace(IMAGE, ' ').replace(LINK_TARGET, '] ').replace(REFERENCE, '] ');
}
