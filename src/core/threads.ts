/**
 * Starting the core's own worker threads (tokenizer threads, the map layout thread). Each worker script is
 * bundled as its own file next to the bundle that starts it (dist/<name>.js); from sources (tests, benchmarks,
 * through tsx) it is the .ts file next to the module that starts it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The script of worker `name` (e.g. "tokenizerWorker"): in `bundleDir` (the starting module's __dirname) as .js or .ts; undefined when neither exists. */
export function workerScript(bundleDir: string, name: string): string | undefined {
  return [`${name}.js`, `${name}.ts`].map((file) => path.join(bundleDir, file)).find((file) => existsSync(file));
}

export function startWorker(script: string, workerData: unknown): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData });
  // Sources run through tsx, and a worker does not inherit its loader: register it first. (Resolved through
  // createRequire so that bundlers leave this development-only path alone.)
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(script)});`, { eval: true, workerData });
}
