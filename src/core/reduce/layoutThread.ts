/**
 * A second thread for the pipeline's two UMAP layouts (the 5-d one that is clustered, and the 2-d map), so that
 * both cores work the whole time: while this thread computes the 5-d layout's start, the helper computes the map's;
 * then both run the 5-d epochs; then the helper runs the map's epochs while this thread clusters and describes the
 * topics, and this thread joins it when done. Blocked epochs (sgd-kernel.ts) make every coordinate independent of
 * which thread ran what, and when: the same seed gives the same layouts with the helper, without it (one thread
 * asked for, or an unusual build without the worker script) and on a busy machine.
 */
import { throwIfAborted, type RunControl, type StageName } from '../control';
import type { Matrix } from '../matrix';
import { seededRandom } from '../random';
import { startWorker, workerScript } from '../threads';
import type { Knn } from './knn';
import { runSteps } from './run-steps';
import { UmapLayout, type SharedUmapLayout, type UmapOptions } from './umap';

/** The map's options with a seed instead of a generator (a generator cannot cross threads). */
export interface MapLayoutOptions extends Omit<UmapOptions, 'random' | 'knn'> {
  readonly seed: number;
  readonly knn: Knn;
}

export interface LayoutHelperRequest {
  readonly data: Matrix<Float32Array>;
  readonly map: MapLayoutOptions;
}

export type HelperToMain = { readonly type: 'mapReady'; readonly shared: SharedUmapLayout } | { readonly type: 'failed'; readonly message: string };

/** A layout this thread initialised, for the helper to work on first. */
export type MainToHelper = { readonly type: 'share'; readonly shared: SharedUmapLayout };

export interface LayoutHelper {
  /** Runs `layout`'s epochs here and, while it lasts, on the helper; progress in epochs on `stage`. */
  layOut(layout: UmapLayout, stage: StageName, control?: RunControl): Promise<Matrix<Float32Array>>;
  /** The map's coordinates: this thread works on its epochs too until they are all done. */
  map(control?: RunControl): Promise<Matrix<Float32Array>>;
  /** Ends the helper (a failed or cancelled run must not leave it computing). */
  stop(): void;
}

/** Starts the helper, which begins with the map's start (or, with `ownThread` false, a stand-in doing it all here). */
export function startLayoutHelper(data: Matrix<Float32Array>, map: MapLayoutOptions, ownThread = true): LayoutHelper {
  const script = ownThread ? workerScript(__dirname, 'layoutWorker') : undefined;
  if (!script) {
    return {
      layOut: (layout, stage, control) => workHere(layout, stage, control),
      map: async (control) => workHere(await UmapLayout.initialize(data, { ...map, random: seededRandom(map.seed) }, control), 'map', control),
      stop: () => undefined,
    };
  }
  const request: LayoutHelperRequest = { data, map };
  const worker = startWorker(script, request);
  let stopped = false;
  const mapReady = new Promise<SharedUmapLayout>((resolve, reject) => {
    worker.on('message', (reply: HelperToMain) => (reply.type === 'mapReady' ? resolve(reply.shared) : reject(new Error(reply.message))));
    worker.on('error', reject);
    worker.on('exit', () => reject(new Error(stopped ? 'The layout thread was stopped.' : 'The layout thread stopped.')));
  });
  // Nobody may be waiting yet: a failure is delivered by map(), not as an unhandled rejection.
  mapReady.catch(() => undefined);
  return {
    layOut: (layout, stage, control) => {
      worker.postMessage({ type: 'share', shared: layout.shared } satisfies MainToHelper);
      return workHere(layout, stage, control);
    },
    map: async (control) => workHere(UmapLayout.attach(await mapReady), 'map', control),
    stop: () => {
      stopped = true;
      void worker.terminate();
    },
  };
}

/** Works on the layout's epochs on this thread, a block at a time between looks at the event loop, until all are done. */
async function workHere(layout: UmapLayout, stage: StageName, control: RunControl = {}): Promise<Matrix<Float32Array>> {
  throwIfAborted(control.signal);
  await runSteps(blocks(layout), control, () =>
    control.onProgress?.({ stage, done: layout.epochsDone, total: layout.nEpochs, message: 'Optimising the layout' }),
  );
  return layout.embedding();
}

/** One block per step (whichever this thread gets next), until every epoch is done. */
function* blocks(layout: UmapLayout): Generator<number, void> {
  for (;;) {
    let ran = false;
    const done = layout.work(() => {
      const enough = ran;
      ran = true;
      return enough;
    });
    if (done) return;
    yield layout.epochsDone / layout.nEpochs;
  }
}
