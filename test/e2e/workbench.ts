/** Playwright helpers for VS Code's web workbench (selectors from the testing recipe). */
import type { FrameLocator, Locator, Page } from 'playwright-core';

export type ThemeKind = 'light' | 'dark';

export const THEMES: Readonly<Record<ThemeKind, { readonly name: string; readonly label: string; readonly bodyClass: string }>> = {
  light: { name: 'Default Light Modern', label: 'Light Modern', bodyClass: 'vs' },
  dark: { name: 'Default Dark Modern', label: 'Dark Modern', bodyClass: 'vs-dark' },
};

/** Waits until the workbench has rendered and restored its layout. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  await page.locator('.monaco-workbench .part.activitybar').waitFor();
}

/**
 * Runs a command by its palette label (e.g. "Topic Lens: Detect Topics"), picking the exact entry. The palette
 * lists the commands known when it opens: while extensions are still being registered it is reopened.
 */
export async function runCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page
    .locator('.quick-input-widget .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    })
    .first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    await input.fill(`>${label}`);
    try {
      await row.waitFor({ timeout: 2000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await row.click();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A view pane of the side bar by its header title (e.g. "Topics"). */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: title }) });
}

/** Shows a view of a view container (the side bar may be hidden, or show another container). */
export async function showView(page: Page, containerTitle: string, viewTitle: string): Promise<void> {
  const pane = viewPane(page, viewTitle);
  if (!(await pane.isVisible())) await page.locator(`.part.activitybar .action-item a[aria-label^="${containerTitle}"]`).click();
  await pane.waitFor();
}

/** The content of the active webview: two nested iframes. A webview in a background tab has none. */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** The outer webview iframe element, for screenshots. */
export function webviewElement(page: Page): Locator {
  return page.locator('iframe.webview.ready');
}

/** The rows one level below the top of a tree (a topic's documents). */
export function expandedRows(pane: Locator): Locator {
  return pane.locator('.monaco-list-row[aria-level="2"]');
}

/** The line number at the top of the active editor (the editor scrolls a revealed section to the top). */
function readTopVisibleLine(page: Page): Promise<number | null> {
  return page
    .locator('.editor-group-container.active .monaco-editor')
    .first()
    .evaluate((editor) => {
      const editorTop = editor.getBoundingClientRect().top;
      let top: { line: number; y: number } | null = null;
      for (const element of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
        const y = element.getBoundingClientRect().top;
        if (y >= editorTop - 2 && (!top || y < top.y)) top = { line: Number(element.textContent), y };
      }
      return top?.line ?? null;
    });
}

/** The top line of the active editor once it has settled on `expected` (or whatever it shows after `timeoutMs`). */
export async function topVisibleLine(page: Page, expected: number, timeoutMs = 5000): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  let line = await readTopVisibleLine(page);
  while (line !== expected && Date.now() < deadline) {
    await page.waitForTimeout(100);
    line = await readTopVisibleLine(page);
  }
  return line;
}

/** Runs "Developer: Reload Window" and waits for the reloaded workbench. */
export async function reloadWindow(page: Page): Promise<void> {
  const loaded = page.waitForEvent('load');
  await runCommand(page, 'Developer: Reload Window');
  await loaded;
  await waitForWorkbench(page);
}

/** Switches the colour theme through the palette's theme picker and waits for it to apply. */
export async function setTheme(page: Page, kind: ThemeKind): Promise<void> {
  const theme = THEMES[kind];
  if ((await page.locator(`.monaco-workbench.${theme.bodyClass}`).count()) > 0) return;
  await runCommand(page, 'Preferences: Color Theme');
  // The picker lists labels ("Light Modern") with the theme id as description ("Default Light Modern").
  const themeRows = page.locator('.quick-input-widget .monaco-list-row');
  await themeRows.filter({ hasText: THEMES.light.name }).first().waitFor();
  await page.locator('.quick-input-widget input').fill(theme.label);
  await themeRows.filter({ hasText: theme.name }).first().click();
  await page.locator(`.monaco-workbench.${theme.bodyClass}`).waitFor();
}
