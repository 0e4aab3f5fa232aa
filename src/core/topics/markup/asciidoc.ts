/**
 * The prose of AsciiDoc: attribute entries and references, block attribute lines (`[source,python]`, `[NOTE]`,
 * `[[anchor]]`), comments, preprocessor and block macros (`include::`, `ifdef::`, `image::`), admonition labels,
 * block delimiters and anchors go; inline macros and cross references keep the text they render
 * (`link:url[text]` → "text", `<<id,text>>` → "text", `linkgit:git-add[1]` → "git-add"). Listing, literal and
 * fenced blocks are code; comment and passthrough blocks are no prose.
 */
import { textStructure } from '../../documents/structure';

const ATTRIBUTE_ENTRY = /^:!?\w[\w-]*!?:(?:\s.*)?$/;
const BLOCK_ATTRIBUTES = /^\[[^\]]*\]\s*$/;
const LINE_COMMENT = /^\/\/(?!\/\/)/;
const DIRECTIVE_LINE = /^(?:ifdef|ifndef|ifeval|endif|include|image|video|audio|toc)::.*\[.*\]\s*$/;
const ADMONITION_LABEL = /^(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+/;
/** Comment (////) and passthrough (++++) blocks; the other delimited verbatim blocks are code. */
const NON_PROSE_BLOCK = /^(?:\/{4,}|\+{4,})\s*$/;
const BLOCK_DELIMITER = /^(?:-{4,}|\.{4,}|\+{4,}|\/{4,}|`{3,}.*)\s*$/;

/** `name:target[text]` (inline); a URL followed by [text] is a macro of its own, read after these. */
const URL_MACRO = /\b(?:https?|ftp|irc|mailto):[^\s[\]]*\[([^\]]*)\]/g;
const INLINE_MACRO = /\b([a-z][\w-]*):(?!\/\/)([^\s[\]]*)\[([^\]]*)\]/gi;
/** Macros that render no words of their own (an image's alt text is no prose either). */
const SILENT_MACROS = new Set(['image', 'icon', 'anchor', 'indexterm', 'stem', 'latexmath', 'asciimath']);
/** Macros whose target is what the reader sees: `linkgit:git-add[1]` renders "git-add(1)". */
const TARGET_MACROS = new Set(['linkgit', 'menu']);
/** Macros whose target is a path or address: only their text shows. */
const LINK_MACROS = new Set(['link', 'xref', 'mailto']);
const CROSS_REFERENCE = /<<([^,>]+)(?:,\s*([^>]*))?>>/g;
const ATTRIBUTE_REFERENCE = /\{[\w-]+(?::[^}]*)?\}/g;
const INLINE_ANCHOR = /\[\[[^\]]*\]\]|\[[#.][^\]]*\]/g;
/** `key=value` attributes inside a macro's brackets. */
const MACRO_ATTRIBUTE = /(?:^|,)\s*\w+=(?:"[^"]*"|[^,]*)/g;

function macroText(name: string, target: string, text: string): string {
  const shown = text.replace(MACRO_ATTRIBUTE, '').replace(/^"|"$/g, '');
  const macro = name.toLowerCase();
  if (SILENT_MACROS.has(macro)) return ' ';
  if (TARGET_MACROS.has(macro)) return ` ${target} ${macro === 'menu' ? shown : ''} `;
  if (LINK_MACROS.has(macro)) return ` ${shown} `;
  return ` ${shown || target} `;
}

/** Inline markup of AsciiDoc prose. */
function asciidocInline(text: string): string {
  return text
    .replace(INLINE_MACRO, (_, name: string, target: string, text: string) => macroText(name, target, text))
    .replace(URL_MACRO, (_, text: string) => ` ${text.replace(MACRO_ATTRIBUTE, '')} `)
    .replace(CROSS_REFERENCE, (_, _id: string, text: string | undefined) => ` ${text ?? ''} `)
    .replace(ATTRIBUTE_REFERENCE, ' ')
    .replace(INLINE_ANCHOR, ' ');
}

/** The prose of `text`, line for line (`''` where nothing is left); code blocks kept only when `keepCode`. */
export function asciidocProse(text: string, keepCode: boolean): string {
  const lines = text.split('\n');
  const out = lines.map(() => '');
  const { blocks } = textStructure(lines, 'asciidoc');
  const inBlock = new Uint8Array(lines.length);
  for (const { first, last } of blocks) {
    const keep = keepCode && !NON_PROSE_BLOCK.test(lines[first]);
    for (let i = first; i <= last; i++) {
      inBlock[i] = 1;
      if (keep && !BLOCK_DELIMITER.test(lines[i])) out[i] = lines[i];
    }
  }
  lines.forEach((line, i) => {
    if (inBlock[i] || ATTRIBUTE_ENTRY.test(line) || BLOCK_ATTRIBUTES.test(line) || LINE_COMMENT.test(line) || DIRECTIVE_LINE.test(line)) return;
    out[i] = line.replace(ADMONITION_LABEL, '');
  });
  return asciidocInline(out.join('\n'));
}
