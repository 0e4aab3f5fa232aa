/** The pipeline and then the audit over a folder, in this process, as `topic-lens audit` runs them (no git). */
import { runAudit } from '../../src/core/audit/audit';
import type { AuditReport } from '../../src/core/audit/report';
import { CORPUS_MODEL } from '../../src/core/embedding/corpusEmbedder';
import type { EmbeddingOptions } from '../../src/core/embedding/options';
import { runPipeline, type PipelineIntermediates, type PipelineInput } from '../../src/core/pipeline/fullRun';
import { DEFAULT_PARAMETERS, type PipelineParameters, type TopicLensResult } from '../../src/core/result';

export interface AuditRun {
  readonly result: TopicLensResult;
  readonly report: AuditReport;
  readonly pipelineSeconds: number;
  readonly auditSeconds: number;
  /** The process's peak RSS when the pipeline had finished, before the audit (MB). */
  readonly pipelinePeakRssMb: number;
}

/** The audit's seconds per stage, rounded to 0.01 s, for a bench line. */
export function auditStageSeconds(report: AuditReport): Record<string, number> {
  return Object.fromEntries(report.timings.map((t) => [t.stage, Math.round(t.seconds * 100) / 100]));
}

export async function auditRun(
  input: PipelineInput,
  embedding: EmbeddingOptions = { backend: 'local', model: CORPUS_MODEL, allowRemoteModels: false },
  parameters: PipelineParameters = DEFAULT_PARAMETERS,
): Promise<AuditRun> {
  let intermediates: PipelineIntermediates | undefined;
  const started = performance.now();
  const result = await runPipeline(input, { parameters, embedding, onIntermediates: (value) => (intermediates = value) });
  const pipelineSeconds = (performance.now() - started) / 1000;
  const pipelinePeakRssMb = process.resourceUsage().maxRSS / 1024;
  const { documents, rows, embeddings, neighbours } = intermediates!;
  const report = await runAudit({ result, texts: documents.map((d) => d.text), embeddings: { rows, matrix: embeddings, neighbours } });
  return { result, report, pipelineSeconds, auditSeconds: report.seconds, pipelinePeakRssMb };
}
