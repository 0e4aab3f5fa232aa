/**
 * Real API documentation with a known grouping: the doc comments of Node.js's type definitions (@types/node, a
 * devDependency, so present wherever the tests run), one document per comment of at least 200 characters,
 * labelled by module. Read from node_modules when a test runs; nothing of it is copied into the repository.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Eleven modules: 483 documents with @types/node 20.19 (crypto 108, fs 97, buffer 68, http 45, …). */
export const NODE_API_MODULES = ['fs', 'http', 'crypto', 'child_process', 'dns', 'readline', 'worker_threads', 'buffer', 'events', 'url', 'os'];

const MIN_CHARS = 200;
/** Release bookkeeping and parameter lists: what is left is each comment's prose and examples. */
const BOOKKEEPING_TAG = /^@(since|deprecated|legacy|experimental|param|returns?|default)\b/;

export function nodeApiDocs(modules: readonly string[] = NODE_API_MODULES): { text: string; label: string }[] {
  const folder = path.dirname(require.resolve('@types/node/package.json'));
  return modules.flatMap((module) => {
    const source = readFileSync(path.join(folder, `${module}.d.ts`), 'utf8');
    return [...source.matchAll(/\/\*\*([\s\S]*?)\*\//g)]
      .map((comment) =>
        comment[1]
          .split('\n')
          .map((line) => line.replace(/^\s*\* ?/, ''))
          .filter((line) => !BOOKKEEPING_TAG.test(line.trim()))
          .join('\n')
          .trim(),
      )
      .filter((text) => text.length >= MIN_CHARS)
      .map((text) => ({ text, label: module }));
  });
}
