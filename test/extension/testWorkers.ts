/**
 * Worker scripts for the `RunOptions.workerScript` test seam. Each one runs the real `dist/worker.js` and acts
 * once the pipeline reports its UMAP stage, i.e. truly mid-run: it tells the test (over a BroadcastChannel,
 * which reaches every thread of the extension host), throws an uncaught error, exits the thread, or allocates
 * up to HOARD_MB on the JS heap at once. A `signal`
 * worker also tells the test when the real worker acknowledges a cancel itself (rather than being terminated).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import * as vscode from 'vscode';
import { readSuiteControl } from './control';
import { EXTENSION_ID } from './helpers';

export type MidRunAction = 'signal' | 'throw' | 'exit' | 'allocate';

export const MID_RUN_CHANNEL = 'topic-lens-test-mid-run';
export const SIMULATED_CRASH = 'Simulated crash of the topic worker (test)';
export const SIMULATED_EXIT_CODE = 7;
/** What an `allocate` worker holds at most: far above a test's heap limit, far below the default one. */
const HOARD_MB = 256;

/** What a `signal` worker broadcasts: it reached UMAP; the real worker answered a cancel with `cancelled`. */
type MidRunEvent = 'umap' | 'cancelled';

const ACTIONS: Readonly<Record<MidRunAction, string>> = {
  signal: `channel.postMessage('umap');`,
  throw: `setImmediate(() => { throw new Error(${JSON.stringify(SIMULATED_CRASH)}); });`,
  exit: `process.exit(${SIMULATED_EXIT_CODE});`,
  // Live arrays of doubles on the JS heap (typed arrays would live outside it), a megabyte each, right there inside
  // the pipeline's own call: however little the run needs and however few turns its event loop takes, a heap limit
  // below HOARD_MB stops the thread; without one (limits ignored) the run goes on and ends 'completed'.
  allocate: `const hoard = []; while (hoard.length < ${HOARD_MB}) hoard.push(new Array(131072).fill(hoard.length + 0.5));`,
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

export const FETCH_CHANNEL = 'topic-lens-test-fetches';

/** What a fetch-recording worker broadcasts: that it started, each URL it fetches, and that it answered its task. */
type FetchEvent = { readonly kind: 'start' } | { readonly kind: 'fetch'; readonly url: string } | { readonly kind: 'end' };

/**
 * Writes a worker script that runs the real one with `fetch` recorded: every URL the worker thread fetches (a
 * model download would) is broadcast on FETCH_CHANNEL before the request goes out, and so is its final answer.
 */
export function fetchRecordingWorker(): vscode.Uri {
  const script = path.join(path.dirname(readSuiteControl().resultsFile), 'recording-fetches.js');
  writeFileSync(
    script,
    `const { parentPort, BroadcastChannel } = require('node:worker_threads');
const channel = new BroadcastChannel(${JSON.stringify(FETCH_CHANNEL)});
channel.unref();
channel.postMessage({ kind: 'start' });
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  channel.postMessage({ kind: 'fetch', url: String(input instanceof Request ? input.url : input) });
  return realFetch(input, init);
};
const postToHost = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (message) => {
  if (['done', 'error', 'cancelled'].includes(message.type)) channel.postMessage({ kind: 'end' });
  postToHost(message);
};
require(${JSON.stringify(realWorkerPath())});
`,
  );
  return vscode.Uri.file(script);
}

export interface FetchRecording {
  /** Resolves with every URL fetched, once each worker that started has answered (its messages are all in). */
  settled(): Promise<readonly string[]>;
  close(): void;
}

/** Listens to fetch-recording workers. */
export function recordFetches(): FetchRecording {
  const channel = new BroadcastChannel(FETCH_CHANNEL);
  const urls: string[] = [];
  let started = 0;
  let ended = 0;
  let check = () => undefined as void;
  channel.onmessage = (message) => {
    const event = (message as { readonly data: FetchEvent }).data;
    if (event.kind === 'start') started++;
    else if (event.kind === 'end') ended++;
    else urls.push(event.url);
    check();
  };
  return {
    settled: () =>
      new Promise((resolve) => {
        check = () => {
          if (started > 0 && ended === started) resolve(urls);
        };
        check();
      }),
    close: () => channel.close(),
  };
}
