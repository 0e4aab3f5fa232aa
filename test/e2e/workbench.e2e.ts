/**
 * Browser end-to-end test of the packaged extension: code-server with the VSIX from `npm run package`
 * installed, driven through Chromium like a user would. One scenario, in order; every step builds on the
 * previous one. Screenshots (light and dark) go to test-output/screenshots/.
 *
 * Run: node --import tsx --test test/e2e/workbench.e2e.ts (or scripts/vscode-test/run.ts for everything).
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumSkipReason, launchChromium } from '../../scripts/vscode-test/chromium';
import { registerCleanup } from '../../scripts/vscode-test/cleanup';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../scripts/vscode-test/code-server';
import { HTML_FILE_NAME, writeFixtureWorkspace, type FixtureFile } from '../../scripts/vscode-test/fixture-workspace';
import { installCodeServer, repoRoot } from '../../scripts/vscode-test/install-code-server';
import { vsixPath } from '../../scripts/vscode-test/vsix';
import { SAFETY_LIMIT_MS } from '../support/waiting';
import { drawn, opaqueSpots, paintedPixels, topicLabels, type CanvasSpot } from './map';
import {
  activeWebview,
  escapeRegExp,
  expandedRows,
  reloadWindow,
  runCommand,
  scrollListTo,
  setTheme,
  showView,
  THEMES,
  viewPane,
  waitForTopLine,
  waitForWorkbench,
  webviewElement,
  type ThemeKind,
} from './workbench';

const SCREENSHOTS = path.join(repoRoot, 'test-output', 'screenshots');
const TOPIC_LABEL = /^\d+: \S+/;
const SECTION_LOCATION = /^(.+):(\d+)$/;

const skipReason = chromiumSkipReason();

describe('Topic Lens in the browser workbench (installed VSIX)', { skip: skipReason }, () => {
  let server: CodeServer | undefined;
  let stopBrowser: (() => Promise<void>) | undefined;
  let page: Page;
  let removeWorkspace: (() => Promise<void>) | undefined;
  let fixture: FixtureFile[];
  const dialogs: string[] = [];
  /** The map's labels before the reload. */
  let mapLabels: string[] = [];
  let failedStep: string | undefined;

  const topicsPane = () => viewPane(page, 'Topics');
  const topicRows = () => topicsPane().locator('.monaco-list-row[aria-level="1"]');
  const map = () => activeWebview(page);

  async function topicRowLabels(): Promise<string[]> {
    return (await topicRows().locator('.label-name').allTextContents()).map((text) => text.trim());
  }

  /**
   * A step of the scenario. A failing step leaves a screenshot of the window next to the others, and the steps
   * after it are skipped: they build on it and would only time out.
   */
  function step(name: string, body: () => Promise<void>): void {
    it(name, async (t) => {
      if (failedStep) {
        t.skip(`skipped: the step "${failedStep}" failed`);
        return;
      }
      try {
        await body();
      } catch (error) {
        failedStep = name;
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page?.screenshot({ path: path.join(SCREENSHOTS, `failed-${name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => undefined);
        throw error;
      }
    });
  }

  /** Hovers a spot of the map and returns what the tooltip says about the point there. */
  async function hoverPoint(spot: CanvasSpot): Promise<{ path: string; heading: string | null }> {
    await map().locator('.plot canvas').hover({ position: spot });
    const tooltip = map().locator('.tooltip:not([hidden])');
    await tooltip.waitFor();
    const heading = tooltip.locator('.tooltip-heading');
    return {
      path: (await tooltip.locator('.tooltip-path').textContent()) ?? '',
      heading: (await heading.count()) > 0 ? await heading.textContent() : null,
    };
  }

  async function screenshot(kind: ThemeKind): Promise<void> {
    await setTheme(page, kind);
    // The webview gets the theme's body class and colours together, then redraws with them on the next frame.
    await map().locator(`body.vscode-${kind}`).waitFor();
    await drawn(map());
    await page.locator('.part.sidebar').screenshot({ path: path.join(SCREENSHOTS, `tree-${kind}.png`) });
    await webviewElement(page).screenshot({ path: path.join(SCREENSHOTS, `map-${kind}.png`) });
    await page.screenshot({ path: path.join(SCREENSHOTS, `workbench-${kind}.png`) });
  }

  before(async () => {
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    const vsix = vsixPath(repoRoot);
    assert.ok(existsSync(vsix), `${vsix} is missing: run "npm run package" first`);
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-e2e-'));
    const remove = () => rmSync(workspace, { recursive: true, force: true });
    removeWorkspace = registerCleanup(async () => remove(), remove);
    fixture = writeFixtureWorkspace(workspace);
    server = await startCodeServer({ binary: installCodeServer(), vsixFiles: [vsix], settings: { 'workbench.colorTheme': THEMES.dark.name } });
    const chromium = await launchChromium();
    stopBrowser = chromium.stop;
    page = await chromium.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // Every wait is for something to appear; this only turns a hang into a failure that names the locator.
    page.setDefaultTimeout(SAFETY_LIMIT_MS);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(workbenchUrl(server.origin, workspace));
    await waitForWorkbench(page);
  });

  after(async () => {
    await stopBrowser?.();
    await server?.stop();
    await removeWorkspace?.();
  });

  step('Detect Topics from the palette fills the Topics tree', async () => {
    await runCommand(page, 'Topic Lens: Detect Topics');
    await showView(page, 'Topic Lens', 'Topics');
    await topicRows().filter({ hasText: TOPIC_LABEL }).nth(2).waitFor();
    const labels = await topicRowLabels();
    assert.ok(labels.filter((label) => TOPIC_LABEL.test(label)).length >= 3, `tree rows: ${JSON.stringify(labels)}`);
  });

  step('clicking a document opens it at its section', async () => {
    await topicRows().first().click();
    const documents = expandedRows(topicsPane());
    await documents.first().waitFor();
    // A second section of a Markdown file: its row says "path:line" and the line is below the top of the file.
    const rows = await documents.evaluateAll((elements) =>
      elements.map((row) => ({
        label: row.querySelector('.label-name')?.textContent ?? '',
        description: row.querySelector('.label-description')?.textContent ?? '',
      })),
    );
    const section = rows.find((row) => SECTION_LOCATION.test(row.description));
    assert.ok(section, `no section row among ${JSON.stringify(rows)}`);
    const [, relativePath, line] = SECTION_LOCATION.exec(section.description)!;
    const expected = fixture.find((file) => file.path === relativePath)?.sections.find((s) => s.heading === section.label);
    assert.ok(expected, `${section.description} "${section.label}" is not a fixture section`);
    assert.equal(Number(line), expected.startLine);

    await documents.filter({ hasText: section.description }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: path.basename(relativePath) }).waitFor();
    await waitForTopLine(page, expected.startLine);
  });

  step('the map webview shows the points and a label at each topic centroid', async () => {
    await runCommand(page, 'Topic Lens: Open Map');
    await map().locator('svg.labels text.topic-label').first().waitFor();
    await drawn(map());
    const treeLabels = (await topicRowLabels()).filter((label) => TOPIC_LABEL.test(label));
    mapLabels = (await topicLabels(map())).sort();
    assert.deepEqual(mapLabels, treeLabels.sort());
    const summary = await map().locator('.summary').textContent();
    const documents = Number(/^(\d+) documents/.exec(summary ?? '')?.[1]);
    assert.ok(documents >= 100, `summary: ${summary}`);
    assert.ok((await paintedPixels(map())) > documents, 'the canvas shows no points');
  });

  step('clicking a point opens its document at its section', async () => {
    await drawn(map());
    const [spot] = await opaqueSpots(map(), 1);
    assert.ok(spot, 'no point drawn on the canvas');
    const { path: documentPath, heading } = await hoverPoint(spot);
    await map().locator('.plot canvas').click({ position: spot });
    await page.locator('.tabs-container .tab.active', { hasText: path.basename(documentPath) }).waitFor();
    const file = fixture.find((f) => f.path === documentPath);
    assert.ok(file, `the tooltip names ${documentPath}, which is not in the fixture`);
    const section = file.sections.find((s) => s.heading === (heading ?? null));
    assert.ok(section, `the tooltip's heading "${heading}" is not a section of ${documentPath}`);
    await waitForTopLine(page, section.startLine);
  });

  step('the map comes back after "Developer: Reload Window"', async () => {
    await reloadWindow(page);
    // After the point click the map is a background tab: a hidden webview has no iframe until shown.
    await page.locator('.tabs-container .tab', { hasText: 'Topic Map' }).click();
    await map().locator('svg.labels text.topic-label').first().waitFor();
    assert.deepEqual((await topicLabels(map())).sort(), mapLabels);
    await showView(page, 'Topic Lens', 'Topics');
    await topicRows().first().waitFor();
  });

  step(`a file named ${HTML_FILE_NAME} shows as text in the map and the tree`, async () => {
    // Map: clear the topic the tree selected (Escape), search for the file, hover its emphasised points.
    await page.locator('.tabs-container .tab', { hasText: 'Topic Map' }).click();
    const search = map().locator('vscode-textfield input');
    await search.click();
    await page.keyboard.press('Escape');
    await map().locator('text.topic-label.selected').waitFor({ state: 'detached' });
    await search.fill('onerror');
    await map().locator('.match-count', { hasText: /^\d+ match/ }).waitFor();
    // The matches are drawn emphasised on the next frame: read the canvas once it shows them.
    await drawn(map());
    const expected = `cooking/${HTML_FILE_NAME}`;
    const shown: string[] = [];
    for (const spot of await opaqueSpots(map())) {
      shown.push((await hoverPoint(spot)).path);
      if (shown.at(-1) === expected) break;
    }
    assert.equal(shown.at(-1), expected, `tooltips shown: ${JSON.stringify(shown)}`);
    const topicLabel = ((await map().locator('.tooltip:not([hidden]) .tooltip-topic').textContent()) ?? '').trim();
    assert.equal(await map().locator('img').count(), 0, 'the file name became an <img> in the map');
    await search.fill('');

    // Tree: with every topic collapsed all topic rows are rendered (the list is virtual); expand the file's
    // topic and scroll until its row is rendered.
    await showView(page, 'Topic Lens', 'Topics');
    // The view's actions show on hover, in the side bar's title while the view is alone in its container.
    await page.locator('.part.sidebar .composite.title').hover();
    await page.locator('.part.sidebar .composite.title .action-label[aria-label="Collapse All"]').click();
    const topicRow = topicRows().filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(topicLabel)}$`) }) });
    await topicRow.click();
    await expandedRows(topicsPane()).first().waitFor();
    const htmlRow = topicsPane().locator('.monaco-list-row', { hasText: HTML_FILE_NAME });
    await scrollListTo(page, topicsPane().locator('.monaco-list'), htmlRow, `a row of the topic "${topicLabel}" showing the file name as text`);
    assert.ok((await htmlRow.first().innerText()).includes(HTML_FILE_NAME));
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'the file name became an <img> in the workbench');
    assert.deepEqual(dialogs, [], 'a dialog opened');
  });

  step('screenshots of the tree and the map in dark and light themes', async () => {
    // The map alone in the editor area, next to the tree.
    await page.locator('.tabs-container .tab', { hasText: 'Topic Map' }).click();
    await runCommand(page, 'View: Close Editors in Other Groups');
    await page.mouse.move(0, 0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await screenshot('dark');
    await screenshot('light');
    for (const kind of ['dark', 'light'] as const) {
      for (const name of ['tree', 'map', 'workbench']) assert.ok(existsSync(path.join(SCREENSHOTS, `${name}-${kind}.png`)));
    }
    console.log(`Screenshots: ${path.relative(process.cwd(), SCREENSHOTS)}/`);
  });
});
