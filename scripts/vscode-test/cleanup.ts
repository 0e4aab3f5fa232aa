/**
 * Stops what the harness started even when a run fails or is interrupted (Ctrl+C, SIGTERM from CI).
 * Each resource registers an async stop and a synchronous last resort for `process.on('exit')`.
 */

interface Cleanup {
  readonly stop: () => Promise<void>;
  /** Runs in the 'exit' handler, where nothing async can happen (e.g. kill a process group). */
  readonly stopNow: () => void;
}

const pending = new Set<Cleanup>();
let signalsHooked = false;

async function stopAllAndExit(signal: NodeJS.Signals): Promise<void> {
  console.error(`\n${signal}: stopping code-server and Chromium…`);
  await Promise.allSettled([...pending].map((cleanup) => cleanup.stop()));
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  process.once('SIGINT', (signal) => void stopAllAndExit(signal));
  process.once('SIGTERM', (signal) => void stopAllAndExit(signal));
  process.on('exit', () => {
    for (const cleanup of pending) cleanup.stopNow();
  });
}

/** Registers a resource; returns an idempotent `stop` that also unregisters it. */
export function registerCleanup(stop: () => Promise<void>, stopNow: () => void): () => Promise<void> {
  hookSignals();
  let stopping: Promise<void> | undefined;
  const cleanup: Cleanup = {
    stop: () => {
      stopping ??= stop().finally(() => pending.delete(cleanup));
      return stopping;
    },
    stopNow,
  };
  pending.add(cleanup);
  return cleanup.stop;
}
