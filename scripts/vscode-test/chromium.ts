/** Debian's Chromium driven headless by playwright-core (`npx playwright install` cannot download here). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { registerCleanup } from './cleanup';
import { aptInstallCommand, isCi } from './prerequisites';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium off the network and quiet in a container (see the testing recipe). */
const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function isChromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** For `describe(…, { skip })`: why a Chromium test is skipped on a developer's machine; never skipped under CI. */
export function chromiumSkipReason(): string | false {
  if (isChromiumInstalled() || isCi()) return false;
  return `Chromium is missing (${aptInstallCommand(['chromium'])}); skipped outside CI`;
}

/**
 * Launches Chromium with a fresh profile (Playwright's own temp user-data-dir) and registers its shutdown.
 * Its crash-report database and caches go to a temp folder too, not to ~/.config/chromium.
 */
export async function launchChromium(): Promise<{ readonly browser: Browser; readonly stop: () => Promise<void> }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-chromium-'));
  const removeHome = () => rmSync(home, { recursive: true, force: true });
  const browser = await chromium
    .launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_ARGS,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    })
    .catch((error: unknown) => {
      removeHome();
      throw error;
    });
  // Playwright itself kills the browser if this process exits abruptly; this also closes it on SIGINT/SIGTERM.
  const stop = registerCleanup(() => browser.close().finally(removeHome), removeHome);
  return { browser, stop };
}
