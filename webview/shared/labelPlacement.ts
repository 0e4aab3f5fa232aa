/**
 * Labels that never overlap: candidates in priority order, each tried at a few positions around its anchor (on it,
 * above, below, right, left) and kept at the first position whose box is inside the view and clear of every box
 * placed before; a label with no such position is left out. Placed boxes sit in a uniform grid, so a test looks only
 * at the few boxes near it: a few hundred candidates cost well under a millisecond.
 */

export interface LabelCandidate {
  readonly key: string;
  /** The anchor, in view pixels. */
  readonly x: number;
  readonly y: number;
  /** The text's size in pixels: advance width, and ascent + descent. */
  readonly width: number;
  readonly height: number;
}

export interface PlacedLabel {
  readonly key: string;
  /** Where to draw the text: x at the anchor named by `textAnchor`, y at the baseline. */
  readonly x: number;
  readonly y: number;
  readonly textAnchor: 'start' | 'middle' | 'end';
  /** The box it occupies (text plus padding). */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

export interface PlacementOptions {
  readonly width: number;
  readonly height: number;
  /** Space kept free around each label. */
  readonly padding?: number;
  /** Distance from the anchor for the positions beside it. */
  readonly offset?: number;
  /** Part of the text height above the baseline (the rest is below). */
  readonly ascent?: number;
}

const CELL = 48;

type Position = 'on' | 'above' | 'below' | 'right' | 'left';
const POSITIONS: readonly Position[] = ['on', 'above', 'below', 'right', 'left'];

export function placeLabels(candidates: readonly LabelCandidate[], options: PlacementOptions): PlacedLabel[] {
  const padding = options.padding ?? 2;
  const offset = options.offset ?? 6;
  const ascentShare = options.ascent ?? 0.78;
  const grid = new Map<number, PlacedLabel[]>();
  const columns = Math.ceil(options.width / CELL) + 2;
  const cellsOf = (box: { left: number; top: number; right: number; bottom: number }): number[] => {
    const cells: number[] = [];
    for (let cy = Math.floor(box.top / CELL); cy <= Math.floor(box.bottom / CELL); cy++) {
      for (let cx = Math.floor(box.left / CELL); cx <= Math.floor(box.right / CELL); cx++) cells.push(cy * columns + cx);
    }
    return cells;
  };
  const clear = (box: PlacedLabel): boolean => {
    for (const cell of cellsOf(box)) {
      for (const other of grid.get(cell) ?? []) {
        if (box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom) return false;
      }
    }
    return true;
  };
  const placed: PlacedLabel[] = [];
  for (const candidate of candidates) {
    for (const position of POSITIONS) {
      const box = boxAt(candidate, position, offset, padding, ascentShare);
      if (box.left < 0 || box.top < 0 || box.right > options.width || box.bottom > options.height) continue;
      if (!clear(box)) continue;
      placed.push(box);
      for (const cell of cellsOf(box)) {
        const list = grid.get(cell);
        if (list) list.push(box);
        else grid.set(cell, [box]);
      }
      break;
    }
  }
  return placed;
}

function boxAt(c: LabelCandidate, position: Position, offset: number, padding: number, ascentShare: number): PlacedLabel {
  const ascent = c.height * ascentShare;
  // The box's top-left corner and the text anchor for each position.
  let left: number;
  let top: number;
  let textAnchor: PlacedLabel['textAnchor'] = 'middle';
  switch (position) {
    case 'on':
      left = c.x - c.width / 2;
      top = c.y - c.height / 2;
      break;
    case 'above':
      left = c.x - c.width / 2;
      top = c.y - offset - c.height;
      break;
    case 'below':
      left = c.x - c.width / 2;
      top = c.y + offset;
      break;
    case 'right':
      left = c.x + offset;
      top = c.y - c.height / 2;
      textAnchor = 'start';
      break;
    case 'left':
      left = c.x - offset - c.width;
      top = c.y - c.height / 2;
      textAnchor = 'end';
      break;
  }
  const x = textAnchor === 'middle' ? left + c.width / 2 : textAnchor === 'start' ? left : left + c.width;
  return {
    key: c.key,
    x,
    y: top + ascent,
    textAnchor,
    left: left - padding,
    top: top - padding,
    right: left + c.width + padding,
    bottom: top + c.height + padding,
  };
}
