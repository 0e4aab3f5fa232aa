/**
 * What the extension's kept worker costs (src/extension/workerHost.ts): the process's RSS while the worker of a
 * full run is kept for the next update, and after it is let go. Run by `npm run bench` in a process of its own:
 *
 *   node --import tsx bench/keptWorker.ts [file.jsonl[.gz]]      (after npm run build)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type * as vscode from 'vscode';
import { readJsonl } from '../src/core/documents/jsonl';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { DEFAULT_PARAMETERS, sourceOfPath } from '../src/core/result';
import { KeptWorker, runInWorker } from '../src/extension/workerHost';
import { NEWSGROUPS, requireFile } from './corpus';

const never: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

async function main(): Promise<void> {
  const corpus = requireFile(path.resolve(process.argv[2] ?? NEWSGROUPS));
  const { documents } = await readJsonl(corpus, {});
  const files = documents.map((d, i) => ({ path: `posts/${i}.txt`, bytes: Buffer.from(d.text) }));
  const cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-kept-'));
  const keeper = new KeptWorker();
  try {
    const outcome = await runInWorker(
      { script: path.resolve(__dirname, '../dist/worker.js') },
      {
        type: 'detect',
        source: sourceOfPath(corpus),
        files,
        skipped: [],
        maxFileBytes: 1 << 24,
        options: {
          parameters: { ...DEFAULT_PARAMETERS, unit: 'file' },
          embedding: { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache },
        },
      },
      never,
      {},
      { keeper, keep: true },
    );
    if (outcome.kind !== 'done') throw new Error(`the full run ended with ${outcome.kind}`);
    // Settled: the worker is idle, as between a full run and the next file change.
    await sleep(5000);
    const kept = rssMb();
    keeper.clear();
    await sleep(3000);
    const released = rssMb();
    console.log(`\n## The extension's kept worker after a full run on ${documents.length} documents (bench/keptWorker.ts)`);
    console.log(`process RSS with the worker kept: ${kept} MB; after letting it go: ${released} MB; the worker holds about ${kept - released} MB`);
  } finally {
    keeper.dispose();
    rmSync(cache, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
