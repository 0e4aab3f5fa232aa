/** Corpora for the benchmarks: 20 Newsgroups from ../shared, and larger ones made from it by perturbation. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readJsonl } from '../src/core/documents/jsonl';
import type { SourceDocument } from '../src/core/documents/types';
import { seededRandom } from '../src/core/random';

export const NEWSGROUPS = path.resolve(__dirname, '../../shared/data/20newsgroups-clean.jsonl.gz');

export function requireFile(file: string): string {
  if (!existsSync(file)) {
    console.error(`No corpus at ${file}: pass a folder or a .jsonl[.gz] file (the 20 Newsgroups data lives in ../shared/data).`);
    process.exit(1);
  }
  return file;
}

export async function readNewsgroups(): Promise<SourceDocument[]> {
  return (await readJsonl(requireFile(NEWSGROUPS), {})).documents;
}

/**
 * `size` documents: the corpus repeated, each copy after the first with ~10 % of its words dropped at random,
 * so every copy is a distinct text that must be embedded and clustered for real.
 */
export function scaledCorpus(base: readonly SourceDocument[], size: number, seed = 1): SourceDocument[] {
  const random = seededRandom(seed);
  const out: SourceDocument[] = [];
  for (let i = 0; out.length < size; i++) {
    const doc = base[i % base.length];
    const copy = Math.floor(i / base.length);
    if (copy === 0) {
      out.push(doc);
      continue;
    }
    const words = doc.text.split(/\s+/).filter((w) => w !== '' && random() >= 0.1);
    out.push({ ...doc, path: `${doc.path}~${copy}`, text: words.join(' ') });
  }
  return out;
}
