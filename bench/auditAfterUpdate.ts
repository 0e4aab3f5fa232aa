/**
 * How long the editor waits for topics and for findings, now that the audit is a task of its own on the kept
 * worker: a full run, then its audit; an update of one changed file, then its audit. Before the audit was split
 * off, the topics of each waited for both (the sum). Times in the same run, on a folder of documentation:
 *
 *   node --import tsx bench/auditAfterUpdate.ts <folder>      (after npm run build)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as vscode from 'vscode';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { DEFAULT_PARAMETERS, sourceOfPath } from '../src/core/result';
import { KeptWorker, runInWorker } from '../src/extension/workerHost';
import type { FileBytes, WorkerTask } from '../src/protocol/worker';

const never: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
const launch = { script: path.resolve(__dirname, '../dist/worker.js') };
const TEXT = /\.(md|rst|txt|adoc)$/;

function filesOf(root: string): FileBytes[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && TEXT.test(entry.name))
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { path: path.relative(root, full).split(path.sep).join('/'), bytes: readFileSync(full) };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2] ?? '.');
  const files = filesOf(root);
  if (files.length === 0) throw new Error(`no documentation files under ${root}`);
  const keeper = new KeptWorker();
  const embedding = { backend: 'local' as const, model: BUNDLED_MODEL, allowRemoteModels: false };
  const timed = async <T extends WorkerTask>(task: T) => {
    const started = performance.now();
    const outcome = await runInWorker(launch, task, never, {}, { keeper, take: true, keep: true });
    if (outcome.kind !== 'done') throw new Error(`${task.type} ended with ${outcome.kind}`);
    return { reply: outcome.reply, seconds: (performance.now() - started) / 1000 };
  };
  try {
    const detect = await timed({
      type: 'detect',
      source: sourceOfPath(root),
      files,
      skipped: [],
      maxFileBytes: 1 << 24,
      options: { parameters: DEFAULT_PARAMETERS, embedding },
    });
    const fullAudit = await timed({ type: 'audit', resultId: detect.reply.resultId, options: {} });
    const changed = files[Math.floor(files.length / 2)];
    const edited = { path: changed.path, bytes: Buffer.concat([changed.bytes, Buffer.from('\n\nOne more paragraph, written in the editor.\n')]) };
    const update = await timed({
      type: 'update',
      base: { kind: 'kept', resultId: detect.reply.resultId, changes: { files: [edited], removed: [], skipped: [] } },
      maxFileBytes: 1 << 24,
      embedding,
    });
    if (update.reply.type !== 'updated') throw new Error('the update did not find its result');
    const updateAudit = await timed({ type: 'audit', resultId: update.reply.resultId, options: {} });
    const line = (what: string, topics: number, audit: number) =>
      `${what}: topics after ${topics.toFixed(2)} s, findings ${audit.toFixed(2)} s later (both in one task: ${(topics + audit).toFixed(2)} s)`;
    console.log(`\n## Topics first, findings after (bench/auditAfterUpdate.ts) on ${files.length} files of ${root}`);
    console.log(line('full run', detect.seconds, fullAudit.seconds));
    console.log(line(`update of ${changed.path}`, update.seconds, updateAudit.seconds));
  } finally {
    keeper.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
