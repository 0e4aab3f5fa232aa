/** The standalone map.html in Chromium: the shell from renderMapHtml with the built dist/webview/standalone.js. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkipReason, launchChromium } from '../../../scripts/vscode-test/chromium';
import type { MapData, MapPoint } from '../../../src/core/report/mapData';
import { cspHash, renderMapHtml } from '../../../src/core/report/mapHtml';
import { STANDALONE_PALETTE } from '../../../webview/standalone/palette';
import { drawn, opaqueSpots, paintedByColour, topicLabels } from '../../e2e/map';
import { SAFETY_LIMIT_MS } from '../../support/waiting';

const script = path.resolve(__dirname, '../../../dist/webview/standalone.js');

/** Three tight topics on a circle and a few outliers in the middle. */
function sampleData(): MapData {
  const points: MapPoint[] = [];
  const topics = [0, 1, 2].map((id) => {
    const centroid = [Math.cos((2 * Math.PI * id) / 3), Math.sin((2 * Math.PI * id) / 3)] as const;
    for (let i = 0; i < 20; i++) {
      const [x, y] = [centroid[0] + 0.1 * Math.cos(i), centroid[1] + 0.1 * Math.sin(i)];
      points.push({ x, y, topic: id, path: `topic${id}/note-${i}.md`, heading: i % 2 ? `Section ${i}` : null, startLine: 1, endLine: 5, snippet: `Text of note ${i} about topic ${id}.` });
    }
    return { id, label: `${id}: word${id}_more_words`, title: `Notes about topic ${id}`, count: 20, colorIndex: id, centroid, words: [] };
  });
  for (let i = 0; i < 5; i++) points.push({ x: 0.05 * i, y: 0, topic: -1, path: `misc/${i}.md`, heading: null, startLine: 1, endLine: 1, snippet: '' });
  return { title: 'sample', points, topics: [{ id: -1, label: 'Unassigned (-1)', title: null, count: 5, colorIndex: -1, centroid: [0.1, 0], words: [] }, ...topics] };
}

const skip = chromiumSkipReason();

/** The page's CSP directives, by name. */
function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(content, 'map.html has a CSP meta element');
  return new Map(content.split(';').map((directive) => {
    const [name, ...sources] = directive.trim().split(/\s+/);
    return [name, sources];
  }));
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
    const colours = groups.map((id) => (id < 0 ? STANDALONE_PALETTE.grey : STANDALONE_PALETTE.topics[data.topics.find((t) => t.id === id)!.colorIndex]));
    const { areas, other } = await paintedByColour(page, colours);
    const painted = areas.reduce((sum, area) => sum + area.count, 0);
    assert.ok(other <= 0.05 * painted, `${other} painted pixels in none of the colours (${painted} in them)`);
    // About the same area per point in every group: every point of every group is drawn, once.
    const perPoint = groups.map((id, k) => areas[k].count / data.points.filter((p) => p.topic === id).length);
    for (const [k, area] of perPoint.entries()) {
      assert.ok(area > 0.6 * perPoint[0] && area < 1.6 * perPoint[0], `group ${groups[k]}: ${area.toFixed(1)} px per point, group 0: ${perPoint[0].toFixed(1)}`);
    }
    // Each colour is centred where its points are: one scale for both axes, y up (screen = a + s·x, b − s·y).
    const centres = groups.map((id) => {
      const members = data.points.filter((p) => p.topic === id);
      return [members.reduce((sum, p) => sum + p.x, 0) / members.length, members.reduce((sum, p) => sum + p.y, 0) / members.length] as const;
    });
    const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const [mx, my, mX, mY] = [mean(centres.map((c) => c[0])), mean(centres.map((c) => c[1])), mean(areas.map((a) => a.x)), mean(areas.map((a) => a.y))];
    const scale =
      centres.reduce((sum, [x, y], k) => sum + (areas[k].x - mX) * (x - mx) - (areas[k].y - mY) * (y - my), 0) /
      centres.reduce((sum, [x, y]) => sum + (x - mx) ** 2 + (y - my) ** 2, 0);
    assert.ok(scale > 50, `the data are drawn at ${scale.toFixed(1)} px per unit (flipped or squashed)`);
    centres.forEach(([x, y], k) => {
      const [expectedX, expectedY] = [mX + scale * (x - mx), mY - scale * (y - my)];
      const off = Math.hypot(areas[k].x - expectedX, areas[k].y - expectedY);
      assert.ok(off < 3, `group ${groups[k]}'s colour is centred ${off.toFixed(1)} px away from its points`);
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

  it('keeps a label inside the top edge while its centroid is in view, and lets it go with the centroid', async () => {
    const label = page.locator('svg.labels text.topic-label').first();
    const labelY = async () => Number(await label.getAttribute('y'));
    const drag = async (dy: number) => {
      const x = 400;
      const y = 300;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x, y + dy, { steps: 5 });
      await page.mouse.up();
    };
    const start = await labelY();
    assert.ok(start > 14, `the label starts in the open (y ${start})`);
    // The centroid 5 px below the top edge: the label sits one line down instead of being cut off.
    await drag(5 - start);
    await page.waitForFunction(() => Number(document.querySelector('svg.labels text.topic-label')?.getAttribute('y')) === 14);
    // The centroid above the edge: the label leaves with it.
    await drag(-20);
    await page.waitForFunction(() => Number(document.querySelector('svg.labels text.topic-label')?.getAttribute('y')) < 0);
    assert.deepEqual(errors, []);
  });
});
