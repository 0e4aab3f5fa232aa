/** Drives a step-wise computation (a generator) with progress, cancellation and a responsive event loop. */
import { Pacer, throwIfAborted, type RunControl } from '../control';

/** How long synchronous work may run before letting the event loop deliver an abort or a message. */
const SLICE_MS = 40;

/**
 * Runs steps to completion. Each yielded value is the fraction done (0..1), passed to onFraction at most once
 * per time slice; between slices it yields to the event loop and throws CancelledError once aborted.
 */
export async function runSteps<T>(steps: Generator<number, T>, control: RunControl | undefined, onFraction: (fraction: number) => void): Promise<T> {
  throwIfAborted(control?.signal);
  const pacer = new Pacer(control ?? {}, SLICE_MS);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (pacer.due) {
      onFraction(step.value);
      await pacer.pause();
    }
  }
}
