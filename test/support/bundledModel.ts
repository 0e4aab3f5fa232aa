/**
 * The bundled GloVe-SIF model for tests: models/glove-sif-100d when it is built and fresh, otherwise a build in
 * the temp folder, keyed by input hash so that later test runs (and other test files) reuse it.
 */
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_MODEL_NAME } from '../../src/core/embedding/bundledModel';
import { buildStaticModel, recordedInputHash, staticModelInputHash } from '../../src/modelBuilder/buildStaticModel';
import { bundledModelBuildInput } from '../../scripts/model-inputs';

export interface TestModel {
  readonly folder: string;
  /** True when the folder is the repository's models/ build, which `model: 'bundled'` resolves to. */
  readonly isRepositoryBuild: boolean;
}

let pending: Promise<TestModel> | undefined;

async function locate(): Promise<TestModel> {
  const input = bundledModelBuildInput();
  const inputHash = await staticModelInputHash(input);
  if ((await recordedInputHash(input.outDir)) === inputHash) return { folder: input.outDir, isRepositoryBuild: true };
  const outDir = path.join(os.tmpdir(), 'topic-lens-test-models', inputHash.slice(0, 16), BUNDLED_MODEL_NAME);
  await buildStaticModel(bundledModelBuildInput(outDir));
  return { folder: outDir, isRepositoryBuild: false };
}

export function bundledModelForTests(): Promise<TestModel> {
  pending ??= locate();
  return pending;
}
