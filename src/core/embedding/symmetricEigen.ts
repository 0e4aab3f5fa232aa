/**
 * Eigen-decomposition of a small dense symmetric matrix: Householder reduction to tridiagonal form, then implicit
 * QR steps with Wilkinson shifts (Golub and Van Loan, §8.3). O(n³) with a small constant: a few hundredths of a
 * second at n = 266, where cyclic Jacobi rotations took seconds.
 */

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** n × n, row-major: row i is the unit eigenvector of values[i]. */
  readonly vectors: Float64Array;
}

/** The eigenvalues and eigenvectors of the symmetric n × n matrix `matrix` (row-major; only read). */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  const t = Float64Array.from(matrix);
  // Rows of `basis` are the columns of the accumulated orthogonal transform: A = basisᵀ T basis.
  const basis = new Float64Array(n * n);
  for (let i = 0; i < n; i++) basis[i * n + i] = 1;
  tridiagonalize(t, basis, n);
  diagonalizeTridiagonal(t, basis, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => t[j * n + j] - t[i * n + i] || i - j);
  const values = Float64Array.from(order, (i) => t[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((i, r) => vectors.set(basis.subarray(i * n, (i + 1) * n), r * n));
  return { values, vectors };
}

/** T ← H T H for Householder reflections H that zero each column below the subdiagonal; basis ← H basis. */
function tridiagonalize(t: Float64Array, basis: Float64Array, n: number): void {
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  const u = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const first = k + 1;
    let norm = 0;
    for (let i = first; i < n; i++) norm += t[i * n + k] * t[i * n + k];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = t[first * n + k] > 0 ? -norm : norm;
    let vv = 0;
    for (let i = first; i < n; i++) {
      v[i] = t[i * n + k] - (i === first ? alpha : 0);
      vv += v[i] * v[i];
    }
    if (vv === 0) continue;
    const beta = 2 / vv;
    // H A H = A − v wᵀ − w vᵀ with p = β A v, w = p − (β vᵀp / 2) v, on the trailing block.
    let vp = 0;
    for (let i = first; i < n; i++) {
      let sum = 0;
      for (let j = first; j < n; j++) sum += t[i * n + j] * v[j];
      p[i] = beta * sum;
      vp += v[i] * p[i];
    }
    const half = (beta * vp) / 2;
    for (let i = first; i < n; i++) p[i] -= half * v[i];
    for (let i = first; i < n; i++) {
      for (let j = first; j < n; j++) t[i * n + j] -= v[i] * p[j] + p[i] * v[j];
    }
    for (let i = first; i < n; i++) t[i * n + k] = t[k * n + i] = 0;
    t[first * n + k] = t[k * n + first] = alpha;
    u.fill(0);
    for (let i = first; i < n; i++) {
      const weight = v[i];
      for (let c = 0; c < n; c++) u[c] += weight * basis[i * n + c];
    }
    for (let i = first; i < n; i++) {
      const weight = beta * v[i];
      for (let c = 0; c < n; c++) basis[i * n + c] -= weight * u[c];
    }
  }
}

/** Rotates rows and columns `a`, `a + 1` of T by (c, s) over the band `from … to`, and rows of basis alike. */
function rotate(t: Float64Array, basis: Float64Array, n: number, a: number, c: number, s: number, from: number, to: number): void {
  const b = a + 1;
  for (let j = from; j <= to; j++) {
    const x = t[a * n + j];
    const y = t[b * n + j];
    t[a * n + j] = c * x - s * y;
    t[b * n + j] = s * x + c * y;
  }
  for (let i = from; i <= to; i++) {
    const x = t[i * n + a];
    const y = t[i * n + b];
    t[i * n + a] = c * x - s * y;
    t[i * n + b] = s * x + c * y;
  }
  for (let j = 0; j < n; j++) {
    const x = basis[a * n + j];
    const y = basis[b * n + j];
    basis[a * n + j] = c * x - s * y;
    basis[b * n + j] = s * x + c * y;
  }
}

/** Implicit symmetric QR steps on the tridiagonal T (stored dense) until its off-diagonal vanishes. */
function diagonalizeTridiagonal(t: Float64Array, basis: Float64Array, n: number): void {
  const negligible = (i: number) => Math.abs(t[i * n + i - 1]) <= Number.EPSILON * (Math.abs(t[i * n + i]) + Math.abs(t[(i - 1) * n + i - 1]));
  let hi = n - 1;
  for (let steps = 0; hi > 0 && steps < 50 * n;) {
    if (negligible(hi)) {
      t[hi * n + hi - 1] = t[(hi - 1) * n + hi] = 0;
      hi--;
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && !negligible(lo)) lo--;
    if (lo > 0) t[lo * n + lo - 1] = t[(lo - 1) * n + lo] = 0;
    // Wilkinson shift: the eigenvalue of the trailing 2 × 2 block nearer its last diagonal entry.
    const e = t[hi * n + hi - 1];
    const d = (t[(hi - 1) * n + hi - 1] - t[hi * n + hi]) / 2;
    const mu = t[hi * n + hi] - (e * e) / (d + (d >= 0 ? 1 : -1) * Math.hypot(d, e));
    let x = t[lo * n + lo] - mu;
    let z = t[(lo + 1) * n + lo];
    for (let a = lo; a < hi; a++) {
      // (c, s) with c·x − s·z = r and s·x + c·z = 0: chases the bulge one row down.
      const r = Math.hypot(x, z);
      const c = r === 0 ? 1 : x / r;
      const s = r === 0 ? 0 : -z / r;
      rotate(t, basis, n, a, c, s, Math.max(lo, a - 1), Math.min(hi, a + 2));
      if (a < hi - 1) {
        x = t[(a + 1) * n + a];
        z = t[(a + 2) * n + a];
      }
    }
    steps++;
  }
}
