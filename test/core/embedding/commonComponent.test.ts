import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstSingularVector, removeComponent } from '../../../src/core/embedding/commonComponent';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';

/** Unit rows that all share one direction `shared` plus independent noise. */
function rowsAround(shared: number[], n: number, noise: number): Matrix {
  const random = seededRandom(11);
  const d = shared.length;
  const data = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let j = 0; j < d; j++) {
      data[r * d + j] = shared[j] + noise * (random() - 0.5);
      norm += data[r * d + j] ** 2;
    }
    for (let j = 0; j < d; j++) data[r * d + j] /= Math.sqrt(norm);
  }
  return { rows: n, cols: d, data };
}

describe('common component', () => {
  it('finds the direction every row shares', () => {
    const shared = [3, 0, 4, 0, 0, 0].map((v) => v / 5);
    const v = firstSingularVector(rowsAround(shared, 200, 0.4));
    const cosine = Math.abs(shared.reduce((sum, s, j) => sum + s * v[j], 0));
    assert.ok(cosine > 0.99, `cosine to the shared direction ${cosine}`);
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-6);
  });

  it('leaves unit rows orthogonal to the component, and zero rows zero', () => {
    const m = rowsAround([1, 1, 0, 0], 50, 1);
    m.data.fill(0, 0, 4); // row 0 is an unembeddable document
    const v = firstSingularVector(m);
    removeComponent(m, v);
    assert.deepEqual(Array.from(m.data.subarray(0, 4)), [0, 0, 0, 0]);
    for (let r = 1; r < m.rows; r++) {
      const x = m.data.subarray(r * 4, r * 4 + 4);
      assert.ok(Math.abs(x.reduce((sum, value, j) => sum + value * v[j], 0)) < 1e-5);
      assert.ok(Math.abs(Math.hypot(...x) - 1) < 1e-5);
    }
  });
});
