import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withFileContext } from '../../../src/core/embedding/fileContext';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';

function matrixOf(rows: number[][]): Matrix {
  return { rows: rows.length, cols: rows[0].length, data: Float32Array.from(rows.flat()) };
}
const rowOf = (m: Matrix, r: number) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols));
const norm = (v: number[]) => Math.hypot(...v);
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, j) => sum + x * b[j], 0) / (norm(a) * norm(b));

describe('withFileContext', () => {
  it("blends each row's direction with its file's mean direction, keeping the row's length", () => {
    const input = matrixOf([
      [2, 0],
      [0, 3],
      [1, 1],
    ]);
    const out = withFileContext(input, ['a.md', 'a.md', 'b.md'], 0.5);
    // File a: directions (1, 0) and (0, 1), mean direction (1, 1)/√2.
    const h = Math.SQRT1_2;
    const first = [0.5 + 0.5 * h, 0.5 * h];
    const second = [0.5 * h, 0.5 + 0.5 * h];
    rowOf(out, 0).forEach((x, j) => assert.ok(Math.abs(x - (2 * first[j]) / norm(first)) < 1e-6));
    rowOf(out, 1).forEach((x, j) => assert.ok(Math.abs(x - (3 * second[j]) / norm(second)) < 1e-6));
    assert.deepEqual(rowOf(out, 2), [1, 1], 'alone in its file: unchanged');
    assert.deepEqual(Array.from(input.data), [2, 0, 0, 3, 1, 1], 'the input is not written to');
  });

  it("draws a file's sections together and leaves other files' rows as they were", () => {
    const random = seededRandom(5);
    const rows = Array.from({ length: 12 }, () => Array.from({ length: 8 }, () => random() - 0.5));
    const files = rows.map((_, r) => (r < 4 ? 'guide.md' : r < 8 ? 'api.rst' : `page${r}.md`));
    const input = matrixOf(rows);
    for (const weight of [0.25, 0.5, 0.75]) {
      const out = withFileContext(input, files, weight);
      for (let r = 0; r < 12; r++) assert.ok(Math.abs(norm(rowOf(out, r)) - norm(rows[r])) < 1e-5, 'length kept');
      for (let r = 8; r < 12; r++) assert.deepEqual(rowOf(out, r), Array.from(input.data.subarray(r * 8, (r + 1) * 8)));
      for (const [a, b] of [
        [0, 1],
        [4, 7],
      ]) {
        assert.ok(cosine(rowOf(out, a), rowOf(out, b)) > cosine(rows[a], rows[b]), `rows ${a} and ${b} of one file come closer`);
      }
    }
    const whole = withFileContext(input, files, 1);
    for (const r of [1, 2, 3]) assert.ok(cosine(rowOf(whole, 0), rowOf(whole, r)) > 1 - 1e-6, 'weight 1: one direction per file');
  });

  it('returns its input when there is nothing to blend, keeps zero rows zero and checks its arguments', () => {
    const input = matrixOf([
      [1, 0],
      [0, 0],
      [0, 1],
    ]);
    assert.equal(withFileContext(input, ['a', 'a', 'a'], 0), input, 'weight 0');
    assert.equal(withFileContext(input, ['a', 'b', 'c'], 0.5), input, 'every document alone in its file');
    assert.equal(withFileContext(input, ['a', 'a', 'b'], 0.5), input, 'a zero row has no direction to share');
    const out = withFileContext(input, ['a', 'a', 'a'], 0.5);
    assert.deepEqual(rowOf(out, 1), [0, 0]);
    assert.ok(cosine(rowOf(out, 0), rowOf(out, 2)) > 0);
    assert.throws(() => withFileContext(input, ['a', 'a'], 0.5), RangeError);
    assert.throws(() => withFileContext(input, ['a', 'a', 'a'], 1.5), RangeError);
  });
});
