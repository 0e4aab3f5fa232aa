/**
 * Starts code-server quietly on 127.0.0.1 with a free port and throw-away user data, and always stops it.
 * The flags and settings follow ../shared/notes/vscode-testing.md (no trust dialog, walkthrough, telemetry
 * or network calls).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SAFETY_LIMIT_MS } from '../../test/support/waiting';
import { registerCleanup } from './cleanup';

export interface CodeServerOptions {
  /** The code-server binary (see install-code-server.ts). */
  readonly binary: string;
  /** User settings merged over the quiet defaults. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** .vsix files installed into the fresh extensions folder before the server starts. */
  readonly vsixFiles?: readonly string[];
  /** Extra environment for the server and so for its extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Workspace trust on: a folder nobody trusted opens in Restricted Mode (no prompt). Off by default. */
  readonly workspaceTrust?: boolean;
  readonly log?: (line: string) => void;
}

export interface CodeServer {
  readonly origin: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Writes the user settings.json (the server picks up changes live). */
  writeSettings(settings: Readonly<Record<string, unknown>>): void;
  stop(): Promise<void>;
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  // Sticky headings draw their own line numbers over the first rows, which would hide where the editor scrolled to.
  'editor.stickyScroll.enabled': false,
};

const STOP_TIMEOUT_MS = 5_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function commonArguments(configFile: string, userDataDir: string, extensionsDir: string): string[] {
  return ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

/**
 * `EXTENSIONS_GALLERY='{}'` keeps the server from calling the marketplace. The XDG folders keep what
 * code-server and the extension host write outside their data folders (logs, heartbeat, caches) in the
 * throw-away root instead of the home folder.
 */
function serverEnvironment(root: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    ...extra,
  };
}

async function waitUntilHealthy(origin: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + SAFETY_LIMIT_MS;
  while (Date.now() < deadline) {
    const exitReason = exited();
    if (exitReason) throw new Error(`code-server exited during start-up (${exitReason}).`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(100);
  }
  throw new Error(`code-server did not answer ${origin}/healthz within ${SAFETY_LIMIT_MS / 1000} s.`);
}

/** Sends a signal to the server's process group (it was started detached, as the group leader). */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const log = options.log ?? (() => undefined);
  const root = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-code-server-'));
  const userDataDir = path.join(root, 'data');
  const extensionsDir = path.join(root, 'extensions');
  const configFile = path.join(root, 'config.yaml');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  mkdirSync(extensionsDir, { recursive: true });

  const trust = options.workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }
    : {};
  const writeSettings = (settings: Readonly<Record<string, unknown>>): void => {
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    const merged = { ...QUIET_SETTINGS, ...trust, ...settings };
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(merged, null, 2)}\n`);
  };
  writeSettings(options.settings ?? {});

  const common = commonArguments(configFile, userDataDir, extensionsDir);
  for (const vsix of options.vsixFiles ?? []) {
    const install = spawnSync(options.binary, [...common, '--install-extension', vsix, '--force'], {
      env: serverEnvironment(root, options.env),
      encoding: 'utf8',
    });
    if (install.status !== 0) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed:\n${install.stdout}${install.stderr}`);
    }
    log(`Installed ${path.basename(vsix)}.`);
  }

  const server = spawn(
    options.binary,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnvironment(root, options.env) },
  );
  const serverPid = server.pid;
  if (serverPid === undefined) throw new Error(`Could not start ${options.binary}.`);
  let exitReason: string | undefined;
  const exitedPromise = new Promise<void>((resolve) =>
    server.once('exit', (code, signal) => {
      exitReason = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    }),
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  server.stdout.on('data', collect);
  server.stderr.on('data', collect);

  const stop = registerCleanup(
    async () => {
      if (!exitReason) {
        signalGroup(serverPid, 'SIGTERM');
        const timedOut = await Promise.race([exitedPromise.then(() => false), delay(STOP_TIMEOUT_MS).then(() => true)]);
        if (timedOut) signalGroup(serverPid, 'SIGKILL');
      }
      rmSync(root, { recursive: true, force: true });
    },
    () => {
      signalGroup(serverPid, 'SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
  );

  try {
    await waitUntilHealthy(origin, () => exitReason);
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : error}\n--- code-server output ---\n${output}`);
  }
  log(`code-server on ${origin} (user data in ${root}).`);
  return { origin, port, userDataDir, extensionsDir, writeSettings, stop };
}

/**
 * The workbench URL for a folder (or a multi-root `.code-workspace` file), optionally with VS Code's web test
 * payload (extension under development + tests).
 */
export function workbenchUrl(
  origin: string,
  folder: string,
  payload?: { readonly extensionDevelopmentPath: string; readonly extensionTestsPath: string },
): string {
  const url = new URL(origin);
  url.searchParams.set(folder.endsWith('.code-workspace') ? 'workspace' : 'folder', folder);
  if (payload) {
    const remote = (absolute: string): string => `vscode-remote://${url.host}${absolute}`;
    url.searchParams.set(
      'payload',
      JSON.stringify([
        ['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)],
        ['extensionTestsPath', remote(payload.extensionTestsPath)],
      ]),
    );
  }
  return url.toString();
}
