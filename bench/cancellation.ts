/**
 * How long Cancel takes to stop a run in the extension's worker (src/extension/workerHost.ts), cancelled as each
 * stage starts: the time from Cancel to the outcome, as a share of the grace period after which the host would
 * terminate the worker, and whether the worker stopped by itself. The tests only check that it does stop by
 * itself (test/extension/cancellation.itest.ts); the time is watched here. Run by `npm run bench`:
 *
 *   node --import tsx bench/cancellation.ts [file.jsonl[.gz]] [documents]      (after npm run build)
 */
import path from 'node:path';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { readJsonl } from '../src/core/documents/jsonl';
import type { StageName } from '../src/core/control';
import { DEFAULT_PARAMETERS, sourceOfPath } from '../src/core/result';
import type { FileBytes } from '../src/protocol/worker';
import { CANCEL_GRACE_MS, runInWorker } from '../src/extension/workerHost';
import { tokenSource } from '../test/support/cancellation';
import { NEWSGROUPS, requireFile } from './corpus';

const STAGES: readonly StageName[] = ['embed', 'umap', 'cluster', 'represent', 'map'];

/** Runs the pipeline on `files` and cancels when `stage` starts; the milliseconds from Cancel to the outcome. */
async function cancelAt(stage: StageName, files: FileBytes[], source: string): Promise<{ ms: number; byItself: boolean; outcome: string } | undefined> {
  const { token, cancel } = tokenSource();
  let cancelledAt: number | undefined;
  let terminated = false;
  const outcome = await runInWorker(
    { script: path.resolve(__dirname, '../dist/worker.js') },
    {
      type: 'detect',
      source,
      files,
      skipped: [],
      maxFileBytes: 1 << 24,
      options: { parameters: { ...DEFAULT_PARAMETERS, unit: 'file' }, embedding: { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false } },
    },
    token,
    {
      onProgress: (event) => {
        if (cancelledAt === undefined && event.stage === stage) {
          cancelledAt = performance.now();
          cancel();
        }
      },
      onLog: (message) => {
        if (/did not stop/.test(message)) terminated = true;
      },
    },
  );
  if (cancelledAt === undefined) return undefined;
  return { ms: performance.now() - cancelledAt, byItself: !terminated, outcome: outcome.kind };
}

async function main(): Promise<void> {
  const corpus = requireFile(path.resolve(process.argv[2] ?? NEWSGROUPS));
  const limit = Number(process.argv[3] ?? 5000);
  const { documents } = await readJsonl(corpus, { maxDocuments: limit });
  const files = documents.map((d, i) => ({ path: `posts/${i}.txt`, bytes: Buffer.from(d.text) }));
  console.log(`\n## Cancel: from Cancel to the run's end, cancelled as each stage starts, ${files.length} documents (bench/cancellation.ts)`);
  console.log(`${'stage'.padEnd(12)}${'ms to stop'.padStart(12)}${'of the grace'.padStart(14)}  stopped by itself`);
  for (const stage of STAGES) {
    const stopped = await cancelAt(stage, files, sourceOfPath(corpus));
    if (!stopped) {
      console.log(`${stage.padEnd(12)}  (the run reported no progress in this stage)`);
      continue;
    }
    if (stopped.outcome !== 'cancelled') {
      console.log(`${stage.padEnd(12)}  (the run ended with "${stopped.outcome}" ${stopped.ms.toFixed(0)} ms after Cancel)`);
      continue;
    }
    const share = `${((100 * stopped.ms) / CANCEL_GRACE_MS).toFixed(0)} %`;
    console.log(`${stage.padEnd(12)}${stopped.ms.toFixed(0).padStart(12)}${share.padStart(14)}  ${stopped.byItself ? 'yes' : 'no: terminated'}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
