/**
 * UMAP's starting layouts, pinned down by what they must equal: PCA's scores are the data's top principal
 * components (up to sign), the spectral layout spans the leading non-trivial eigenvectors of the graph's
 * normalised adjacency, which on two loosely joined cliques is the vector that tells them apart.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import type { FuzzyGraph } from '../../../src/core/reduce/fuzzy-graph';
import { countComponents, gaussian, orthonormalColumns, pcaLayout, spectralLayout } from '../../../src/core/reduce/initial-layout';

/** Column `c` of a row-major rows × dim matrix. */
function column(m: Float64Array, rows: number, dim: number, c: number): Float64Array {
  return Float64Array.from({ length: rows }, (_, r) => m[r * dim + c]);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** A random orthonormal basis of R^n (Gram–Schmidt on Gaussian vectors), as columns q[k]. */
function orthonormalBasis(n: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  const basis: Float64Array[] = [];
  while (basis.length < n) {
    const v = Float64Array.from({ length: n }, () => gaussian(random));
    for (const u of basis) {
      const d = dot(u, v);
      for (let i = 0; i < n; i++) v[i] -= d * u[i];
    }
    const norm = Math.sqrt(dot(v, v));
    basis.push(v.map((x) => x / norm));
  }
  return basis;
}

/** A symmetric graph from weighted undirected edges. */
function graphOf(rows: number, edges: readonly (readonly [number, number, number])[]): FuzzyGraph {
  const lists = Array.from({ length: rows }, () => [] as [number, number][]);
  for (const [a, b, w] of edges) {
    lists[a].push([b, w]);
    lists[b].push([a, w]);
  }
  for (const list of lists) list.sort((x, y) => x[0] - y[0]);
  const indptr = new Int32Array(rows + 1);
  lists.forEach((list, i) => (indptr[i + 1] = indptr[i] + list.length));
  return {
    rows,
    indptr,
    indices: Int32Array.from(lists.flat().map(([j]) => j)),
    weights: Float32Array.from(lists.flat().map(([, w]) => w)),
  };
}

describe('pcaLayout', () => {
  // Data whose principal axes are known exactly: orthogonal zero-mean columns Z (cosines of different
  // frequencies) with falling amplitudes, rotated into 10-d by an orthonormal Q and shifted: X = Z·Qᵀ + m.
  // Its covariance is Q·diag·Qᵀ, so the scores on the top two axes are Z's first two columns, up to sign.
  const n = 240;
  const cols = 10;
  const amplitudes = [6, 3, 1.5, 1, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1];
  const z = Array.from({ length: cols }, (_, k) => Float64Array.from({ length: n }, (_, t) => amplitudes[k] * Math.cos((2 * Math.PI * (k + 1) * t) / n)));
  const q = orthonormalBasis(cols, 7);
  const shift = Float64Array.from({ length: cols }, (_, t) => 5 - t);
  const data: Matrix<Float32Array> = { rows: n, cols, data: new Float32Array(n * cols) };
  for (let r = 0; r < n; r++) {
    for (let t = 0; t < cols; t++) {
      let x = shift[t];
      for (let k = 0; k < cols; k++) x += z[k][r] * q[k][t];
      data.data[r * cols + t] = x;
    }
  }

  it('gives the scores on the top principal components, up to sign', () => {
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const scores = pcaLayout(data, order, 2, seededRandom(1));
    for (let c = 0; c < 2; c++) {
      const ours = column(scores, n, 2, c);
      const sign = Math.sign(dot(ours, z[c]));
      const worst = Math.max(...ours.map((v, r) => Math.abs(sign * v - z[c][r])));
      assert.ok(worst < 1e-4 * amplitudes[0], `component ${c}: off by ${worst}`);
    }
  });

  it('reads the rows through `order` and does not depend on the random start', () => {
    const order = Int32Array.from({ length: n }, (_, i) => (i * 7) % n);
    const identity = pcaLayout(
      data,
      Int32Array.from({ length: n }, (_, i) => i),
      2,
      seededRandom(1),
    );
    const permuted = pcaLayout(data, order, 2, seededRandom(99));
    for (let c = 0; c < 2; c++) {
      const sign = Math.sign(
        dot(
          column(permuted, n, 2, c),
          Float64Array.from(order, (row) => identity[row * 2 + c]),
        ),
      );
      for (let p = 0; p < n; p++) assert.ok(Math.abs(sign * permuted[p * 2 + c] - identity[order[p] * 2 + c]) < 1e-4, `row ${p}, component ${c}`);
    }
  });
});

/**
 * pcaLayout as first written: two passes over the rows per iteration, sums in the textbook loop order, the same
 * Gram–Schmidt on the axes. The fused one-pass form must give the same numbers bit for bit.
 */
function plainPcaLayout(data: Matrix<Float32Array>, order: Int32Array, dim: number, seed: number, iterations: number): Float64Array {
  const { cols } = data;
  const n = order.length;
  const random = seededRandom(seed);
  const mean = new Float64Array(cols);
  for (let p = 0; p < n; p++) for (let t = 0; t < cols; t++) mean[t] += data.data[order[p] * cols + t] / n;
  let axes = orthonormalColumns(
    Float64Array.from({ length: cols * dim }, () => gaussian(random)),
    cols,
    dim,
  );
  let scores = new Float64Array(n * dim);
  for (let iteration = 0; iteration <= iterations; iteration++) {
    scores = new Float64Array(n * dim);
    for (let p = 0; p < n; p++) {
      for (let t = 0; t < cols; t++) {
        const x = data.data[order[p] * cols + t] - mean[t];
        for (let c = 0; c < dim; c++) scores[p * dim + c] += x * axes[t * dim + c];
      }
    }
    if (iteration === iterations) break;
    const next = new Float64Array(cols * dim);
    for (let p = 0; p < n; p++) {
      for (let t = 0; t < cols; t++) {
        const x = data.data[order[p] * cols + t] - mean[t];
        for (let c = 0; c < dim; c++) next[t * dim + c] += x * scores[p * dim + c];
      }
    }
    axes = orthonormalColumns(next, cols, dim);
  }
  return scores;
}

describe('pcaLayout as the plain two-pass loops', () => {
  it('gives the same scores bit for bit (5 components: four at a time and one alone; odd column count)', () => {
    const random = seededRandom(4);
    const rows = 301;
    const cols = 37;
    const data: Matrix<Float32Array> = { rows, cols, data: Float32Array.from({ length: rows * cols }, () => (random() - 0.4) * (1 + random())) };
    const order = Int32Array.from({ length: rows }, (_, i) => (i * 13) % rows);
    assert.deepEqual(pcaLayout(data, order, 5, seededRandom(8), 6), plainPcaLayout(data, order, 5, 8, 6));
  });
});

describe('spectralLayout', () => {
  it('on a ring spans the first non-trivial eigenvectors of the normalised adjacency (cos and sin of one turn)', () => {
    const n = 20;
    const ring = graphOf(
      n,
      Array.from({ length: n }, (_, i) => [i, (i + 1) % n, 1] as const),
    );
    const layout = spectralLayout(ring, 2, seededRandom(3), 400);
    const turn = [Math.cos, Math.sin].map((f) => {
      const v = Float64Array.from({ length: n }, (_, i) => f((2 * Math.PI * i) / n));
      const norm = Math.sqrt(dot(v, v));
      return v.map((x) => x / norm);
    });
    for (let c = 0; c < 2; c++) {
      const v = column(layout, n, 2, c);
      assert.ok(Math.abs(dot(v, v) - 1) < 1e-9, `column ${c} is not a unit vector`);
      // Its part in the span of cos and sin: all of it.
      const inSpan = Math.hypot(dot(v, turn[0]), dot(v, turn[1]));
      assert.ok(inSpan > 1 - 1e-6, `column ${c}: only ${inSpan} of it lies in the eigenspace`);
    }
    assert.ok(Math.abs(dot(column(layout, n, 2, 0), column(layout, n, 2, 1))) < 1e-9, 'the columns are not orthogonal');
  });

  it("on a path (degrees differ at the ends) is √degree · cos(π·t/(n−1)), the normalised adjacency's eigenvector", () => {
    // D⁻¹W of a path has eigenvectors cos(π·k·t/(n−1)); D^−½·W·D^−½ = D^½·(D⁻¹W)·D^−½ has them times √degree.
    const n = 12;
    const path = graphOf(
      n,
      Array.from({ length: n - 1 }, (_, i) => [i, i + 1, 1] as const),
    );
    const layout = spectralLayout(path, 1, seededRandom(4), 400);
    const expected = Float64Array.from({ length: n }, (_, t) => Math.sqrt(t === 0 || t === n - 1 ? 1 : 2) * Math.cos((Math.PI * t) / (n - 1)));
    const cosine = dot(layout, expected) / Math.sqrt(dot(layout, layout) * dot(expected, expected));
    assert.ok(Math.abs(cosine) > 1 - 1e-9, `cosine with the eigenvector: ${cosine}`);
  });

  it('on two cliques joined by one weak edge, the leading vector tells the cliques apart (and is orthogonal to √degree)', () => {
    const size = 8;
    const edges: [number, number, number][] = [];
    for (const offset of [0, size]) for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) edges.push([offset + i, offset + j, 1]);
    edges.push([0, size, 0.05]);
    const graph = graphOf(2 * size, edges);
    assert.equal(countComponents(graph), 1);
    const layout = spectralLayout(graph, 1, seededRandom(5), 200);
    const sides = Array.from(layout, Math.sign);
    assert.ok(sides.slice(0, size).every((s) => s === sides[0]) && sides.slice(size).every((s) => s === -sides[0]), `signs: ${sides.join(' ')}`);
    const sqrtDegree = Array.from({ length: 2 * size }, (_, i) => Math.sqrt(edges.reduce((sum, [a, b, w]) => sum + (a === i || b === i ? w : 0), 0)));
    assert.ok(Math.abs(dot(layout, sqrtDegree)) < 1e-9, 'the trivial eigenvector was not projected out');
  });

  it('counts connected components', () => {
    assert.equal(
      countComponents(
        graphOf(6, [
          [0, 1, 1],
          [1, 2, 1],
          [3, 4, 1],
        ]),
      ),
      3,
    );
  });
});
