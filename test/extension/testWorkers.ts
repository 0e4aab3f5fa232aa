/**
 * Worker scripts for the `RunOptions.workerScript` test seam. Each one runs the real `dist/worker.js` and acts
 * once the pipeline reports its UMAP stage, i.e. truly mid-run: it tells the test (over a BroadcastChannel,
 * which reaches every thread of the extension host), throws an uncaught error, or exits the thread. A `signal`
 * worker also tells the test when the real worker acknowledges a cancel itself (rather than being terminated).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import * as vscode from 'vscode';
import { readSuiteControl } from './control';
import { EXTENSION_ID } from './helpers';

export type MidRunAction = 'signal' | 'throw' | 'exit';

export const MID_RUN_CHANNEL = 'topic-lens-test-mid-run';
export const SIMULATED_CRASH = 'Simulated crash of the topic worker (test)';
export const SIMULATED_EXIT_CODE = 7;

/** What a `signal` worker broadcasts: it reached UMAP; the real worker answered a cancel with `cancelled`. */
type MidRunEvent = 'umap' | 'cancelled';

const ACTIONS: Readonly<Record<MidRunAction, string>> = {
  signal: `channel.postMessage('umap');`,
  throw: `setImmediate(() => { throw new Error(${JSON.stringify(SIMULATED_CRASH)}); });`,
  exit: `process.exit(${SIMULATED_EXIT_CODE});`,
};

function realWorkerPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return path.join(extension.extensionPath, 'dist', 'worker.js');
}

/**
 * Writes a worker script that wraps the real one and performs `action` at the start of UMAP. It goes next to
 * the runner's control files, which the runner deletes afterwards.
 */
export function midRunWorker(action: MidRunAction): vscode.Uri {
  const script = path.join(path.dirname(readSuiteControl().resultsFile), `${action}-at-umap.js`);
  writeFileSync(
    script,
    `const { parentPort, BroadcastChannel } = require('node:worker_threads');
const channel = new BroadcastChannel(${JSON.stringify(MID_RUN_CHANNEL)});
channel.unref();
const postToHost = parentPort.postMessage.bind(parentPort);
let acted = false;
parentPort.postMessage = (message) => {
  if (message.type === 'cancelled') channel.postMessage('cancelled');
  postToHost(message);
  if (!acted && message.type === 'progress' && message.event.stage === 'umap') {
    acted = true;
    ${ACTIONS[action]}
  }
};
require(${JSON.stringify(realWorkerPath())});
`,
  );
  return vscode.Uri.file(script);
}

export interface MidRunSignal {
  /** Resolves the first time a `signal` worker reaches UMAP. */
  readonly reached: Promise<void>;
  /** Resolves when the real worker inside answers a cancel itself. */
  readonly acknowledgedCancel: Promise<void>;
  close(): void;
}

export function nextMidRunSignal(): MidRunSignal {
  const channel = new BroadcastChannel(MID_RUN_CHANNEL);
  const events = new Map<MidRunEvent, () => void>();
  const on = (event: MidRunEvent) => new Promise<void>((resolve) => events.set(event, resolve));
  const reached = on('umap');
  const acknowledgedCancel = on('cancelled');
  channel.onmessage = (message) => events.get((message as { readonly data: MidRunEvent }).data)?.();
  return { reached, acknowledgedCancel, close: () => channel.close() };
}
