import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { placeLabels, type LabelCandidate, type PlacedLabel } from '../../../webview/shared/labelPlacement';

const VIEW = { width: 800, height: 600 };

function overlap(a: PlacedLabel, b: PlacedLabel): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The text's own box, from where it is drawn (as a browser would lay it out). */
function textBox(p: PlacedLabel, c: LabelCandidate, ascent = 0.78): { left: number; right: number; top: number; bottom: number } {
  const left = p.textAnchor === 'middle' ? p.x - c.width / 2 : p.textAnchor === 'start' ? p.x : p.x - c.width;
  return { left, right: left + c.width, top: p.y - ascent * c.height, bottom: p.y + (1 - ascent) * c.height };
}

describe('placeLabels', () => {
  it('places no two labels over each other, keeps each inside the view and leaves out what does not fit', () => {
    const random = seededRandom(3);
    const candidates: LabelCandidate[] = Array.from({ length: 400 }, (_, i) => ({
      key: String(i),
      x: random() * VIEW.width,
      y: random() * VIEW.height,
      width: 40 + random() * 200,
      height: 15,
    }));
    const placed = placeLabels(candidates, VIEW);
    assert.ok(placed.length > 20 && placed.length < 400, `${placed.length} placed`);
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    for (let i = 0; i < placed.length; i++) {
      const box = textBox(placed[i], byKey.get(placed[i].key)!);
      assert.ok(box.left >= 0 && box.top >= 0 && box.right <= VIEW.width && box.bottom <= VIEW.height, `label ${placed[i].key} is inside`);
      for (let j = i + 1; j < placed.length; j++) assert.ok(!overlap(placed[i], placed[j]), `labels ${placed[i].key} and ${placed[j].key} overlap`);
    }
  });

  it('places in priority order: the first candidate always gets its place on its anchor', () => {
    const candidates = [
      { key: 'big', x: 400, y: 300, width: 120, height: 16 },
      { key: 'small', x: 400, y: 312, width: 60, height: 16 },
    ];
    const [first, second] = placeLabels(candidates, VIEW);
    assert.deepEqual([first.key, first.x, first.textAnchor], ['big', 400, 'middle']);
    assert.equal(second.key, 'small');
    assert.ok(!overlap(first, second), 'the second moved beside the first');
  });

  it('moves a label near the top edge below its anchor, and drops one that fits nowhere', () => {
    const [near] = placeLabels([{ key: 'top', x: 400, y: 3, width: 80, height: 16 }], VIEW);
    assert.ok(near.y - 0.78 * 16 >= 0 && near.top >= 0);
    assert.deepEqual(placeLabels([{ key: 'wide', x: 400, y: 300, width: 900, height: 16 }], VIEW), []);
  });
});
