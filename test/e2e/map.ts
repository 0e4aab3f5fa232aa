/**
 * Reading the document map from Playwright: its labels and where its points are drawn. Works on the
 * Topic Map webview (a frame) and on the CLI's standalone map.html (a page): both hold the same `.plot`.
 */
import type { FrameLocator, Page } from 'playwright-core';

type MapRoot = FrameLocator | Page;

export interface CanvasSpot {
  readonly x: number;
  readonly y: number;
}

/** Waits until the canvas shows the map's current state: no redraw is pending (the map marks it `aria-busy`). */
export async function drawn(map: MapRoot): Promise<void> {
  await map.locator('.plot canvas:not([aria-busy="true"])').waitFor();
}

/** Painted pixels of one colour: how many, and their mean position in CSS pixels relative to the canvas. */
export interface ColourArea {
  readonly count: number;
  readonly x: number;
  readonly y: number;
}

/**
 * The canvas's painted pixels (alpha ≥ 64: points, not their faint antialiased rims) sorted by colour: for each of
 * `colours` (hex), the pixels within `tolerance` of it in every channel, and how many pixels match none.
 */
export function paintedByColour(map: MapRoot, colours: readonly string[], tolerance = 12): Promise<{ readonly areas: ColourArea[]; readonly other: number }> {
  return map.locator('.plot canvas').evaluate(
    (canvas: HTMLCanvasElement, options: { colours: string[]; tolerance: number }) => {
      const rgb = options.colours.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
      const sums = rgb.map(() => ({ count: 0, x: 0, y: 0 }));
      let other = 0;
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      const ratio = canvas.width / canvas.clientWidth;
      for (let p = 0; p < pixels.length / 4; p++) {
        if (pixels[4 * p + 3] < 64) continue;
        const match = rgb.findIndex((c) => c.every((value, k) => Math.abs(value - pixels[4 * p + k]) <= options.tolerance));
        if (match < 0) {
          other++;
          continue;
        }
        sums[match].count++;
        sums[match].x += (p % canvas.width) / ratio;
        sums[match].y += Math.floor(p / canvas.width) / ratio;
      }
      return { areas: sums.map((s) => ({ count: s.count, x: s.x / Math.max(1, s.count), y: s.y / Math.max(1, s.count) })), other };
    },
    { colours: [...colours], tolerance },
  );
}

/**
 * Spots on the canvas where points are drawn opaquely (the map draws faded points almost transparent), in CSS
 * pixels relative to the canvas, at least `spacing` pixels apart, nearest to the centre first (away from the
 * plot's edges). Hovering a spot shows the tooltip of the point there.
 */
export function opaqueSpots(map: MapRoot, limit = 10, minAlpha = 200, spacing = 4): Promise<CanvasSpot[]> {
  return map.locator('.plot canvas').evaluate(
    (canvas: HTMLCanvasElement, options: { limit: number; minAlpha: number; spacing: number }) => {
      const context = canvas.getContext('2d');
      if (!context) return [];
      const { width, height } = canvas;
      const pixels = context.getImageData(0, 0, width, height).data;
      const ratio = width / canvas.clientWidth;
      const candidates: { x: number; y: number; distance: number }[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (pixels[(y * width + x) * 4 + 3] >= options.minAlpha)
            candidates.push({ x: x / ratio, y: y / ratio, distance: (x - width / 2) ** 2 + (y - height / 2) ** 2 });
        }
      }
      candidates.sort((a, b) => a.distance - b.distance);
      const spots: { x: number; y: number }[] = [];
      for (const c of candidates) {
        if (spots.length >= options.limit) break;
        if (spots.every((s) => (s.x - c.x) ** 2 + (s.y - c.y) ** 2 >= options.spacing ** 2)) spots.push({ x: c.x, y: c.y });
      }
      return spots;
    },
    { limit, minAlpha, spacing },
  );
}

/** How many canvas pixels are painted at all (the points). */
export function paintedPixels(map: MapRoot): Promise<number> {
  return map.locator('.plot canvas').evaluate((canvas: HTMLCanvasElement) => {
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
    return painted;
  });
}

/** The topic labels ("N: w1_w2_w3") drawn in the map's SVG layer. */
export function topicLabels(map: MapRoot): Promise<string[]> {
  return map.locator('svg.labels text.topic-label').allTextContents();
}

/** The group labels ("w1 · w2 · w3") drawn in the map's SVG layer. */
export function groupLabels(map: MapRoot): Promise<string[]> {
  return map.locator('svg.labels text.group-label').allTextContents();
}

/**
 * The share of a `grid` × `grid` division of the plot whose cells hold at least one painted pixel: how much of the
 * plot the points fill (the measure of framing: 21 % before robust framing).
 */
export function coveredCells(map: MapRoot, grid = 24): Promise<number> {
  return map.locator('.plot canvas').evaluate((canvas: HTMLCanvasElement, cells: number) => {
    const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (!pixels) return 0;
    const covered = new Uint8Array(cells * cells);
    for (let y = 0; y < canvas.height; y++) {
      const row = Math.min(cells - 1, Math.floor((y * cells) / canvas.height));
      for (let x = 0; x < canvas.width; x++) {
        if (pixels[(y * canvas.width + x) * 4 + 3] > 0) covered[row * cells + Math.min(cells - 1, Math.floor((x * cells) / canvas.width))] = 1;
      }
    }
    return covered.reduce((sum, c) => sum + c, 0) / covered.length;
  }, grid);
}

/** Pairs of visible map labels whose boxes (as the browser lays the text out) overlap, as "a | b" strings. */
export function overlappingLabels(map: MapRoot): Promise<string[]> {
  return map.locator('svg.labels').evaluate((svg: SVGSVGElement) => {
    const boxes = [...svg.querySelectorAll<SVGTextElement>('text.map-label')]
      .filter((text) => getComputedStyle(text).display !== 'none' && text.textContent !== '')
      .map((text) => ({ text: text.textContent ?? '', box: text.getBoundingClientRect() }));
    const pairs: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box;
        const b = boxes[j].box;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push(`${boxes[i].text} | ${boxes[j].text}`);
      }
    }
    return pairs;
  });
}
