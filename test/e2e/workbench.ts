/**
 * Playwright helpers for VS Code's web workbench (selectors from the testing recipe). They wait for what they
 * need to see, within the safety limit of test/support/waiting.ts, never for a fixed time.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { eventually, SAFETY_LIMIT_MS, WaitTimeout } from '../support/waiting';

export type ThemeKind = 'light' | 'dark';

export const THEMES: Readonly<Record<ThemeKind, { readonly name: string; readonly label: string; readonly bodyClass: string }>> = {
  light: { name: 'Default Light Modern', label: 'Light Modern', bodyClass: 'vs' },
  dark: { name: 'Default Dark Modern', label: 'Dark Modern', bodyClass: 'vs-dark' },
};

/** Waits until the workbench has rendered and restored its layout. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor();
  await page.locator('.monaco-workbench .part.activitybar').waitFor();
}

/**
 * Runs a command by its palette label (e.g. "Topic Lens: Detect Topics"), picking the exact entry. The palette
 * lists the commands known when it opens: while extensions are still being registered it is reopened, each
 * time waiting twice as long for the entry.
 */
export async function runCommand(page: Page, label: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page
    .locator('.quick-input-widget .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    })
    .first();
  const deadline = Date.now() + SAFETY_LIMIT_MS;
  for (let wait = 2000; ; wait *= 2) {
    await page.keyboard.press('F1');
    await input.fill(`>${label}`);
    try {
      await row.waitFor({ timeout: wait });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new WaitTimeout(`the command "${label}" in the palette (${String(error)})`, SAFETY_LIMIT_MS);
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

/** Waits until the active editor shows `line` at its top (it scrolls there after opening); says what it showed if never. */
export async function waitForTopLine(page: Page, line: number): Promise<void> {
  let shown: number | null = null;
  try {
    await eventually(`the editor to show line ${line} at its top`, async () => ((shown = await readTopVisibleLine(page)) === line ? true : undefined));
  } catch (error) {
    throw new Error(`${(error as Error).message} It shows line ${shown}.`);
  }
}

/** The rows a list renders (it renders only those in view): the first and last list index, and whether the last is the list's end. */
function renderedRows(list: Locator): Promise<{ readonly first: number; readonly last: number; readonly end: boolean }> {
  return list.locator('.monaco-list-row').evaluateAll((rows) => {
    const indices = rows.map((row) => Number(row.getAttribute('data-index')));
    return { first: Math.min(...indices), last: Math.max(...indices), end: rows.some((row) => row.getAttribute('data-last-element') === 'true') };
  });
}

/**
 * Scrolls a list (a tree view's `.monaco-list`) down with the mouse wheel until `target` is rendered. After each
 * turn of the wheel it waits for the list to render the rows it scrolled to, so no row is skipped; it fails once
 * the list's last row is rendered without the target.
 */
export async function scrollListTo(page: Page, list: Locator, target: Locator, what: string): Promise<void> {
  await list.hover();
  for (;;) {
    if ((await target.count()) > 0) return;
    const before = await renderedRows(list);
    if (before.end) throw new Error(`The list ends (row ${before.last}) without ${what}.`);
    await page.mouse.wheel(0, 300);
    await eventually(`the list to render the rows below row ${before.first}`, async () => ((await renderedRows(list)).first > before.first ? true : undefined));
  }
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
