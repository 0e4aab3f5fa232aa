/**
 * The pipeline worker (`dist/worker.js`, a `worker_threads` thread started by the extension host for a task, and
 * possibly kept for later updates). A thin dispatcher: it turns the host's files into documents and hands each
 * task to the core. It speaks only `src/protocol/worker.ts` and never imports `vscode`: a cancel message aborts
 * the running task through an AbortController, and every failure is reported with the stage it happened in.
 */
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { CancelledError, type ProgressEvent, type RunControl } from '../core/control';
import { createEmbedder } from '../core/embedding/createEmbedder';
import { ModelNotAvailableOfflineError } from '../core/embedding/transformersEmbedder';
import { reauditTopics } from '../core/audit/audit';
import { runPipeline, type PipelineIntermediates } from '../core/pipeline/fullRun';
import { mergeTopics } from '../core/pipeline/merge';
import { PipelineSession } from '../core/pipeline/session';
import { updateFiles, updateIncrementally } from '../core/pipeline/update';
import { packResult, resultDelta, transferList, unpackResult, type PackedDocuments } from '../core/packedResult';
import type { AuditEmbeddings } from '../core/audit/audit';
import type { TopicLensResult } from '../core/result';
import type { FailureStage, HostToWorker, TaskReplies, WorkerTask, WorkerToHost } from '../protocol/worker';
import { auditKept, withoutAudit } from './audit';
import { splitFiles } from './splitFiles';

if (!parentPort) throw new Error('worker.js must be started as a worker thread.');
const port = parentPort;
const post = (message: WorkerToHost, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** Progress is throttled: the notification cannot show more, and each message costs a structured clone. */
const PROGRESS_INTERVAL_MS = 100;

let running: AbortController | undefined;
/**
 * The host may keep this worker after a full run or an update: the next update reuses the model, the word counts
 * and the last result with its documents' texts and embeddings, which the host names by `keptId`.
 */
const session = new PipelineSession();
let keptId: string | undefined;
/** The full run's embeddings and kNN graph, for the audit of its result (an update's audit searches afresh). */
let fullRunEvidence: { readonly result: TopicLensResult; readonly embeddings: AuditEmbeddings } | undefined;
let lastProgress: ProgressEvent | undefined;

type Handlers = { readonly [K in WorkerTask['type']]: (task: Extract<WorkerTask, { type: K }>, control: RunControl) => Promise<TaskReplies[K]> };

const handlers: Handlers = {
  async detect(task, control) {
    const { documents, skipped } = splitFiles(task.files, task.options.parameters.unit, task.maxFileBytes);
    const input = { kind: 'documents', source: task.source, documents, skipped: [...task.skipped, ...skipped] } as const;
    const { parameters, embedding, threads } = task.options;
    fullRunEvidence = undefined;
    let evidence: AuditEmbeddings | undefined;
    const onIntermediates = ({ rows, embeddings, neighbours }: PipelineIntermediates) => (evidence = { rows, matrix: embeddings, neighbours });
    const result = await runPipeline(input, { parameters, embedding, threads, session, onIntermediates }, control);
    if (evidence && session.kept(result, embedding)) fullRunEvidence = { result, embeddings: evidence };
    return { type: 'detected', result: packResult(result), resultId: (keptId = randomUUID()) };
  },
  async update(task, control) {
    const { base, embedding, threads } = task;
    if (base.kind === 'kept') {
      const previous = keptId === base.resultId ? session.lastResult : undefined;
      const kept = previous && session.kept(previous, embedding);
      if (!kept) return { type: 'notKept' };
      const { documents, skipped } = splitFiles(base.changes.files, kept.result.parameters.unit, task.maxFileBytes);
      const reported = [...base.changes.files.map((f) => f.path), ...base.changes.skipped.map((s) => s.path), ...base.changes.removed];
      const changes = { paths: reported, documents, skipped: [...base.changes.skipped, ...skipped] };
      return updated(previous, await updateFiles(kept, changes, { embedding, threads, session }, control));
    }
    const previous = unpackResult(base.previous);
    const { documents, skipped } = splitFiles(base.files, previous.parameters.unit, task.maxFileBytes);
    return updated(previous, await updateIncrementally({ previous, documents, skipped: [...base.skipped, ...skipped], embedding, threads, session }, control));
  },
  async audit(task, control) {
    const corpus = keptId === task.resultId ? session.lastCorpus : undefined;
    if (!corpus) return { type: 'notKept' };
    const evidence = fullRunEvidence?.result === corpus.result ? fullRunEvidence.embeddings : undefined;
    const audited = await auditKept(session, corpus, task.options, control, evidence);
    // The graph served its one audit; the next audit is of an update, whose documents it does not describe.
    fullRunEvidence = undefined;
    return { type: 'audited', audit: audited.audit ?? null, resultId: task.resultId };
  },
  async merge(task, control) {
    const { documents } = splitFiles(task.files, task.result.meta.parameters.unit, Number.MAX_SAFE_INTEGER);
    const model = task.embedding && { embedding: task.embedding, threads: task.threads };
    const merged = await mergeTopics(unpackResult(task.result), documents, task.topics, control, session, model);
    // Near-duplicates, boilerplate and broken links stay; the findings about topics are derived again.
    const { audit } = merged.result;
    const result = audit ? { ...merged.result, audit: reauditTopics(merged.result, audit, merged.newIds) } : merged.result;
    return { type: 'merged', result: packResult(result), newIds: [...merged.newIds] };
  },
  async downloadModel(task) {
    const embedder = await createEmbedder(
      { backend: 'local', model: task.model, allowRemoteModels: true, modelCacheDir: task.cacheDir },
      { onDownloadProgress: ({ file, loaded, total }) => post({ type: 'downloadProgress', file, loaded, total }) },
    );
    await embedder.dispose();
    return { type: 'modelReady', model: task.model };
  },
};

/**
 * What the host gets of an update: the files whose documents changed, and the new topics. The previous findings
 * are dropped (some describe files that changed; the host asks for a fresh audit once the topics are shown), and
 * the session keeps the result as the host will hold it.
 */
function updated(previous: TopicLensResult, result: TopicLensResult): Extract<TaskReplies['update'], { type: 'updated' }> {
  fullRunEvidence = undefined;
  const current = result.audit ? withoutAudit(result) : result;
  const kept = session.lastResult === result ? session.lastCorpus : undefined;
  if (kept && current !== result) session.keep({ ...kept, result: current });
  return { type: 'updated', delta: resultDelta(previous, current), resultId: (keptId = randomUUID()) };
}

/** The packed columns of a reply travel transferred (no copy): the worker keeps its results as objects. */
function transfers(reply: TaskReplies[WorkerTask['type']]): ArrayBuffer[] {
  const documents: PackedDocuments | undefined = 'result' in reply ? reply.result.documents : 'delta' in reply ? reply.delta.documents : undefined;
  return documents ? transferList(documents) : [];
}

port.on('message', (message: HostToWorker) => {
  if (message.type === 'cancel') {
    running?.abort();
    return;
  }
  void runTask(message);
});

function progressReporter(): RunControl['onProgress'] {
  let lastPost = 0;
  let lastStage: ProgressEvent['stage'] | undefined;
  return (event) => {
    lastProgress = event;
    const now = Date.now();
    if (event.stage === lastStage && event.done < event.total && now - lastPost < PROGRESS_INTERVAL_MS) return;
    lastStage = event.stage;
    lastPost = now;
    post({ type: 'progress', event });
  };
}

async function runTask(task: WorkerTask): Promise<void> {
  const controller = new AbortController();
  running = controller;
  lastProgress = undefined;
  const control: RunControl = { signal: controller.signal, onProgress: progressReporter(), onNotice: (message) => post({ type: 'log', message }) };
  try {
    const handler = handlers[task.type] as (task: WorkerTask, control: RunControl) => Promise<TaskReplies[WorkerTask['type']]>;
    const reply = await handler(task, control);
    post({ type: 'done', reply }, transfers(reply));
  } catch (error) {
    if (error instanceof CancelledError || controller.signal.aborted) {
      post({ type: 'cancelled' });
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', stage: failureStage(task, err), message: err.message, stack: err.stack });
  } finally {
    if (running === controller) running = undefined;
  }
}

/**
 * The model is loaded between the end of 'read' and the start of 'embed', so a failure there (or one the
 * embedder names) is a model failure: the host then falls back to the bundled model.
 */
function failureStage(task: WorkerTask, error: Error): FailureStage | null {
  if (task.type === 'downloadModel' || error instanceof ModelNotAvailableOfflineError) return 'model';
  if (task.type === 'merge') return 'merge';
  if (lastProgress?.stage === 'read' && lastProgress.done >= lastProgress.total) return 'model';
  return lastProgress?.stage ?? null;
}
