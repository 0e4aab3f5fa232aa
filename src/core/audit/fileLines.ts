/**
 * Each file's lines put back together from its documents (sections), at the file's own line numbers: what lies
 * between documents (blank lines, front matter) is left empty. Lets the audit read a file's structure (links,
 * code blocks) without reading the file again.
 */

/** What the audit needs of a document: where it is and its text. */
export interface PlacedText {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
}

/**
 * The text lines of a document at their file lines (0-based offset into the document's range). A document that
 * does not start with its heading repeats it first ("heading", blank line); a piece of one over-long line holds
 * words of that line only.
 */
export function documentLines(doc: PlacedText): { readonly lines: string[]; readonly skip: number } {
  const lines = doc.text.split('\n');
  const span = doc.endLine - doc.startLine + 1;
  return { lines, skip: lines.length === span + 2 && lines[1] === '' ? 2 : 0 };
}

/** The file line (1-based) of line `index` (0-based) of a document's text. */
export function fileLineOf(doc: PlacedText, index: number): number {
  const { skip } = documentLines(doc);
  return Math.min(doc.endLine, Math.max(doc.startLine, doc.startLine + index - skip));
}

/** A file's lines from its first document's first line on: `lines[0]` is line `firstLine` (1-based). */
export interface FileText {
  readonly firstLine: number;
  readonly lines: string[];
}

/**
 * Every file's lines, from documents given in any order, one file at a time (each put together when asked for).
 * Lines before a file's first document are left out, so that documents numbered by their place in a larger
 * source (records of one JSON Lines file) cost their own lines only.
 */
export function* fileLines(documents: readonly PlacedText[]): Generator<[string, FileText]> {
  const documentsOf = new Map<string, PlacedText[]>();
  for (const doc of documents) {
    const list = documentsOf.get(doc.path);
    if (list) list.push(doc);
    else documentsOf.set(doc.path, [doc]);
  }
  for (const [path, docs] of documentsOf) {
    const firstLine = docs.reduce((first, doc) => Math.min(first, doc.startLine), Infinity);
    const lines: string[] = [];
    for (const doc of docs) {
      const { lines: text, skip } = documentLines(doc);
      const span = doc.endLine - doc.startLine + 1;
      const at = doc.startLine - firstLine;
      for (let i = lines.length; i < at + span; i++) lines.push('');
      if (text.length - skip === span) {
        for (let i = 0; i < span; i++) lines[at + i] = text[skip + i];
      } else {
        // Pieces of one long line (or joins of them): their words go back on the line, one piece after another.
        lines[at] = lines[at] ? `${lines[at]} ${text.slice(skip).join(' ')}` : text.slice(skip).join(' ');
      }
    }
    yield [path, { firstLine, lines }];
  }
}
