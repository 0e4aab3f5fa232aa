/** The standalone map.html in Chromium: the shell from renderMapHtml with the built dist/webview/standalone.js. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchChromium } from '../../../scripts/vscode-test/chromium';
import { buildMapData, type MapData } from '../../../src/core/report/mapData';
import { cspHash, renderMapHtml } from '../../../src/core/report/mapHtml';
import { DEFAULT_PARAMETERS, RESULT_VERSION, type DocumentResult, type TopicInfo, type TopicLensResult } from '../../../src/core/result';
import { topicColor } from '../../../webview/shared/topicColors';
import { STANDALONE_PALETTE } from '../../../webview/standalone/palette';
import { coveredCells, drawn, groupLabels, opaqueSpots, overlappingLabels, paintedByColour, topicLabels } from '../../e2e/map';
import { syntheticResult } from '../../support/syntheticMap';
import { SAFETY_LIMIT_MS } from '../../support/waiting';

const script = path.resolve(__dirname, '../../../dist/webview/standalone.js');

/** Three tight topics on a circle and a few outliers in the middle. */
function sampleData(): MapData {
  const documents: DocumentResult[] = [];
  const topics: TopicInfo[] = [0, 1, 2].map((id) => {
    const centre = [Math.cos((2 * Math.PI * id) / 3), Math.sin((2 * Math.PI * id) / 3)];
    for (let i = 0; i < 20; i++) {
      const [x, y] = [centre[0] + 0.1 * Math.cos(i), centre[1] + 0.1 * Math.sin(i)];
      documents.push({
        x,
        y,
        topic: id,
        path: `topic${id}/note-${i}.md`,
        heading: i % 2 ? `Section ${i}` : null,
        startLine: 1,
        endLine: 5,
        snippet: `Text of note ${i} about topic ${id}.`,
        probability: 1,
        hash: '',
      });
    }
    return {
      id,
      count: 20,
      name: '',
      title: `Notes about topic ${id}`,
      words: ['word', 'more', 'words'].map((w, k) => ({ word: k === 0 ? `${w}${id}` : w, score: 1 })),
      representativeDocs: [],
      embedding: [],
    };
  });
  for (let i = 0; i < 5; i++)
    documents.push({ x: 0.05 * i, y: 0, topic: -1, path: `misc/${i}.md`, heading: null, startLine: 1, endLine: 1, snippet: '', probability: 0, hash: '' });
  const result: TopicLensResult = {
    version: RESULT_VERSION,
    createdAt: '',
    source: 'sample',
    model: { id: 'm', dimension: 2 },
    parameters: DEFAULT_PARAMETERS,
    documents,
    topics: [{ id: -1, count: 5, name: '', words: [], representativeDocs: [], embedding: [] }, ...topics],
    skipped: [],
    timings: [],
  };
  return buildMapData(result);
}

const skip = chromiumSkipReason();

/** The page's CSP directives, by name. */
function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'map.html has a CSP meta element');
  return new Map(
    content.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/** The text of each inline element of this tag that the browser runs or applies (not the JSON data block). */
function inlineTexts(html: string, tag: 'script' | 'style'): string[] {
  const pattern = new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(pattern)].filter((match) => !/type="application\/json"/.test(match[1] ?? '')).map((match) => match[2]);
}

describe('map.html CSP', () => {
  const html = renderMapHtml(sampleData(), 'console.log("</script>"); document.title = "x";');

  it('allows its one inline script and one style by sha256 hash, and nothing inline besides', () => {
    const csp = cspOf(html);
    const [script] = inlineTexts(html, 'script');
    const [style] = inlineTexts(html, 'style');
    assert.equal(inlineTexts(html, 'script').length, 1);
    assert.equal(inlineTexts(html, 'style').length, 1);
    const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    assert.deepEqual(csp.get('script-src'), [sha256(script)]);
    assert.deepEqual(csp.get('style-src'), [sha256(style)]);
    assert.equal(cspHash(script), sha256(script));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.ok(!html.includes('unsafe-inline') && !html.includes('unsafe-eval'));
    assert.ok(script.includes('"<\\/script>"'), 'the script cannot close its own element');
  });
});

describe('standalone map.html', { skip }, () => {
  const data = sampleData();
  const errors: string[] = [];
  let page: Page;
  let browser: Browser;
  let stop: () => Promise<void>;
  before(async () => {
    assert.ok(existsSync(script), 'dist/webview/standalone.js is missing: run `npm run build` first');
    const chromium = await launchChromium();
    stop = chromium.stop;
    browser = chromium.browser;
    page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    page.setDefaultTimeout(SAFETY_LIMIT_MS);
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective}`));
    });
    await page.setContent(renderMapHtml(data, readFileSync(script, 'utf8')));
  });
  after(() => stop?.());

  it('draws a label per coloured topic', async () => {
    await page.locator('svg.labels text.topic-label').first().waitFor();
    assert.deepEqual((await topicLabels(page)).sort(), ['0: word0_more_words', '1: word1_more_words', '2: word2_more_words']);
    assert.equal(await page.locator('#title').textContent(), 'sample — 65 documents, 3 topics');
  });

  it('paints each topic in its colour where its points are, the outliers grey, and nothing else', async () => {
    await drawn(page);
    const groups = [0, 1, 2, -1];
    const colours = groups.map((id) =>
      topicColor(
        STANDALONE_PALETTE,
        data.topics.find((t) => t.id === id)!,
      ),
    );
    assert.equal(new Set(colours).size, 4, 'three topic colours and grey, all different');
    const { areas, other } = await paintedByColour(page, colours);
    const painted = areas.reduce((sum, area) => sum + area.count, 0);
    assert.ok(other <= 0.05 * painted, `${other} painted pixels in none of the colours (${painted} in them)`);
    // About the same area per point in every group: every point of every group is drawn, once.
    const perPoint = groups.map((id, k) => areas[k].count / data.points.filter((p) => p.topic === id).length);
    for (const [k, area] of perPoint.entries()) {
      assert.ok(
        area > 0.6 * perPoint[0] && area < 1.6 * perPoint[0],
        `group ${groups[k]}: ${area.toFixed(1)} px per point, group 0: ${perPoint[0].toFixed(1)}`,
      );
    }
    // Each colour is centred where its points are, under one similarity: scaled alike along both axes, maybe turned
    // (the map lays the points' longest spread along the plot), never mirrored; screen y grows downwards.
    const centres = groups.map((id) => {
      const members = data.points.filter((p) => p.topic === id);
      return [members.reduce((sum, p) => sum + p.x, 0) / members.length, members.reduce((sum, p) => sum + p.y, 0) / members.length] as const;
    });
    const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const [mx, my, mX, mY] = [mean(centres.map((c) => c[0])), mean(centres.map((c) => c[1])), mean(areas.map((a) => a.x)), mean(areas.map((a) => a.y))];
    // Least squares in complex numbers: screen ≈ c · data, c = re + i·im (a turn and a scale).
    const data0 = centres.map(([x, y]) => [x - mx, y - my] as const);
    const screen0 = areas.map((a) => [a.x - mX, -(a.y - mY)] as const);
    let re = 0;
    let im = 0;
    let norm = 0;
    data0.forEach(([x, y], k) => {
      const [u, v] = screen0[k];
      re += u * x + v * y;
      im += v * x - u * y;
      norm += x * x + y * y;
    });
    [re, im] = [re / norm, im / norm];
    const scale = Math.hypot(re, im);
    assert.ok(scale > 50, `the data are drawn at ${scale.toFixed(1)} px per unit (squashed)`);
    data0.forEach(([x, y], k) => {
      const off = Math.hypot(screen0[k][0] - (re * x - im * y), screen0[k][1] - (im * x + re * y));
      assert.ok(off < 3, `group ${groups[k]}'s colour is centred ${off.toFixed(1)} px away from its points (mirrored or squashed)`);
    });
  });

  it('shows the hovered point as text, with its topic label and snippet, and hides the tooltip off the points', async () => {
    const [spot] = await opaqueSpots(page, 1);
    await page.locator('.plot canvas').hover({ position: spot });
    const tooltip = page.locator('.plot > .tooltip:not([hidden])');
    await tooltip.waitFor();
    const shownPath = await tooltip.locator('.tooltip-path').textContent();
    const shown = data.points.find((p) => p.path === shownPath);
    assert.ok(shown, 'the tooltip names a document of the map');
    assert.equal(await tooltip.locator('.tooltip-snippet').textContent(), shown.snippet);
    const topic = data.topics.find((t) => t.id === shown.topic)!;
    assert.equal(await tooltip.locator('.tooltip-topic').textContent(), topic.label);
    assert.equal(await tooltip.locator('.tooltip-title').count(), topic.title ? 1 : 0);
    // The padding around the fitted data keeps the corner clear of points.
    await page.locator('.plot canvas').hover({ position: { x: 2, y: 2 } });
    assert.equal(await page.locator('.tooltip').evaluate((element) => getComputedStyle(element).display), 'none');
  });

  it("shows a topic's readable title beside its label when hovering one of its points", async () => {
    const tooltip = page.locator('.plot > .tooltip:not([hidden])');
    const seen: string[] = [];
    for (const spot of await opaqueSpots(page, 200)) {
      await page.locator('.plot canvas').hover({ position: spot });
      await tooltip.waitFor();
      const shownPath = await tooltip.locator('.tooltip-path').textContent();
      const shown = data.points.find((p) => p.path === shownPath);
      assert.ok(shown, 'the tooltip names a document of the map');
      const topic = data.topics.find((t) => t.id === shown.topic)!;
      seen.push(topic.label);
      if (!topic.title) continue;
      assert.equal(await tooltip.locator('.tooltip-topic').textContent(), topic.label);
      assert.equal(await tooltip.locator('.tooltip-title').textContent(), topic.title);
      return;
    }
    assert.fail(`no point of a titled topic under the spots hovered: ${seen.join(', ')}`);
  });

  it('shows file names, headings and a title with HTML in them as text, running none of it', async () => {
    const hostile = '<img src=x onerror="window.ran=1"></script><script>window.ran=2</script><!--';
    const base = sampleData();
    const hostileData: MapData = {
      ...base,
      title: hostile,
      points: base.points.map((point) => ({ ...point, path: `${hostile}/${point.path}`, heading: hostile, snippet: hostile })),
      topics: base.topics.map((topic) => ({ ...topic, title: hostile })),
    };
    const other = await browser.newPage({ viewport: { width: 800, height: 600 } });
    other.setDefaultTimeout(SAFETY_LIMIT_MS);
    try {
      const otherErrors: string[] = [];
      other.on('pageerror', (error) => otherErrors.push(error.message));
      await other.setContent(renderMapHtml(hostileData, readFileSync(script, 'utf8')));
      await other.locator('svg.labels text.topic-label').first().waitFor();
      assert.equal(await other.locator('#title').textContent(), `${hostile} — 65 documents, 3 topics`);
      const [spot] = await opaqueSpots(other, 1);
      await other.locator('.plot canvas').hover({ position: spot });
      const tooltip = other.locator('.plot > .tooltip:not([hidden])');
      await tooltip.waitFor();
      assert.ok((await tooltip.locator('.tooltip-path').textContent())?.startsWith(`${hostile}/`));
      assert.equal(await tooltip.locator('.tooltip-snippet').textContent(), hostile);
      assert.equal(await tooltip.locator('.tooltip-title').textContent(), hostile);
      assert.equal(await other.locator('img').count(), 0);
      assert.equal(await other.evaluate(() => (window as { ran?: number }).ran), undefined);
      assert.deepEqual(otherErrors, []);
    } finally {
      await other.close();
    }
  });

  it('zooms with the wheel', async () => {
    const label = page.locator('svg.labels text.topic-label').first();
    const before = await label.getAttribute('x');
    await page.mouse.move(400, 300);
    await page.mouse.wheel(0, -500);
    await page.waitForFunction((x) => document.querySelector('svg.labels text.topic-label')?.getAttribute('x') !== x, before);
    assert.deepEqual(errors, []);
  });

  it('keeps a label inside the plot near an edge, and lets it go when it fits nowhere', async () => {
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.waitForTimeout(400);
    const label = page.locator('svg.labels text.topic-label').first();
    const name = await label.textContent();
    const box = async () =>
      page
        .locator('svg.labels text.topic-label', { hasText: name! })
        .evaluate((text: SVGTextElement) => ({ y: text.getBBox().y, height: text.getBBox().height }));
    const drag = async (dy: number) => {
      await page.mouse.move(400, 300);
      await page.mouse.down();
      await page.mouse.move(400, 300 + dy, { steps: 5 });
      await page.mouse.up();
    };
    const start = await box();
    // The anchor just inside the top edge: the label moves below it rather than being cut off.
    await drag(-(start.y + start.height / 2) + 3);
    await page.waitForFunction((text) => {
      const label = [...document.querySelectorAll<SVGTextElement>('svg.labels text.topic-label')].find((t) => t.textContent === text);
      return label !== undefined && label.getBBox().y >= 0;
    }, name);
    // The anchor far above the top edge: no position is in view, so the label is not drawn.
    await drag(-100);
    await page.waitForFunction((text) => ![...document.querySelectorAll('svg.labels text.topic-label')].some((t) => t.textContent === text), name);
    assert.deepEqual(errors, []);
  });
});

describe('map.html at scale: 34,000 points in 400 topics', { skip }, () => {
  const data = buildMapData(syntheticResult(34_000, 400));
  const errors: string[] = [];
  let page: Page;
  let stop: () => Promise<void>;
  let folder: string;
  const nextFrames = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  before(async () => {
    const chromium = await launchChromium();
    stop = chromium.stop;
    page = await chromium.browser.newPage({ viewport: { width: 1000, height: 700 } });
    page.setDefaultTimeout(SAFETY_LIMIT_MS);
    page.on('pageerror', (error) => errors.push(error.message));
    // Megabytes of data: loaded from a file, as a user opens map.html.
    folder = mkdtempSync(path.join(tmpdir(), 'topic-lens-map-'));
    const file = path.join(folder, 'map.html');
    writeFileSync(file, renderMapHtml(data, readFileSync(script, 'utf8')));
    await page.goto(pathToFileURL(file).href);
    await page.locator('svg.labels text.map-label').first().waitFor();
    await nextFrames();
  });
  after(async () => {
    await stop?.();
    rmSync(folder, { recursive: true, force: true });
  });

  it('frames the bulk of the points on first show: they cover at least 40 % of a 24×24 grid', async () => {
    const coverage = await coveredCells(page);
    assert.ok(coverage >= 0.4, `the points cover ${(100 * coverage).toFixed(1)} % of the plot`);
  });

  it('labels groups when zoomed out and topics once zoomed in, never two labels over each other', async () => {
    const groups = data.groups.filter((g) => g.topics.length > 1).length;
    assert.ok(groups >= 10, `the synthetic map has ${groups} groups of topics`);
    const seen: { groups: number; topics: number }[] = [];
    await page.mouse.move(500, 350);
    for (const step of [0, 1, 2]) {
      if (step > 0) {
        for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -240);
        await page.waitForTimeout(100);
        await nextFrames();
      }
      const overlaps = await overlappingLabels(page);
      assert.deepEqual(overlaps, [], `zoom level ${step}`);
      seen.push({ groups: (await groupLabels(page)).length, topics: (await topicLabels(page)).length });
    }
    assert.ok(seen[0].groups >= 5, `first show: ${seen[0].groups} group labels`);
    assert.equal(seen[2].groups, 0, 'zoomed in: no group labels left');
    assert.ok(seen[2].topics >= 3, `zoomed in: ${seen[2].topics} topic labels`);
    assert.deepEqual(errors, []);
  });

  it('"Fit" brings back the first framing', async () => {
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.waitForTimeout(400);
    await nextFrames();
    assert.ok((await groupLabels(page)).length >= 5);
    assert.ok((await coveredCells(page)) >= 0.4);
  });

  it('selects the documents inside a lasso, lists them, and clears them', async () => {
    // Around the whole plot: every point in view, but not the strays beyond the framed bulk.
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    const plot = (await page.locator('.plot').boundingBox())!;
    const corners = [
      [plot.x + 2, plot.y + 2],
      [plot.x + plot.width - 2, plot.y + 2],
      [plot.x + plot.width - 2, plot.y + plot.height - 2],
      [plot.x + 2, plot.y + plot.height - 2],
    ];
    await page.mouse.move(corners[0][0], corners[0][1]);
    await page.mouse.down();
    for (const [x, y] of [...corners.slice(1), corners[0]]) await page.mouse.move(x, y, { steps: 8 });
    await page.mouse.up();
    const count = await page.locator('.selection-count').textContent();
    const selected = Number(/^(\d+) documents/.exec(count ?? '')?.[1]);
    const total = data.points.length;
    assert.ok(selected > 0.97 * total && selected < total, `${selected} of ${total} selected`);
    assert.equal(await page.locator('.selection-list li:not(.selection-more)').count(), 200);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.locator('.selection-panel').waitFor({ state: 'hidden' });
    // Shift+drag over an empty corner selects nothing.
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    await page.keyboard.down('Shift');
    await page.mouse.move(plot.x + plot.width - 30, plot.y + 60);
    await page.mouse.down();
    for (const [dx, dy] of [
      [20, 0],
      [20, 20],
      [0, 20],
      [0, 0],
    ])
      await page.mouse.move(plot.x + plot.width - 30 + dx, plot.y + 60 + dy, { steps: 3 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    assert.equal(await page.locator('.selection-panel').isHidden(), true);
    assert.deepEqual(errors, []);
  });
});
