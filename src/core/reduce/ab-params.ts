/**
 * UMAP's low-dimensional similarity 1 / (1 + a·d^(2b)), fitted by least squares (Levenberg–Marquardt, as
 * umap-learn's `find_ab_params` does through scipy's curve_fit) to the target curve: 1 up to min_dist, then
 * exp(−(d − min_dist) / spread), sampled at 300 points on [0, 3·spread].
 */
const SAMPLES = 300;
const MAX_ITERATIONS = 500;

export function findAbParams(spread: number, minDist: number): { a: number; b: number } {
  const xs = Float64Array.from({ length: SAMPLES }, (_, i) => (3 * spread * i) / (SAMPLES - 1));
  const ys = xs.map((x) => (x < minDist ? 1 : Math.exp(-(x - minDist) / spread)));
  let a = 1;
  let b = 1;
  let damping = 1e-3;
  let error = squaredError(xs, ys, a, b);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    // Normal equations JᵀJ δ = −Jᵀr for the residuals r = f − y, f = 1 / (1 + a·x^(2b)).
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const x = xs[i];
      const u = x > 0 ? Math.pow(x, 2 * b) : 0;
      const f = 1 / (1 + a * u);
      const r = f - ys[i];
      const dfda = -u * f * f;
      const dfdb = x > 0 ? -2 * a * u * Math.log(x) * f * f : 0;
      jaa += dfda * dfda;
      jab += dfda * dfdb;
      jbb += dfdb * dfdb;
      ga += dfda * r;
      gb += dfdb * r;
    }
    // Damped step (Marquardt scaling by the diagonal); shrink the damping on success, grow it on failure.
    let improved = false;
    while (!improved && damping < 1e12) {
      const maa = jaa * (1 + damping);
      const mbb = jbb * (1 + damping);
      const determinant = maa * mbb - jab * jab;
      const da = (-ga * mbb + gb * jab) / determinant;
      const db = (-gb * maa + ga * jab) / determinant;
      const candidate = squaredError(xs, ys, a + da, b + db);
      if (candidate < error) {
        const converged = Math.abs(da) <= 1e-12 * (Math.abs(a) + 1e-12) && Math.abs(db) <= 1e-12 * (Math.abs(b) + 1e-12);
        a += da;
        b += db;
        const relativeGain = (error - candidate) / error;
        error = candidate;
        damping = Math.max(damping / 10, 1e-12);
        improved = true;
        if (converged || relativeGain < 1e-15) return { a, b };
      } else {
        damping *= 10;
      }
    }
    if (!improved) break;
  }
  return { a, b };
}

function squaredError(xs: Float64Array, ys: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const u = xs[i] > 0 ? Math.pow(xs[i], 2 * b) : 0;
    const r = 1 / (1 + a * u) - ys[i];
    sum += r * r;
  }
  return sum;
}
