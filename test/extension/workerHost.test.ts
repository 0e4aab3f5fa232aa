/**
 * The host side of the worker boundary, in plain Node with the real dist/worker.js (built by `npm run build`):
 * a full run's worker is kept for the next incremental update, which then needs only the files that changed, and
 * a kept worker goes away when it fails, dies, idles too long or is cleared.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { seededRandom } from '../../src/core/random';
import { packResult, unpackResult, type PackedResult, type ResultDelta } from '../../src/core/packedResult';
import { DEFAULT_PARAMETERS } from '../../src/core/result';
import type { AuditTask, DetectTask, FileBytes, FileChanges, TaskReplies, UpdateTask } from '../../src/protocol/worker';
import { KeptWorker, runInWorker, withFilesTransferred, type WorkerLaunch } from '../../src/extension/workerHost';
import { tokenSource } from '../support/cancellation';
import { SUBJECTS, subjectText, type Subject } from '../support/corpus';
import { BUNDLED_MODEL } from '../../src/core/embedding/bundledModel';

const launch: WorkerLaunch = { script: path.resolve(__dirname, '../../dist/worker.js') };
const never: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
const embedding = { backend: 'local' as const, model: BUNDLED_MODEL, allowRemoteModels: false };

function corpusFiles(perSubject: number): FileBytes[] {
  const random = seededRandom(11);
  const files: FileBytes[] = [];
  for (const subject of Object.keys(SUBJECTS) as Subject[]) {
    for (let i = 0; i < perSubject; i++)
      files.push({ path: `${subject}/note-${i}.md`, bytes: Buffer.from(`# Note ${i}\n\n${subjectText(subject, random)}\n`) });
  }
  return files;
}

const detectTask = (files: FileBytes[]): DetectTask => ({
  type: 'detect',
  source: 'file:///corpus',
  files,
  skipped: [],
  maxFileBytes: 1 << 20,
  options: { parameters: { ...DEFAULT_PARAMETERS, minTopicSize: 5 }, embedding },
});

/** An update of any result, given every file. */
const updateTask = (previous: PackedResult, files: FileBytes[], model = embedding): UpdateTask => ({
  type: 'update',
  base: { kind: 'all', previous, files, skipped: [] },
  maxFileBytes: 1 << 20,
  embedding: model,
});

/** An update of the result the worker made last, given what changed. */
const keptUpdateTask = (resultId: string, changes: FileChanges): UpdateTask => ({
  type: 'update',
  base: { kind: 'kept', resultId, changes },
  maxFileBytes: 1 << 20,
  embedding,
});

const auditTask = (resultId: string): AuditTask => ({ type: 'audit', resultId, options: {} });

/** A token that is cancelled the first time the task reports progress: truly mid-task. */
function cancelledOnProgress(): { token: vscode.CancellationToken; onProgress: () => void } {
  const { token, cancel } = tokenSource();
  return { token, onProgress: cancel };
}

/** The kept worker, left in the keeper (holding what it held). */
function peek(keeper: KeptWorker): Worker | undefined {
  const held = keeper.heldResult;
  const worker = keeper.take(launch);
  if (worker) keeper.keep(worker, launch, held);
  return worker;
}

function updatedReply(outcome: Awaited<ReturnType<typeof runInWorker<UpdateTask>>>): Extract<TaskReplies['update'], { type: 'updated' }> {
  assert.equal(outcome.kind, 'done');
  assert.equal(outcome.reply.type, 'updated');
  return outcome.reply;
}

/** A delta without the times it took (the rest must be equal bit for bit). */
const timeless = (delta: ResultDelta) => ({ ...delta, meta: { ...delta.meta, incremental: { ...delta.meta.incremental!, seconds: 0, updatedAt: '' } } });

describe('KeptWorker with the real worker', { skip: existsSync(launch.script) ? false : 'dist/worker.js is missing: run `npm run build` first' }, () => {
  const keeper = new KeptWorker();
  after(() => keeper.dispose());
  const files = corpusFiles(12);
  const added: FileBytes = { path: 'cooking/new.md', bytes: Buffer.from(`# New\n\n${subjectText('cooking', seededRandom(5))}\n`) };
  const edited: FileBytes = { path: 'astronomy/note-3.md', bytes: Buffer.from(`# Note 3\n\n${subjectText('networking', seededRandom(6))}\n`) };
  let full: PackedResult;
  let keptDelta: ResultDelta;

  it('keeps the worker of a full run, and the next update needs only the changed files, runs in that same thread and keeps it again', async () => {
    const outcome = await runInWorker(launch, detectTask(files), never, {}, { keeper, keep: true });
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.reply.type, 'detected');
    full = outcome.reply.result;
    const kept = peek(keeper);
    assert.ok(kept, 'the full run left its worker');
    assert.ok(keeper.holds(outcome.reply.resultId), 'the kept worker holds the result it made');

    const changes: FileChanges = { files: [added, edited], removed: ['networking/note-0.md'], skipped: [] };
    const reply = updatedReply(await runInWorker(launch, keptUpdateTask(outcome.reply.resultId, changes), never, {}, { keeper, take: true, keep: true }));
    keptDelta = reply.delta;
    const { added: addedCount, changed, removed } = reply.delta.meta.incremental!;
    assert.deepEqual([addedCount, changed, removed], [1, 1, 1]);
    assert.deepEqual(reply.delta.files, ['astronomy/note-3.md', 'cooking/new.md', 'networking/note-0.md']);
    assert.equal(peek(keeper), kept, 'the same thread served the update and is kept again');
    assert.ok(keeper.holds(reply.resultId), 'the kept worker holds the updated result');
  });

  it('detect and update answer without findings; the audit is a task of its own on the kept worker, for the result it holds', async () => {
    assert.equal(unpackResult(full).audit, undefined, 'the full run answers with its topics only');
    assert.equal(keptDelta.meta.audit, undefined, 'the update answers with its topics only');
    const held = keeper.heldResult;
    assert.ok(held);
    const kept = peek(keeper);
    const outcome = await runInWorker(launch, auditTask(held), never, {}, { keeper, take: true, keep: true, keepAfterCancel: held });
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.reply.type, 'audited');
    assert.equal(outcome.reply.resultId, held, 'the reply names the result it audited');
    assert.ok(outcome.reply.audit, 'the audit has a report');
    assert.equal(outcome.reply.audit.findings.length > 0 || outcome.reply.audit.notes.length > 0, true);
    assert.equal(peek(keeper), kept, 'the same thread audited and is kept');
    assert.ok(keeper.holds(held), 'still holding the audited result');

    // The next update drops the findings (some are about the file that changed) but its topics are fresh.
    const rewritten: FileBytes = { path: 'cooking/note-1.md', bytes: Buffer.from(`# Note 1\n\n${subjectText('astronomy', seededRandom(8))}\n`) };
    const reply = updatedReply(
      await runInWorker(launch, keptUpdateTask(held, { files: [rewritten], removed: [], skipped: [] }), never, {}, { keeper, take: true, keep: true }),
    );
    assert.deepEqual(reply.delta.files, [rewritten.path]);
    assert.equal(reply.delta.meta.incremental?.changed, 1);
    assert.equal(reply.delta.meta.audit, undefined, 'no findings of the state before the update');

    // An audit asked for the result before the update is answered, not run: the host drops it as stale.
    const stale = await runInWorker(launch, auditTask(held), never, {}, { keeper, take: true, keep: true, keepAfterCancel: held });
    assert.equal(stale.kind, 'done');
    assert.equal(stale.reply.type, 'notKept');
  });

  it('a cancelled audit leaves the kept worker holding its result, and the next audit of it completes', async () => {
    const fresh = new KeptWorker();
    try {
      const detected = await runInWorker(launch, detectTask(files), never, {}, { keeper: fresh, keep: true });
      assert.equal(detected.kind, 'done');
      const { resultId } = detected.reply;
      const kept = peek(fresh);
      const cancelling = cancelledOnProgress();
      const reuse = { keeper: fresh, take: true, keep: true, keepAfterCancel: resultId };
      const cancelled = await runInWorker(launch, auditTask(resultId), cancelling.token, { onProgress: cancelling.onProgress }, reuse);
      assert.equal(cancelled.kind, 'cancelled');
      assert.equal(peek(fresh), kept, 'the worker that acknowledged the cancel is kept');
      assert.ok(fresh.holds(resultId), 'holding the result it held before');
      const audited = await runInWorker(launch, auditTask(resultId), never, {}, reuse);
      assert.equal(audited.kind, 'done');
      assert.equal(audited.reply.type, 'audited');
    } finally {
      fresh.dispose();
    }
  });

  it('an update given every file gives the same delta as one given only the changed files', async () => {
    const current = [...files.filter((f) => f.path !== 'networking/note-0.md' && f.path !== edited.path), edited, added];
    const fresh = new KeptWorker();
    try {
      const reply = updatedReply(await runInWorker(launch, updateTask(full, current), never, {}, { keeper: fresh, take: true, keep: true }));
      assert.deepEqual(timeless(reply.delta), timeless(keptDelta));
    } finally {
      fresh.dispose();
    }
  });

  it('a kept update reaching a worker that does not hold its result says so', async () => {
    const fresh = new KeptWorker();
    try {
      const outcome = await runInWorker(
        launch,
        keptUpdateTask('not-this-one', { files: [added], removed: [], skipped: [] }),
        never,
        {},
        { keeper: fresh, take: true, keep: true },
      );
      assert.equal(outcome.kind, 'done');
      assert.equal(outcome.reply.type, 'notKept');
    } finally {
      fresh.dispose();
    }
  });

  it('a task that fails in the kept worker ends it', async () => {
    const kept = peek(keeper)!;
    const exited = once(kept, 'exit');
    const other = unpackResult(full);
    const outcome = await runInWorker(
      launch,
      updateTask(packResult({ ...other, model: { ...other.model, id: 'another-model' } }), files),
      never,
      {},
      { keeper, take: true, keep: true },
    );
    assert.equal(outcome.kind, 'failed');
    await exited;
    assert.equal(keeper.isKeeping, false);
  });

  it('without a kept worker an update starts a fresh one', async () => {
    const outcome = await runInWorker(launch, updateTask(full, files), never, {}, { keeper, take: true, keep: true });
    assert.equal(outcome.kind, 'done');
    assert.ok(keeper.isKeeping);
  });

  it('a kept worker is terminated when cleared, when it idles too long, and forgotten when it dies', async () => {
    const cleared = peek(keeper)!;
    const clearedExit = once(cleared, 'exit');
    keeper.clear();
    await clearedExit;
    assert.equal(keeper.isKeeping, false);

    const shortLived = new KeptWorker(50);
    const outcome = await runInWorker(launch, updateTask(full, files), never, {}, { keeper: shortLived, take: true, keep: true });
    assert.equal(outcome.kind, 'done');
    const idle = peek(shortLived)!;
    await once(idle, 'exit');
    assert.equal(shortLived.isKeeping, false);

    await runInWorker(launch, updateTask(full, files), never, {}, { keeper, take: true, keep: true });
    const dying = peek(keeper)!;
    await dying.terminate();
    assert.equal(keeper.isKeeping, false);
  });

  it('a worker is only handed to tasks of the same script', () => {
    assert.equal(keeper.take({ script: '/elsewhere/worker.js' }), undefined);
  });
});

describe('withFilesTransferred', () => {
  const files: FileBytes[] = [
    { path: 'a.md', bytes: new TextEncoder().encode('# A\n\nalpha') },
    { path: 'b.md', bytes: new Uint8Array(0) },
    // A view into a larger buffer, as readers may return.
    { path: 'c.md', bytes: new Uint8Array(Buffer.from('xx# C\n\ngamma').buffer).subarray(2, 13) },
  ];
  const sameFiles = (moved: readonly FileBytes[]) => {
    assert.deepEqual(
      moved.map((f) => [f.path, Buffer.from(f.bytes).toString()]),
      files.map((f) => [f.path, Buffer.from(f.bytes).toString()]),
    );
  };

  it('moves every file of a task into one transferred buffer, contents and order kept, the caller’s files untouched', () => {
    const task: DetectTask = {
      type: 'detect',
      source: 'file:///x',
      files,
      skipped: [],
      maxFileBytes: 1 << 20,
      options: { parameters: DEFAULT_PARAMETERS, embedding },
    };
    const { message, transfer } = withFilesTransferred(task);
    assert.equal(message.type, 'detect');
    const moved = (message as DetectTask).files;
    sameFiles(moved);
    assert.equal(transfer.length, 1);
    assert.ok(moved.every((f) => f.bytes.buffer === transfer[0]));
    assert.equal(
      transfer[0].byteLength,
      files.reduce((sum, f) => sum + f.bytes.byteLength, 0),
    );
    assert.notEqual(files[0].bytes.buffer, transfer[0]);
  });

  it('moves the files of both kinds of update, and leaves a task without files as it is', () => {
    const kept: UpdateTask = {
      type: 'update',
      maxFileBytes: 1 << 20,
      embedding,
      base: { kind: 'kept', resultId: 'r', changes: { files, removed: [], skipped: [] } },
    };
    const keptMessage = withFilesTransferred(kept).message as UpdateTask;
    assert.equal(keptMessage.base.kind, 'kept');
    if (keptMessage.base.kind === 'kept') sameFiles(keptMessage.base.changes.files);
    const audit: AuditTask = { type: 'audit', resultId: 'r', options: {} };
    assert.deepEqual(withFilesTransferred(audit), { message: audit, transfer: [] });
  });
});
