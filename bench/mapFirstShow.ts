/**
 * The issue-9 acceptance measures of a map on first show, for map.html files the CLI wrote:
 *
 *   node dist/cli.js <docs folder> --out <dir> && node --import tsx bench/mapFirstShow.ts <dir>/map.html [...]
 *
 * For each file and a few panel sizes (wide, square, tall as the editor's side panel): the share of a 24×24 grid of
 * the plot that points cover, how many labels are visible and of which level, and how many pairs of visible labels
 * overlap (the issue: 21 % and 3 overlapping pairs among 10 labels before).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isChromiumInstalled, launchChromium } from '../scripts/vscode-test/chromium';
import { coveredCells, groupLabels, overlappingLabels, topicLabels } from '../test/e2e/map';

const VIEWPORTS: readonly (readonly [number, number])[] = [
  [1400, 900],
  [900, 900],
  [700, 1000],
];

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('Give one or more map.html files (written by node dist/cli.js <folder> --out DIR).');
  if (!isChromiumInstalled()) {
    console.log('Map first show: skipped (Chromium is missing: apt-get install chromium).');
    return;
  }
  const { browser, stop } = await launchChromium();
  try {
    for (const file of files) {
      const title = /<title>([^<]*)<\/title>/.exec(readFileSync(file, 'utf8'))?.[1] ?? file;
      console.log(`\n## ${path.resolve(file)} (${title})`);
      for (const [width, height] of VIEWPORTS) {
        const page = await browser.newPage({ viewport: { width, height } });
        await page.goto(pathToFileURL(path.resolve(file)).href);
        await page.locator('svg.labels text.map-label').first().waitFor();
        // Two frames: the first draw and its labels.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        const coverage = await coveredCells(page);
        const groups = (await groupLabels(page)).length;
        const topics = (await topicLabels(page)).length;
        const overlaps = await overlappingLabels(page);
        console.log(
          `${width}×${height}: points cover ${(100 * coverage).toFixed(1)} % of a 24×24 grid; ${groups + topics} labels (${groups} group, ${topics} topic); ${overlaps.length} overlapping pairs`,
        );
        await page.close();
      }
    }
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
