/**
 * The documentation audit in the worker, where the texts, the embeddings and the kNN graph of the run are at
 * hand. The folder's git history is read here too (one `git log` pass); a folder that is not a local git work
 * tree just goes without staleness. An audit that fails for any reason but cancellation leaves the topics as
 * they are, without findings, and says why in the log.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAudit, type AuditEmbeddings } from '../core/audit/audit';
import type { AuditOptions } from '../core/audit/finding';
import { readFileHistory, type FileHistory } from '../core/audit/gitHistory';
import type { AuditReport } from '../core/audit/report';
import { CancelledError, type RunControl } from '../core/control';
import { withFileContext } from '../core/embedding/fileContext';
import type { KeptCorpus, PipelineSession } from '../core/pipeline/session';
import { embeddableDocuments } from '../core/pipeline/steps';
import type { TopicLensResult } from '../core/result';

/** The scanned folder on this machine's disk, or undefined when the result's source is not a local folder. */
function localFolder(source: string): string | undefined {
  try {
    return source.startsWith('file:') ? fileURLToPath(source) : undefined;
  } catch {
    return undefined;
  }
}

/** The result without its audit (findings of another state of the folder are not shown as current). */
export function withoutAudit(result: TopicLensResult): TopicLensResult {
  const copy: { -readonly [K in keyof TopicLensResult]?: TopicLensResult[K] } = { ...result };
  delete copy.audit;
  return copy as TopicLensResult;
}

/** The result with its audit (or, when the audit failed, without one); `log` hears why it failed. */
export async function withAudit(
  result: TopicLensResult,
  texts: readonly string[],
  embeddings: AuditEmbeddings,
  options: Partial<AuditOptions>,
  control: RunControl,
): Promise<TopicLensResult> {
  const rest = withoutAudit(result);
  try {
    const root = localFolder(result.source);
    const history: FileHistory =
      root === undefined
        ? { available: false, reason: 'The folder is not on the local file system, so its git history cannot be read.' }
        : await readFileHistory(root, new Set(result.documents.map((d) => d.path)), {}, control);
    const audit: AuditReport = await runAudit(
      {
        result: rest,
        texts,
        embeddings,
        history,
        fileExists: root === undefined ? undefined : (relative) => existsSync(path.join(root, ...relative.split('/'))),
        options,
      },
      control,
    );
    return { ...rest, audit };
  } catch (error) {
    if (error instanceof CancelledError || control.signal?.aborted) throw error;
    control.onNotice?.(`The documentation audit failed, so there are no findings this time: ${error instanceof Error ? error.message : String(error)}`);
    return rest;
  }
}

/**
 * A fresh audit of the session's last result, from the texts and embeddings the session kept (and the kNN graph
 * of the full run that made it, when given: the audit then skips its own neighbour search); the session then
 * keeps the audited result, so the next update finds it.
 */
export async function auditKept(
  session: PipelineSession,
  corpus: KeptCorpus,
  options: Partial<AuditOptions>,
  control: RunControl,
  fullRun?: AuditEmbeddings,
): Promise<TopicLensResult> {
  const embeddings = fullRun ?? keptEmbeddings(corpus);
  const audited = await withAudit(
    corpus.result,
    corpus.documents.map((d) => d.text),
    embeddings,
    options,
    control,
  );
  session.keep({ ...corpus, result: audited });
  return audited;
}

/**
 * The kept embeddings of the documents that have one, in the space their topics were found in (the audit computes
 * their neighbours itself).
 */
function keptEmbeddings(corpus: KeptCorpus): AuditEmbeddings {
  const clustered = withFileContext(
    corpus.embeddings,
    corpus.documents.map((d) => d.path),
    corpus.result.parameters.fileContext,
  );
  const embeddable = embeddableDocuments(clustered);
  return { rows: embeddable.indices, matrix: embeddable.embeddings, neighbours: null };
}
