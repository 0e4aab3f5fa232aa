/**
 * The audit's cost against the pipeline's, measured in the same process right after it (so both see the same
 * load on a shared machine): `npm run bench:audit -- [--newsgroups] [--tree FOLDER]…` (default: 20 Newsgroups,
 * one file per post, bundled model), which runs this file bundled as dist/benchAudit.js: the code `topic-lens audit`
 * runs. Trees are read as `topic-lens audit` reads them (sections, the default `corpus` model, no git). Each
 * corpus runs in its own process, so that its peak RSS is its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { CORPUS_MODEL } from '../src/core/embedding/corpusEmbedder';
import { DEFAULT_PARAMETERS } from '../src/core/result';
import { auditRun, auditStageSeconds } from '../test/support/auditRun';
import { NEWSGROUPS, readNewsgroups } from './corpus';

const { values } = parseArgs({
  options: { newsgroups: { type: 'boolean' }, tree: { type: 'string', multiple: true }, one: { type: 'string' } },
});

/** One corpus ('newsgroups' or a folder): prints one JSON line. */
async function measure(target: string): Promise<void> {
  const cache = mkdtempSync(path.join(tmpdir(), 'topic-lens-audit-bench-'));
  try {
    const run =
      target === 'newsgroups'
        ? await auditRun(
            { kind: 'documents', source: 'file:///20newsgroups', documents: await readNewsgroups(), skipped: [] },
            { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false, embeddingCacheDir: cache },
            { ...DEFAULT_PARAMETERS, unit: 'file' },
          )
        : await auditRun({ kind: 'folder', root: target }, { backend: 'local', model: CORPUS_MODEL, allowRemoteModels: false, embeddingCacheDir: cache });
    console.log(
      JSON.stringify({
        documents: run.result.documents.length,
        pipelineSeconds: run.pipelineSeconds,
        auditSeconds: run.auditSeconds,
        auditStages: auditStageSeconds(run.report),
        pipelinePeakRssMb: run.pipelinePeakRssMb,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        findings: run.report.findings.length,
      }),
    );
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

function main(): void {
  const targets = [...(values.newsgroups || !values.tree ? ['newsgroups'] : []), ...(values.tree ?? []).map((t) => path.resolve(t))];
  console.log(['corpus', 'documents', 'pipeline s', 'audit s', 'audit/pipeline', 'peak RSS MB (pipeline → with audit)', 'audit stages s'].join(' | '));
  for (const target of targets) {
    // The same way this process runs (bundled, or sources through tsx's loader).
    const output = execFileSync(process.execPath, [...process.execArgv, __filename, '--one', target], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const point = JSON.parse(output.trim().split('\n').pop()!);
    const name = target === 'newsgroups' ? path.basename(NEWSGROUPS) : target;
    console.log(
      [
        name,
        point.documents,
        point.pipelineSeconds.toFixed(1),
        point.auditSeconds.toFixed(1),
        (point.auditSeconds / point.pipelineSeconds).toFixed(3),
        `${Math.round(point.pipelinePeakRssMb)} → ${Math.round(point.peakRssMb)}`,
        JSON.stringify(point.auditStages),
      ].join(' | '),
    );
  }
}

if (values.one) {
  measure(values.one).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else main();
