/**
 * The host side of the worker boundary, in plain Node with the real dist/worker.js (built by `npm run build`):
 * a full run's worker is kept for the next incremental update, and a kept worker goes away when it fails, dies,
 * idles too long or is cleared.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { seededRandom } from '../../src/core/random';
import { DEFAULT_PARAMETERS, type TopicLensResult } from '../../src/core/result';
import type { DetectTask, FileBytes, UpdateTask } from '../../src/protocol/worker';
import { KeptWorker, runInWorker, type WorkerLaunch } from '../../src/extension/workerHost';
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

const updateTask = (previous: TopicLensResult, files: FileBytes[], model = embedding): UpdateTask => ({
  type: 'update',
  previous,
  files,
  skipped: [],
  maxFileBytes: 1 << 20,
  embedding: model,
});

/** The kept worker, left in the keeper. */
function peek(keeper: KeptWorker): Worker | undefined {
  const worker = keeper.take(launch);
  if (worker) keeper.keep(worker, launch);
  return worker;
}

describe('KeptWorker with the real worker', { skip: existsSync(launch.script) ? false : 'dist/worker.js is missing: run `npm run build` first' }, () => {
  const keeper = new KeptWorker();
  after(() => keeper.dispose());
  const files = corpusFiles(12);
  let full: TopicLensResult;

  it('keeps the worker of a full run, and the next update runs in that same thread and keeps it again', async () => {
    const outcome = await runInWorker(launch, detectTask(files), never, {}, { keeper, keep: true });
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.reply.type, 'detected');
    full = outcome.reply.result;
    const kept = peek(keeper);
    assert.ok(kept, 'the full run left its worker');

    const changed = [...files, { path: 'cooking/new.md', bytes: Buffer.from(`# New\n\n${subjectText('cooking', seededRandom(5))}\n`) }];
    const updated = await runInWorker(launch, updateTask(full, changed), never, {}, { keeper, take: true, keep: true });
    assert.equal(updated.kind, 'done');
    assert.equal(updated.reply.type, 'updated');
    assert.equal(updated.reply.result.incremental.added, 1);
    assert.equal(peek(keeper), kept, 'the same thread served the update and is kept again');
  });

  it('a task that fails in the kept worker ends it', async () => {
    const kept = peek(keeper)!;
    const exited = once(kept, 'exit');
    const outcome = await runInWorker(
      launch,
      updateTask({ ...full, model: { ...full.model, id: 'another-model' } }, files),
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
