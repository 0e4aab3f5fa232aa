/**
 * Incremental updates on a documentation tree, in one process holding the pipeline session as the extension's kept
 * worker does: a full run, then updates that each add a file (a copy of an existing file with every seventh word
 * dropped, so its sections are new texts). Prints each update's wall time and the process's CPU time over it (the
 * update runs on one thread, so CPU seconds say what it costs whatever else loads the machine).
 *
 *   node --import tsx bench/updates.ts <folder> [--updates N] [--model ID]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFolder } from '../src/core/documents/folder';
import { CORPUS_MODEL } from '../src/core/embedding/corpusEmbedder';
import { runPipeline } from '../src/core/pipeline/fullRun';
import { PipelineSession } from '../src/core/pipeline/session';
import { updateFiles } from '../src/core/pipeline/update';
import { DEFAULT_PARAMETERS, sourceOfPath } from '../src/core/result';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { updates: { type: 'string', default: '3' }, model: { type: 'string', default: CORPUS_MODEL } },
});

async function main(): Promise<void> {
  const folder = positionals[0];
  if (!folder) throw new Error('Usage: node --import tsx bench/updates.ts <folder> [--updates N] [--model ID]');
  const cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-updates-'));
  const embedding = { backend: 'local' as const, model: values.model, allowRemoteModels: false, embeddingCacheDir: cache };
  const session = new PipelineSession();
  try {
    const read = await readFolder(path.resolve(folder), { unit: 'section' });
    const started = performance.now();
    const result = await runPipeline(
      { kind: 'documents', source: sourceOfPath(path.resolve(folder)), documents: read.documents, skipped: read.skipped },
      { parameters: DEFAULT_PARAMETERS, embedding, session },
    );
    const topics = result.topics.filter((t) => t.id >= 0).length;
    console.log(`## Incremental updates (bench/updates.ts): ${folder}, ${read.documents.length} documents, ${topics} topics, model ${embedding.model}`);
    console.log(`full run ${((performance.now() - started) / 1000).toFixed(2)} s`);
    const files = [...new Set(read.documents.map((d) => d.path))];
    for (let u = 0; u < Number(values.updates); u++) {
      // Files spread over the tree, each copied under a new name.
      const source = files[Math.floor(((u + 0.5) * files.length) / Number(values.updates))];
      const added = `topic-lens-bench-added/${u}-${path.basename(source)}`;
      const documents = read.documents
        .filter((d) => d.path === source)
        .map((d) => ({ ...d, path: added, text: d.text.replace(/(\S+\s+){6}\S+\s*/g, (run) => run.replace(/\S+\s*$/, '')) }));
      const cpu = process.cpuUsage();
      const at = performance.now();
      const updated = await updateFiles(session.lastCorpus!, { paths: [added], documents, skipped: [] }, { embedding, session });
      const used = process.cpuUsage(cpu);
      console.log(
        `update ${u + 1} (${updated.incremental.added} sections added): ${((performance.now() - at) / 1000).toFixed(2)} s, ` +
          `CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`,
      );
    }
  } finally {
    await session.dispose();
    rmSync(cache, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
