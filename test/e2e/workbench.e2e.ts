/**
 * Browser end-to-end test of the packaged extension: code-server with the VSIX from `npm run package`
 * installed, driven through Chromium like a user would. One scenario, in order; every step builds on the
 * previous one. Screenshots (light and dark) go to test-output/screenshots/.
 *
 * Run: node --import tsx --test test/e2e/workbench.e2e.ts (or scripts/vscode-test/run.ts for everything).
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchChromium } from '../../scripts/vscode-test/chromium';
import { registerCleanup } from '../../scripts/vscode-test/cleanup';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../scripts/vscode-test/code-server';
import { HTML_FILE_NAME, writeFixtureWorkspace, type FixtureFile } from '../../scripts/vscode-test/fixture-workspace';
import { installCodeServer, repoRoot } from '../../scripts/vscode-test/install-code-server';
import { vsixPath } from '../../scripts/vscode-test/vsix';
import { escapeMarkdown } from '../../src/core/report/markdown';
import { RESULT_VERSION, topicLabel, type TopicLensResult } from '../../src/core/result';
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
  let browser: Browser;
  let page: Page;
  let removeWorkspace: (() => Promise<void>) | undefined;
  let removeReports: (() => Promise<void>) | undefined;
  let removeMultiRoot: (() => Promise<void>) | undefined;
  let fixture: FixtureFile[];
  let workspace: string;
  const dialogs: string[] = [];
  /** The map's labels before the reload. */
  let mapLabels: string[] = [];
  /** The topic rows of the tree after the first run, sorted. */
  let treeLabels: string[] = [];
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
    workspace = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-e2e-'));
    const remove = () => rmSync(workspace, { recursive: true, force: true });
    removeWorkspace = registerCleanup(async () => remove(), remove);
    fixture = writeFixtureWorkspace(workspace);
    server = await startCodeServer({ binary: installCodeServer(), vsixFiles: [vsix], settings: { 'workbench.colorTheme': THEMES.dark.name } });
    const chromium = await launchChromium();
    stopBrowser = chromium.stop;
    browser = chromium.browser;
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
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
    await removeReports?.();
    await removeMultiRoot?.();
  });

  step('Detect Topics from the palette fills the Topics tree', async () => {
    await runCommand(page, 'Topic Lens: Detect Topics');
    await showView(page, 'Topic Lens', 'Topics');
    await topicRows().filter({ hasText: TOPIC_LABEL }).nth(2).waitFor();
    const labels = await topicRowLabels();
    treeLabels = labels.filter((label) => TOPIC_LABEL.test(label)).sort();
    assert.ok(treeLabels.length >= 3, `tree rows: ${JSON.stringify(labels)}`);
    // The audit follows the topics, and its arrival redraws the topic rows (their badges): the steps below click
    // rows, so they start once the Audit view says what it found.
    await viewPane(page, 'Audit')
      .locator('.message', { hasText: /^(\d+ findings?\.|No findings)/ })
      .waitFor();
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

    const row = documents.filter({ hasText: section.description }).first();
    const tab = page.locator('.tabs-container .tab.active', { hasText: path.basename(relativePath) });
    // A click that lands while the tree redraws its rows only selects the row (seen once in ten runs, the row
    // selected and no editor): a second click on it opens it, as a person would click again.
    for (let attempt = 1; ; attempt++) {
      await row.click();
      try {
        await tab.waitFor({ timeout: 20_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    await waitForTopLine(page, expected.startLine);
  });

  step('the map webview shows the points and a label at each topic centroid', async () => {
    await runCommand(page, 'Topic Lens: Open Map');
    await map().locator('svg.labels text.topic-label').first().waitFor();
    await drawn(map());
    // The tree's labels as read before a topic was expanded: the list draws only the rows in view.
    mapLabels = (await topicLabels(map())).sort();
    assert.deepEqual(mapLabels, treeLabels);
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
    await map()
      .locator('.match-count', { hasText: /^\d+ match/ })
      .waitFor();
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
    // The view's actions show on hover, in its pane's header (the container also holds the Audit view).
    const topicsHeader = viewPane(page, 'Topics').locator('.pane-header');
    await topicsHeader.hover();
    await topicsHeader.locator('.action-label[aria-label="Collapse All"]').click();
    const topicRow = topicRows().filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(topicLabel)}$`) }) });
    await topicRow.click();
    await expandedRows(topicsPane()).first().waitFor();
    const htmlRow = topicsPane().locator('.monaco-list-row', { hasText: HTML_FILE_NAME });
    await scrollListTo(page, topicsPane().locator('.monaco-list'), htmlRow, `a row of the topic "${topicLabel}" showing the file name as text`);
    assert.ok((await htmlRow.first().innerText()).includes(HTML_FILE_NAME));
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'the file name became an <img> in the workbench');
    assert.deepEqual(dialogs, [], 'a dialog opened');
  });

  /** Runs Export Report and answers VS Code's save dialog (the quick-input one of the web workbench) with `file`. */
  async function exportReportTo(file: string): Promise<void> {
    await runCommand(page, 'Topic Lens: Export Report');
    const input = page.locator('.quick-input-widget input');
    // The dialog opens on the default name next to the workspace's files.
    await page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: 'Export Topic Report' }) }).waitFor();
    // The dialog fills in the folder first, then the default name.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value.endsWith('topic-report.md'));
    await input.fill(file);
    // The OK button rather than Enter: Enter can reach the dialog while it still lists the folder and be lost. On a
    // loaded machine a click can be lost the same way: the dialog then stays open with the name in it, and is
    // answered again.
    const dialog = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: 'Export Topic Report' }) });
    for (let attempt = 0; ; attempt++) {
      await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).click();
      const closed = await dialog.waitFor({ state: 'hidden', timeout: 15_000 }).then(
        () => true,
        () => false,
      );
      if (closed || attempt === 2) break;
    }
    await page.locator('.notifications-toasts .notification-toast', { hasText: `report written to ${path.basename(file)}` }).waitFor();
  }

  step('Export Report writes the result as Markdown, JSON and CSV, by the file type chosen', async () => {
    // Outside the workspace: a report inside it would be a new document for the incremental updates.
    const folder = `${workspace}-reports`;
    mkdirSync(folder);
    removeReports = registerCleanup(
      async () => rmSync(folder, { recursive: true, force: true }),
      () => rmSync(folder, { recursive: true, force: true }),
    );
    const files = { md: path.join(folder, 'report.md'), json: path.join(folder, 'report.json'), csv: path.join(folder, 'report.csv') };
    for (const file of Object.values(files)) await exportReportTo(file);

    const result = JSON.parse(readFileSync(files.json, 'utf8')) as TopicLensResult;
    assert.equal(result.version, RESULT_VERSION);
    const topics = result.topics.filter((t) => t.id >= 0);
    assert.deepEqual(topics.map((t) => topicLabel(t.id, t.words)).sort(), [...treeLabels].sort(), 'the JSON holds other topics than the tree');

    const csv = readFileSync(files.csv, 'utf8').trimEnd().split('\r\n');
    assert.equal(csv[0], 'path,heading,start_line,end_line,topic,topic_label,topic_title,probability');
    assert.equal(csv.length, 1 + result.documents.length, 'one CSV row per document');
    // topic is the fifth field; titles and headings may hold commas (quoted).
    const csvTopics = new Set(csv.slice(1).map((row) => Number(csvFields(row)[4])));
    assert.deepEqual(
      [...csvTopics].sort((a, b) => a - b),
      [...new Set(result.documents.map((d) => d.topic))].sort((a, b) => a - b),
    );

    const markdown = readFileSync(files.md, 'utf8');
    assert.match(markdown, /^# Topic Lens report\n/);
    for (const label of treeLabels) assert.ok(markdown.includes(`\n## ${escapeMarkdown(label)}\n`), `no section for ${label}`);
    // Links to the documents' sections, relative to the report.
    const representative = topics.flatMap((t) => t.representativeDocs.map((i) => result.documents[i])).find((d) => /^[\w/.-]+$/.test(d.path))!;
    const link = `../${path.basename(workspace)}/${representative.path}${representative.startLine > 1 ? `#L${representative.startLine}` : ''}`;
    assert.ok(markdown.includes(`](${link})`), `no link ${link}`);
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

  step('in a multi-root workspace, Detect Topics asks for the folder and analyses the one picked', async () => {
    // A second folder with two subjects' files under folder names the fixture does not use (one subject alone
    // makes no topic: HDBSCAN never returns the whole folder as its one cluster), and a workspace file naming both.
    const second = `${workspace}-networking`;
    const PICKED = 'picked-';
    const workspaceFile = `${workspace}.code-workspace`;
    const remove = () => {
      rmSync(second, { recursive: true, force: true });
      rmSync(workspaceFile, { force: true });
    };
    removeMultiRoot = registerCleanup(async () => remove(), remove);
    for (const file of fixture.filter((f) => f.path.startsWith('networking/') || f.path.startsWith('astronomy/'))) {
      const target = path.join(second, `${PICKED}${file.path}`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.text);
    }
    writeFileSync(
      workspaceFile,
      JSON.stringify({
        folders: [
          { path: workspace, name: 'Fixture' },
          { path: second, name: 'Networking' },
        ],
      }),
    );
    const window = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    window.setDefaultTimeout(SAFETY_LIMIT_MS);
    try {
      await window.goto(workbenchUrl(server!.origin, workspaceFile));
      await waitForWorkbench(window);
      await runCommand(window, 'Topic Lens: Detect Topics');
      const picker = window.locator('.quick-input-widget', { has: window.locator('.quick-input-title', { hasText: 'Detect Topics' }) });
      const items = picker.locator('.monaco-list-row');
      await items.nth(1).waitFor();
      const rows = await items.evaluateAll((elements) =>
        elements.map((row) => [row.querySelector('.label-name')?.textContent ?? '', row.querySelector('.label-description')?.textContent ?? '']),
      );
      // Each folder by its name, with its location (a vscode-remote:// URI in code-server) beside it.
      assert.deepEqual(
        rows.map(([name]) => name),
        ['Fixture', 'Networking'],
      );
      assert.ok(rows[0][1].endsWith(workspace) && rows[1][1].endsWith(second), `locations: ${JSON.stringify(rows)}`);
      await items.filter({ hasText: 'Networking' }).click();
      await showView(window, 'Topic Lens', 'Topics');
      const topics = viewPane(window, 'Topics').locator('.monaco-list-row[aria-level="1"]').filter({ hasText: TOPIC_LABEL });
      await topics.first().click();
      const documents = expandedRows(viewPane(window, 'Topics'));
      await documents.first().waitFor();
      const paths = await documents.locator('.label-description').allTextContents();
      assert.ok(paths.length > 0 && paths.every((p) => p.startsWith(PICKED)), `documents of the topic: ${JSON.stringify(paths)}`);
    } finally {
      await window.close();
    }
  });
});

/** The fields of one CSV row (RFC 4180: quoted fields may hold commas and doubled quotes). */
function csvFields(row: string): string[] {
  return [...row.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, field]) => (field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field));
}
