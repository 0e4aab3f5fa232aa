/** Where `npm run package` (vsce package --target linux-x64) leaves the platform VSIX the E2E test installs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const VSIX_TARGET = 'linux-x64';

/** vsce's default name for a platform package: `<name>-<target>-<version>.vsix` in the repository root. */
export function vsixPath(root: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(root, `${manifest.name}-${VSIX_TARGET}-${manifest.version}.vsix`);
}
