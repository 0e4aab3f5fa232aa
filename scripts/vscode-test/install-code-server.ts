/**
 * Installs code-server (a real VS Code server + web workbench, from npm) into `.vscode-test/code-server`,
 * cached, and checks the Debian packages the harness needs. See ../shared/notes/vscode-testing.md.
 *
 * Usage: node --import tsx scripts/vscode-test/install-code-server.ts
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingDebianPackages, missingPackagesMessage } from './prerequisites';

/** VS Code 1.100.3: the newest code-server line that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

/** The cache @vscode/ripgrep 1.15.11 (pinned by this code-server) looks in before downloading from GitHub. */
const RIPGREP_CACHE_FOLDER = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function codeServerFolder(root: string = repoRoot): string {
  return path.join(root, '.vscode-test', 'code-server');
}

export function codeServerBinary(root: string = repoRoot): string {
  return path.join(codeServerFolder(root), 'node_modules', '.bin', 'code-server');
}

/** Written only after a complete install, so an interrupted one is redone. */
function installedMarker(root: string): string {
  return path.join(codeServerFolder(root), `.installed-${CODE_SERVER_VERSION}`);
}

/** @vscode/ripgrep's postinstall downloads `rg` from GitHub unless this cached asset exists. */
function seedRipgrepCache(): void {
  const cacheFolder = path.join(os.tmpdir(), RIPGREP_CACHE_FOLDER);
  const asset = path.join(cacheFolder, RIPGREP_ASSET);
  if (existsSync(asset)) return;
  if (!existsSync('/usr/bin/rg')) throw new Error('/usr/bin/rg is missing: install the Debian package "ripgrep".');
  mkdirSync(cacheFolder, { recursive: true });
  const staging = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-rg-'));
  try {
    copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
    const tar = spawnSync('tar', ['-czf', asset, '-C', staging, 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`tar failed to build ${asset}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The throw-away project code-server is installed into. Its install scripts are reviewed (npm 11 lists unreviewed
 * ones, npm 12 skips them): code-server's sets up its bundled VS Code, argon2's builds its addon. By name: the
 * install command pins code-server's version, and argon2's floats within code-server's range.
 */
function codeServerPackageJson(): object {
  return { private: true, allowScripts: { 'code-server': true, argon2: true } };
}

/** Installs code-server unless the cached install is complete; returns the path of its binary. */
export function installCodeServer(root: string = repoRoot, log: (line: string) => void = console.log): string {
  const binary = codeServerBinary(root);
  if (existsSync(installedMarker(root)) && existsSync(binary)) return binary;

  const missing = missingDebianPackages();
  if (missing.length > 0) {
    throw new Error(`Cannot install code-server: ${missingPackagesMessage(missing)}.`);
  }
  seedRipgrepCache();

  const folder = codeServerFolder(root);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(codeServerPackageJson(), null, 2)}\n`);
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${folder} (about a minute, once)…`);
  const started = Date.now();
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: folder,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      // node-pty's install runs `npx node-gyp`, which would stop at a prompt.
      npm_config_yes: 'true',
      // code-server's postinstall refuses to run as root otherwise.
      npm_config_unsafe_perm: 'true',
    },
  });
  if (npm.status !== 0 || !existsSync(binary)) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed.`);
  writeFileSync(installedMarker(root), `${new Date().toISOString()}\n`);
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return binary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(installCodeServer());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
