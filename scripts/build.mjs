// Bundles every entry point with esbuild and builds the bundled embedding model.
// Usage: node scripts/build.mjs [--watch] [--no-model]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.env.NODE_ENV === 'production';

/** Node-side bundles: onnxruntime-node is a native addon and must stay a real module on disk. */
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/worker/worker.ts', out: 'worker' },
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/core/embedding/tokenizerWorker.ts', out: 'tokenizerWorker' },
  { in: 'src/core/reduce/layoutWorker.ts', out: 'layoutWorker' },
  { in: 'src/core/embedding/blockWorker.ts', out: 'blockWorker' },
  { in: 'src/core/audit/auditWorker.ts', out: 'auditWorker' },
  { in: 'test/extension/suite.ts', out: 'test/suite' },
  { in: 'bench/editor/probe.ts', out: 'bench/editorProbe' },
  // The audit benchmarks measure the bundled code the CLI runs (beside the worker scripts they start), not sources
  // through tsx, whose per-module export getters cost the audit's hot loops ~15 %.
  { in: 'bench/audit.ts', out: 'benchAudit' },
  { in: 'bench/scale.ts', out: 'benchScale' },
].filter((entry) => existsSync(entry.in));

const webEntries = [
  { in: 'webview/map/main.ts', out: 'webview/map' },
  { in: 'webview/standalone/main.ts', out: 'webview/standalone' },
].filter((entry) => existsSync(entry.in));

/** transformers.js loads sharp (images) at start-up; Topic Lens embeds text only, so it gets a stub. */
const noSharp = {
  name: 'no-sharp',
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: 'sharp', namespace: 'no-sharp' }));
    build.onLoad({ filter: /.*/, namespace: 'no-sharp' }, () => ({
      loader: 'js',
      contents: "module.exports = function sharp() { throw new Error('Topic Lens does not process images (sharp is not bundled).'); };",
    }));
  },
};

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'linked' };

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'onnxruntime-node', 'mocha'],
    plugins: [noSharp],
    mainFields: ['module', 'main'],
  }),
  await esbuild.context({
    ...common,
    entryPoints: webEntries,
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  }),
];

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  if (!process.argv.includes('--no-model') && existsSync('scripts/build-model.ts')) {
    const model = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-model.ts'], { stdio: 'inherit' });
    if (model.status !== 0) process.exit(model.status ?? 1);
  }
}
