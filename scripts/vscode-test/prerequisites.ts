/**
 * What the real-VS-Code tests need from the machine, and what to do when it is missing: a developer is told and
 * the tests are skipped; a CI run fails, naming the packages and the one apt command that installs them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_LIST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'debian-packages.txt');

/** The packages listed in debian-packages.txt (shared with .ci/run), without its comments. */
export function requiredDebianPackages(): string[] {
  return readFileSync(PACKAGE_LIST, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Values of `CI` that mean "not CI"; CI systems set `true`, `1`, `True`, `yes` or a name. */
const FALSE_VALUES = new Set(['', '0', 'false', 'no', 'off']);

/** Whether this is a CI run, where a missing prerequisite must fail rather than skip. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && !FALSE_VALUES.has(value.trim().toLowerCase());
}

export function isDebianPackageInstalled(name: string): boolean {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.trim() === 'install ok installed';
}

export function missingDebianPackages(): string[] {
  return requiredDebianPackages().filter((name) => !isDebianPackageInstalled(name));
}

export function aptInstallCommand(packages: readonly string[]): string {
  return `sudo apt-get install --no-install-recommends ${packages.join(' ')}`;
}

/** One sentence naming the missing packages and the command that installs them. */
export function missingPackagesMessage(missing: readonly string[]): string {
  const noun = missing.length === 1 ? 'package' : 'packages';
  return `missing Debian ${noun} ${missing.join(', ')}; install with: ${aptInstallCommand(missing)}`;
}
