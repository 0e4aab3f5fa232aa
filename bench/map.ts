/**
 * The document map at the size of a large documentation tree (issue 9: 34,000 points and 400 topics stay smooth),
 * in headless Chromium:
 *
 *   node --import tsx bench/map.ts [points] [topics]       (after npm run build; also part of npm run bench)
 *
 * Loads the standalone map.html (the same renderer as the editor's webview, webview/shared/scatter.ts) with a
 * synthetic result (test/support/syntheticMap.ts: topics in groups from a hierarchy), zooms and pans with the wheel
 * and the mouse like a user, and prints how long each redraw's JavaScript takes (a rAF callback: the canvas paths
 * and the label placement) and how often frames came. Chromium runs with --disable-gpu here, so rasterising is
 * software: a real editor with a GPU paints faster.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isChromiumInstalled, launchChromium } from '../scripts/vscode-test/chromium';
import { buildMapData } from '../src/core/report/mapData';
import { renderMapHtml } from '../src/core/report/mapHtml';
import { syntheticResult } from '../test/support/syntheticMap';

const count = Number(process.argv[2] ?? 34_000);
const topicCount = Number(process.argv[3] ?? 400);

/** Median and 95th percentile. */
function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (${values.length} frames)`;
}

async function main(): Promise<void> {
  if (!isChromiumInstalled()) {
    console.log('Map redraw: skipped (Chromium is missing: apt-get install chromium).');
    return;
  }
  const script = readFileSync(path.resolve(__dirname, '../dist/webview/standalone.js'), 'utf8');
  const folder = mkdtempSync(path.join(tmpdir(), 'topic-lens-map-'));
  const { browser, stop } = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Times every animation-frame callback, and when frames ran, before the map's script starts.
    await page.addInitScript(() => {
      const record: { start: number; ms: number }[] = [];
      (window as unknown as { __frames: typeof record }).__frames = record;
      const request = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (callback) =>
        request((time) => {
          const start = performance.now();
          callback(time);
          record.push({ start, ms: performance.now() - start });
        });
    });
    const file = path.join(folder, 'map.html');
    const started0 = performance.now();
    const data = buildMapData(syntheticResult(count, topicCount));
    const prepare = performance.now() - started0;
    writeFileSync(file, renderMapHtml(data, script));
    await page.goto(pathToFileURL(file).href);
    await page.locator('svg.labels text.map-label').first().waitFor();
    await page.evaluate(() => ((window as unknown as { __frames: unknown[] }).__frames.length = 0));

    const started = Date.now();
    await page.mouse.move(700, 450);
    for (let i = 0; i < 40; i++) await page.mouse.wheel(0, i < 20 ? -120 : 120);
    await page.mouse.down();
    for (let i = 0; i < 40; i++) await page.mouse.move(700 + 5 * i, 450 + 3 * i);
    await page.mouse.up();
    const seconds = (Date.now() - started) / 1000;
    const frames = await page.evaluate(() => (window as unknown as { __frames: { start: number; ms: number }[] }).__frames);
    const gaps = frames.slice(1).map((f, i) => f.start - frames[i].start);
    console.log(
      `\n## Map redraw, ${count.toLocaleString('en')} points in ${topicCount} topics (${data.groups.length} groups), headless Chromium without GPU (bench/map.ts)`,
    );
    console.log(`map data (groups, colours, label anchors) built in ${prepare.toFixed(0)} ms`);
    console.log(`redraw JavaScript per frame: ${summary(frames.map((f) => f.ms))}`);
    // Playwright delivers one input event per round trip, so this is bounded by the input, not by the map.
    console.log(
      `time between frames while zooming and panning: ${summary(gaps)}; ${(frames.length / seconds).toFixed(0)} frames/s over ${seconds.toFixed(1)} s of input`,
    );
  } finally {
    await stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
