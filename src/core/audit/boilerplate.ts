/**
 * Repeated blocks: runs of boilerplate shingles (shingles found in many files) long enough to be a block of
 * text rather than a common phrase, grouped by the shingles they share, so that a licence footer in 300 files
 * is one block with 300 places.
 */
import { UnionFind } from '../cluster/unionFind';
import { Pacer, type RunControl } from '../control';
import { appendWordHashes, scanWords, shingleHashes, SHINGLE_WORDS } from './words';

/** One place a block occurs: a document and the block's lines within the document's text (0-based). */
export interface BlockOccurrence {
  readonly document: number;
  readonly firstLine: number;
  readonly lastLine: number;
}

export interface RepeatedBlock {
  /** The first occurrence in each file that holds the block, in document order. */
  readonly occurrences: readonly BlockOccurrence[];
  /** Median words per occurrence. */
  readonly words: number;
  /** The start of the first occurrence, whitespace flattened. */
  readonly excerpt: string;
  /** The smallest shingle hashes most occurrences hold: a name for the block that survives small edits. */
  readonly signature: string;
}

const EXCERPT_CHARS = 160;

interface Occurrence extends BlockOccurrence {
  readonly words: number;
  readonly excerpt: string;
  readonly shingles: Uint32Array;
}

/** Word runs [first, last] covered by runs of boilerplate shingles at least `minWords` words long. */
function boilerplateRuns(shingles: Uint32Array, isBoilerplate: (shingle: number) => boolean, minWords: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < shingles.length;) {
    if (!isBoilerplate(shingles[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < shingles.length && isBoilerplate(shingles[j + 1])) j++;
    if (j + SHINGLE_WORDS - i >= minWords) runs.push([i, j + SHINGLE_WORDS - 1]);
    i = j + 1;
  }
  return runs;
}

/**
 * `candidates[d]` set: document d holds boilerplate shingles (the others are not read again). Blocks held by
 * fewer than `minFiles` files are left out.
 */
export async function repeatedBlocks(
  texts: readonly string[],
  fileOf: Int32Array,
  candidates: Uint8Array,
  isBoilerplate: (shingle: number) => boolean,
  minFiles: number,
  minWords: number,
  control: RunControl,
): Promise<RepeatedBlock[]> {
  const occurrences: Occurrence[] = [];
  const firstOccurrenceOf = new Map<number, number>();
  const links: Array<[number, number]> = [];
  let scratch = new Uint32Array(1024);
  let scratchShingles = new Uint32Array(1024);
  const pacer = new Pacer(control);
  for (let d = 0; d < texts.length; d++) {
    if (pacer.due) await pacer.pause();
    if (!candidates[d]) continue;
    const text = texts[d];
    if (scratch.length < (text.length >> 1) + 1) {
      scratch = new Uint32Array((text.length >> 1) + 1024);
      scratchShingles = new Uint32Array(scratch.length);
    }
    // Most documents hold only scattered common phrases: only those with a long run are scanned for lines.
    const wordCount = appendWordHashes(text, scratch, 0);
    if (boilerplateRuns(shingleHashes(scratch.subarray(0, wordCount), scratchShingles), isBoilerplate, minWords).length === 0) continue;
    const words = scanWords(text);
    const shingles = shingleHashes(words.hashes);
    for (const [first, last] of boilerplateRuns(shingles, isBoilerplate, minWords)) {
      const id = occurrences.length;
      const run = shingles.slice(first, last - SHINGLE_WORDS + 2);
      occurrences.push({
        document: d,
        firstLine: words.lines[first],
        lastLine: words.lines[last],
        words: last - first + 1,
        excerpt: flatten(text.slice(words.starts[first], words.ends[last])),
        shingles: run,
      });
      for (const shingle of run) {
        const earlier = firstOccurrenceOf.get(shingle);
        if (earlier === undefined) firstOccurrenceOf.set(shingle, id);
        else links.push([earlier, id]);
      }
    }
  }
  const sets = new UnionFind(occurrences.length);
  for (const [a, b] of links) sets.union(a, b);
  const groups = new Map<number, Occurrence[]>();
  occurrences.forEach((occurrence, id) => {
    const root = sets.find(id);
    const group = groups.get(root);
    if (group) group.push(occurrence);
    else groups.set(root, [occurrence]);
  });
  const blocks: RepeatedBlock[] = [];
  for (const group of groups.values()) {
    const firstPerFile = new Map<number, Occurrence>();
    for (const occurrence of group) if (!firstPerFile.has(fileOf[occurrence.document])) firstPerFile.set(fileOf[occurrence.document], occurrence);
    if (firstPerFile.size < minFiles) continue;
    const kept = [...firstPerFile.values()];
    const lengths = kept.map((o) => o.words).sort((a, b) => a - b);
    blocks.push({
      occurrences: kept.map(({ document, firstLine, lastLine }) => ({ document, firstLine, lastLine })),
      words: lengths[lengths.length >> 1],
      excerpt: kept[0].excerpt,
      signature: blockSignature(kept.map((o) => o.shingles)),
    });
  }
  return blocks.sort((a, b) => b.occurrences.length - a.occurrences.length || a.occurrences[0].document - b.occurrences[0].document);
}

function blockSignature(occurrences: readonly Uint32Array[]): string {
  const counts = new Map<number, number>();
  for (const shingles of occurrences) for (const shingle of new Set(shingles)) counts.set(shingle, (counts.get(shingle) ?? 0) + 1);
  const common = [...counts].filter(([, count]) => count * 2 >= occurrences.length).map(([shingle]) => shingle);
  return common
    .sort((a, b) => a - b)
    .slice(0, 4)
    .map((h) => h.toString(36))
    .join('-');
}

function flatten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}
