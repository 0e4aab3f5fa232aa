/**
 * Worker-thread entry of the layout helper (see layoutThread.ts): computes the map's start and hands it over, then
 * works on the epochs of whatever layout is most urgent (the 5-d layout once the main thread shares it, then the
 * map) until the main thread ends it. Bundled as dist/layoutWorker.js; run from sources through tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { yieldToEventLoop } from '../control';
import { seededRandom } from '../random';
import type { HelperToMain, LayoutHelperRequest, MainToHelper } from './layoutThread';
import { UmapLayout } from './umap';

if (!parentPort) throw new Error('layoutWorker must run in a worker thread.');
const port = parentPort;
const post = (message: HelperToMain) => port.postMessage(message);
const { data, map } = workerData as LayoutHelperRequest;

/** How long the helper works before it looks for messages (a layout shared with it). */
const SLICE_MS = 40;

/** Layouts with epochs left, the most urgent first. */
const layouts: UmapLayout[] = [];
let wake: (() => void) | undefined;

port.on('message', (message: MainToHelper) => {
  layouts.unshift(UmapLayout.attach(message.shared));
  wake?.();
});

async function work(): Promise<void> {
  const mapLayout = await UmapLayout.initialize(data, { ...map, random: seededRandom(map.seed) });
  post({ type: 'mapReady', shared: mapLayout.shared });
  layouts.push(mapLayout);
  for (;;) {
    const layout = layouts.find((l) => l.epochsDone < l.nEpochs);
    if (!layout) {
      // Nothing left until the main thread shares something (or ends this thread).
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    const sliceEnd = performance.now() + SLICE_MS;
    layout.work(() => performance.now() >= sliceEnd);
    await yieldToEventLoop();
  }
}

work().catch((error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
