/** Where the bundled GloVe-SIF model lives: `models/glove-sif-100d/` at the repository or extension root. */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The model option that selects the bundled model (settings, CLI, embedding options). */
export const BUNDLED_MODEL = 'bundled';
export const BUNDLED_MODEL_NAME = 'glove-sif-100d';
export const MODELS_FOLDER = 'models';

/**
 * Finds `models/glove-sif-100d` by walking up from `startDir`. This works from `src/core/embedding` (tests, tsx),
 * from a bundled `dist/*.js` and from an installed extension folder, which all sit below the folder that holds
 * `models/`.
 */
export function resolveBundledModelDir(startDir: string = __dirname): string {
  const searched: string[] = [];
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, MODELS_FOLDER, BUNDLED_MODEL_NAME);
    if (existsSync(path.join(candidate, 'config.json'))) return candidate;
    searched.push(candidate);
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(
    `The bundled embedding model (${MODELS_FOLDER}/${BUNDLED_MODEL_NAME}) was not found above ${startDir}; ` +
      `build it with "npm run build". Looked in: ${searched.join(', ')}`,
  );
}
