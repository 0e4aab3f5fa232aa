import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../src/core/random';
import { gaussian } from '../../../src/core/reduce/initial-layout';
import { principalAngle, robustExtent } from '../../../webview/shared/framing';

describe('robustExtent', () => {
  it('frames the bulk of the points, not a few strays far away', () => {
    const random = seededRandom(2);
    const xs = Array.from({ length: 2000 }, () => gaussian(random));
    const ys = Array.from({ length: 2000 }, () => gaussian(random));
    // Five strays a hundred units out.
    for (let i = 0; i < 5; i++) {
      xs.push(100 + i);
      ys.push(-100 - i);
    }
    const extent = robustExtent(xs, ys);
    assert.ok(extent.maxX < 4 && extent.minX > -4, `x from ${extent.minX} to ${extent.maxX}`);
    assert.ok(extent.maxY < 4 && extent.minY > -4, `y from ${extent.minY} to ${extent.maxY}`);
    const inside = xs.filter((x, i) => x >= extent.minX && x <= extent.maxX && ys[i] >= extent.minY && ys[i] <= extent.maxY).length;
    assert.ok(inside >= 0.98 * 2000, `${inside} points inside`);
  });

  it('holds every point of a small map', () => {
    assert.deepEqual(robustExtent([0, 1, 2], [5, 5, 6]), { minX: -0.08, maxX: 2.08, minY: 4.96, maxY: 6.04 });
  });
});

describe('principalAngle', () => {
  it('finds the direction of the largest spread, ignoring strays', () => {
    const random = seededRandom(3);
    for (const degrees of [0, 30, 75, -45, 90]) {
      const angle = (degrees * Math.PI) / 180;
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < 3000; i++) {
        const [u, v] = [gaussian(random) * 5, gaussian(random)];
        xs.push(u * Math.cos(angle) - v * Math.sin(angle));
        ys.push(u * Math.sin(angle) + v * Math.cos(angle));
      }
      xs.push(0, 0);
      ys.push(500, -500);
      const found = principalAngle(xs, ys);
      // An axis, not a direction: 90° and −90° are the same.
      const difference = Math.abs(((((found - angle + Math.PI / 2) % Math.PI) + Math.PI) % Math.PI) - Math.PI / 2);
      assert.ok(difference < 0.05, `${degrees}°: found ${(found * 180) / Math.PI}°`);
      assert.ok(found > -Math.PI / 2 && found <= Math.PI / 2);
    }
  });
});
