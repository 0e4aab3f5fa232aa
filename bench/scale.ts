/**
 * One point of the scale series, in its own process so that its peak RSS is its own:
 * `node dist/benchScale.js <size>` (bundled by `npm run build`, as the CLI is) prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { DEFAULT_PARAMETERS } from '../src/core/result';
import { auditRun, auditStageSeconds } from '../test/support/auditRun';
import { readNewsgroups, scaledCorpus } from './corpus';

async function main(): Promise<void> {
  const size = Number(process.argv[2]);
  const documents = scaledCorpus(await readNewsgroups(), size);
  const cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-scale-'));
  try {
    // The audit runs after the pipeline, on its embeddings and kNN graph, as `topic-lens audit` runs it.
    const { result, report, pipelineSeconds, auditSeconds, pipelinePeakRssMb } = await auditRun(
      { kind: 'documents', source: `20ng×${size}`, documents, skipped: [] },
      { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache },
      { ...DEFAULT_PARAMETERS, unit: 'file' },
    );
    const stages = Object.fromEntries(result.timings.map((t) => [t.stage, t.seconds]));
    console.log(
      JSON.stringify({
        size,
        seconds: pipelineSeconds,
        afterEmbedding: ['umap', 'cluster', 'represent', 'map'].reduce((sum, s) => sum + (stages[s] ?? 0), 0),
        stages,
        peakRssMb: pipelinePeakRssMb,
        auditSeconds,
        auditStages: auditStageSeconds(report),
        auditPeakRssMb: process.resourceUsage().maxRSS / 1024,
        findings: report.findings.length,
        topics: result.topics.filter((t) => t.id >= 0).length,
      }),
    );
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
