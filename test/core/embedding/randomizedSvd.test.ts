/** Randomized truncated SVD against the exact decomposition of small matrices. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomizedSvd, symmetricEigen } from '../../../src/core/embedding/randomizedSvd';
import { seededRandom } from '../../../src/core/random';
import { SparseRowsBuilder, type SparseMatrix } from '../../../src/core/topics/sparse';

/**
 * A rows × cols matrix like a document-term matrix: each row mixes a few of `rank` sparse word profiles with
 * decaying strength, plus sparse noise; as sparse rows and as dense rows.
 */
function randomSparse(rows: number, cols: number, rank: number, seed: number): { sparse: SparseMatrix; dense: Float64Array } {
  const random = seededRandom(seed);
  const profiles = Array.from({ length: rank }, (_, t) => Float64Array.from({ length: cols }, () => (random() < 0.3 ? random() / (t + 1) : 0)));
  const builder = new SparseRowsBuilder();
  const dense = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (const profile of profiles) {
      const weight = random();
      for (let c = 0; c < cols; c++) dense[r * cols + c] += weight * profile[c];
    }
    for (let c = 0; c < cols; c++) if (random() < 0.05) dense[r * cols + c] += 0.01 * random();
    const columns: number[] = [];
    const values: number[] = [];
    for (let c = 0; c < cols; c++) {
      if (dense[r * cols + c] === 0) continue;
      columns.push(c);
      values.push(dense[r * cols + c]);
    }
    builder.addRow(columns, values, columns.length);
  }
  return { sparse: builder.build(cols), dense };
}

function gramOfColumns(dense: Float64Array, rows: number, cols: number): Float64Array {
  const gram = new Float64Array(cols * cols);
  for (let r = 0; r < rows; r++) for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) gram[i * cols + j] += dense[r * cols + i] * dense[r * cols + j];
  return gram;
}

describe('symmetricEigen', () => {
  it('diagonalises a symmetric matrix: A v = λ v for each row of vectors, eigenvalues descending', () => {
    const a = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    const { values, vectors } = symmetricEigen(a, 3);
    assert.ok(values[0] >= values[1] && values[1] >= values[2]);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += a[i * 3 + j] * vectors[k * 3 + j];
        assert.ok(Math.abs(av - values[k] * vectors[k * 3 + i]) < 1e-9);
      }
    }
    assert.ok(Math.abs(values[0] + values[1] + values[2] - 12) < 1e-9, 'the trace is kept');
  });
});

describe('randomizedSvd', () => {
  it('finds the leading singular values and right vectors of a sparse matrix (exact: eigen of XᵀX)', () => {
    const [rows, cols, k] = [120, 40, 6];
    const { sparse, dense } = randomSparse(rows, cols, 6, 3);
    const exact = symmetricEigen(gramOfColumns(dense, rows, cols), cols);
    const svd = randomizedSvd(sparse, k, seededRandom(1));
    assert.equal(svd.k, k);
    for (let i = 0; i < k; i++) {
      const sigma = Math.sqrt(exact.values[i]);
      assert.ok(Math.abs(svd.singularValues[i] - sigma) < 1e-3 * sigma, `σ${i} ${svd.singularValues[i]} vs ${sigma}`);
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += svd.components[i * cols + c] * exact.vectors[i * cols + c];
      assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-3, `component ${i} is the exact right singular vector up to sign (|cos| ${Math.abs(dot)})`);
    }
  });

  it('is reproducible for a seed and gives at most min(rows, cols) components', () => {
    const { sparse } = randomSparse(8, 30, 4, 5);
    const a = randomizedSvd(sparse, 20, seededRandom(7));
    const b = randomizedSvd(sparse, 20, seededRandom(7));
    assert.equal(a.k, 8);
    assert.deepEqual(Array.from(a.components), Array.from(b.components));
  });
});
