/** Randomized truncated SVD against the exact decomposition of small matrices. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomizedSvd } from '../../../src/core/embedding/randomizedSvd';
import { symmetricEigen } from '../../../src/core/embedding/symmetricEigen';
import { seededRandom } from '../../../src/core/random';
import { SparseRowsBuilder, type SparseMatrix } from '../../../src/core/topics/sparse';

/**
 * A rows × cols matrix like a document-term matrix: each row mixes a few of `rank` sparse word profiles with
 * decaying strength, plus sparse noise (rank `rank` without it); as sparse rows and as dense rows.
 */
function randomSparse(rows: number, cols: number, rank: number, seed: number, noise = 0.01): { sparse: SparseMatrix; dense: Float64Array } {
  const random = seededRandom(seed);
  const profiles = Array.from({ length: rank }, (_, t) => Float64Array.from({ length: cols }, () => (random() < 0.3 ? random() / (t + 1) : 0)));
  const builder = new SparseRowsBuilder();
  const dense = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (const profile of profiles) {
      const weight = random();
      for (let c = 0; c < cols; c++) dense[r * cols + c] += weight * profile[c];
    }
    for (let c = 0; c < cols; c++) if (random() < 0.05) dense[r * cols + c] += noise * random();
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

/** A random orthogonal n × n matrix (rows orthonormal): Gram–Schmidt of Gaussian-ish rows. */
function randomOrthogonal(n: number, random: () => number): Float64Array {
  const q = Float64Array.from({ length: n * n }, () => random() - 0.5);
  for (let i = 0; i < n; i++) {
    const row = q.subarray(i * n, (i + 1) * n);
    for (let j = 0; j < i; j++) {
      const prev = q.subarray(j * n, (j + 1) * n);
      const dot = row.reduce((sum, x, t) => sum + x * prev[t], 0);
      row.forEach((x, t) => (row[t] = x - dot * prev[t]));
    }
    const norm = Math.hypot(...row);
    row.forEach((x, t) => (row[t] = x / norm));
  }
  return q;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Column c of a row-major rows × width matrix. */
function column(m: Float64Array, rows: number, width: number, c: number): Float64Array {
  return Float64Array.from({ length: rows }, (_, r) => m[r * width + c]);
}

/** Checks the components against the exact right singular vectors (rows of `exact`, largest first). */
function assertSubspace(svd: { components: Float64Array; k: number }, exact: Float64Array, cols: number, tolerance: number): void {
  for (let i = 0; i < svd.k; i++) {
    const v = column(svd.components, cols, svd.k, i);
    for (let j = 0; j < svd.k; j++) {
      const expected = i === j ? 1 : 0;
      assert.ok(Math.abs(dot(v, column(svd.components, cols, svd.k, j)) - expected) < tolerance, `components ${i}, ${j} are orthonormal`);
    }
    // Inside the exact top-k subspace: the projection keeps the whole length.
    let kept = 0;
    for (let j = 0; j < svd.k; j++) kept += dot(v, exact.subarray(j * cols, (j + 1) * cols)) ** 2;
    assert.ok(Math.abs(kept - 1) < tolerance, `component ${i} lies in the exact subspace (${kept})`);
  }
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

  it('recovers a known spectrum with repeated, zero and negative eigenvalues, and orthonormal eigenvectors', () => {
    const n = 40;
    const spectrum = Array.from({ length: n }, (_, i) => (i < 5 ? 7 : i < 8 ? 0 : i % 3 === 0 ? -(i / 4) : i / 3));
    const q = randomOrthogonal(n, seededRandom(11));
    // A = Qᵀ diag(spectrum) Q: row i of Q is the eigenvector of spectrum[i].
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let t = 0; t < n; t++) a[i * n + j] += q[t * n + i] * spectrum[t] * q[t * n + j];
    const { values, vectors } = symmetricEigen(a, n);
    const expected = [...spectrum].sort((x, y) => y - x);
    values.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-10, `λ${i} ${value} vs ${expected[i]}`));
    for (let i = 0; i < n; i++) {
      const v = vectors.subarray(i * n, (i + 1) * n);
      for (let j = 0; j <= i; j++) assert.ok(Math.abs(dot(v, vectors.subarray(j * n, (j + 1) * n)) - (i === j ? 1 : 0)) < 1e-10);
      for (let r = 0; r < n; r++) assert.ok(Math.abs(dot(a.subarray(r * n, (r + 1) * n), v) - values[i] * v[r]) < 1e-9, `A v${i} = λ v${i}`);
    }
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
      const cosine = dot(column(svd.components, cols, k, i), exact.vectors.subarray(i * cols, (i + 1) * cols));
      assert.ok(Math.abs(Math.abs(cosine) - 1) < 1e-3, `component ${i} is the exact right singular vector up to sign (|cos| ${Math.abs(cosine)})`);
    }
    assertSubspace(svd, exact.vectors, cols, 1e-6);
  });

  it('is exact on a matrix of rank k, wider than tall or taller than wide', () => {
    for (const [rows, cols] of [
      [30, 90],
      [90, 30],
    ]) {
      const { sparse, dense } = randomSparse(rows, cols, 5, 8, 0);
      const exact = symmetricEigen(gramOfColumns(dense, rows, cols), cols);
      const svd = randomizedSvd(sparse, 5, seededRandom(2), { oversamples: 0 });
      assert.equal(svd.k, 5);
      for (let i = 0; i < 5; i++) {
        const sigma = Math.sqrt(exact.values[i]);
        assert.ok(Math.abs(svd.singularValues[i] - sigma) < 1e-9 * svd.singularValues[0], `${rows}×${cols}: σ${i} ${svd.singularValues[i]} vs ${sigma}`);
      }
      assertSubspace(svd, exact.vectors, cols, 1e-9);
    }
  });

  it('gives only as many components as the matrix has independent directions (duplicate rows)', () => {
    const { dense } = randomSparse(6, 50, 6, 9);
    const builder = new SparseRowsBuilder();
    const duplicated = new Float64Array(60 * 50);
    for (let r = 0; r < 60; r++) {
      const source = dense.subarray((r % 6) * 50, ((r % 6) + 1) * 50);
      duplicated.set(source, r * 50);
      const columns = [...source.keys()].filter((c) => source[c] !== 0);
      builder.addRow(
        columns,
        columns.map((c) => source[c]),
        columns.length,
      );
    }
    const svd = randomizedSvd(builder.build(50), 20, seededRandom(4));
    assert.equal(svd.k, 6, 'six distinct rows: rank six');
    const exact = symmetricEigen(gramOfColumns(duplicated, 60, 50), 50);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(svd.singularValues[i] - Math.sqrt(exact.values[i])) < 1e-9 * svd.singularValues[0]);
    assertSubspace(svd, exact.vectors, 50, 1e-9);
  });

  it('is reproducible for a seed and gives at most min(rows, cols) components', () => {
    const { sparse } = randomSparse(8, 30, 4, 5);
    const a = randomizedSvd(sparse, 20, seededRandom(7));
    const b = randomizedSvd(sparse, 20, seededRandom(7));
    assert.equal(a.k, 8);
    assert.deepEqual(Array.from(a.components), Array.from(b.components));
  });
  it('gives the same numbers, bit for bit, with a helper thread (taller than wide and wider than tall)', () => {
    for (const [rows, cols] of [
      [400, 90],
      [90, 400],
    ]) {
      const { sparse } = randomSparse(rows, cols, 12, 8);
      const alone = randomizedSvd(sparse, 30, seededRandom(3));
      const helped = randomizedSvd(sparse, 30, seededRandom(3), { threads: 2 });
      assert.deepEqual(helped.components, alone.components);
      assert.deepEqual(helped.singularValues, alone.singularValues);
    }
  });
});
