import assert from 'node:assert/strict';
import { test } from 'node:test';
import { denseCosineDistances, sparseCosineDistances } from '../../../src/core/hierarchy/cosineDistances';
import { seededRandom } from '../../../src/core/random';
import { SparseRowsBuilder } from '../../../src/core/topics/sparse';

/** A c-TF-IDF-like matrix: a few columns in nearly every row, most in few; one row empty. */
function sparseRows(rows: number, cols: number, seed: number) {
  const random = seededRandom(seed);
  const builder = new SparseRowsBuilder();
  const dense: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const values = Array.from({ length: cols }, (_, c) => (r !== 3 && random() < 0.9 / (1 + c / 4) ? random() * 3 : 0));
    const columns = values.flatMap((v, c) => (v > 0 ? [c] : []));
    builder.addRow(
      columns,
      columns.map((c) => values[c]),
      columns.length,
    );
    dense.push(values);
  }
  return { sparse: builder.build(cols), dense };
}

test('sparse cosine distances between chosen rows equal the dense computation bit for bit, an empty row at distance 1', () => {
  const { sparse, dense } = sparseRows(40, 300, 5);
  const chosen = [0, 2, 3, 5, 8, 13, 21, 22, 30, 39];
  const expected = denseCosineDistances({ rows: chosen.length, cols: 300, data: Float64Array.from(chosen.flatMap((r) => dense[r])) });
  const actual = sparseCosineDistances(sparse, chosen);
  assert.deepEqual(actual, expected);
  // Row 3 (position 2) is empty: 1 from every other row.
  assert.equal(actual[1], 1);
  assert.ok(
    actual.some((d) => d > 0 && d < 0.9),
    'rows that share columns are closer than 1',
  );
});
