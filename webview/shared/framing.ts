/**
 * The part of the plane the map shows first: the bulk of the points, not the outermost one. UMAP layouts often
 * leave a few points far away; fitting those would shrink the real map into a corner.
 */

export interface Extent {
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
}

/** Points outside these quantiles of x and of y may fall outside the first view. */
const LOW_QUANTILE = 0.005;
const HIGH_QUANTILE = 0.995;
/** Added on each side, as a share of the span, so that the bulk does not touch the edges. */
const MARGIN = 0.04;

/** The 0.5th–99.5th percentiles of x and y, widened by a margin; every point when there are few. */
export function robustExtent(xs: ArrayLike<number>, ys: ArrayLike<number>): Extent {
  const [minX, maxX] = quantileRange(xs);
  const [minY, maxY] = quantileRange(ys);
  const marginX = (maxX - minX) * MARGIN;
  const marginY = (maxY - minY) * MARGIN;
  return { minX: minX - marginX, maxX: maxX + marginX, minY: minY - marginY, maxY: maxY + marginY };
}

function quantileRange(values: ArrayLike<number>): [number, number] {
  if (values.length === 0) return [0, 0];
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
  return [at(LOW_QUANTILE), at(HIGH_QUANTILE)];
}

/**
 * The angle of the points' principal axis (the direction of their largest spread), in (−π/2, π/2]. A 2-D UMAP
 * layout has no meaningful orientation, so the map turns it to lay that axis along the plot's longer side: the
 * points then fill a tall panel as well as a wide one. Points outside the robust extent do not count.
 */
export function principalAngle(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  const { minX, maxX, minY, maxY } = robustExtent(xs, ys);
  let n = 0,
    mx = 0,
    my = 0;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < minX || xs[i] > maxX || ys[i] < minY || ys[i] > maxY) continue;
    n++;
    mx += xs[i];
    my += ys[i];
  }
  if (n < 2) return 0;
  mx /= n;
  my /= n;
  let sxx = 0,
    syy = 0,
    sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] < minX || xs[i] > maxX || ys[i] < minY || ys[i] > maxY) continue;
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return angle <= -Math.PI / 2 ? angle + Math.PI : angle;
}
