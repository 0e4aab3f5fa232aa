/** A dense row-major matrix over a typed array: the currency of the numerical core. */
export interface Matrix<T extends Float32Array | Float64Array = Float32Array> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

export function matrix(rows: number, cols: number): Matrix<Float32Array> {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

export function row<T extends Float32Array | Float64Array>(m: Matrix<T>, i: number): T {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as T;
}

/** Rows of `m` listed in `indices`, copied into a new matrix. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const data = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) data.set(row(m, indices[i]), i * m.cols);
  return { rows: indices.length, cols: m.cols, data };
}

/**
 * out[at + r] = Σₜ x[t] · rows[r · length + t] for r < count, t ascending (the plain loop's sum, bit for bit), four
 * rows per pass over x: four independent sums keep the processor busy where one waits on each addition.
 */
export function dotsWithRows(x: Float64Array, rows: Float64Array, count: number, length: number, out: Float64Array, at = 0): void {
  let r = 0;
  for (; r + 4 <= count; r += 4) {
    const b0 = r * length,
      b1 = b0 + length,
      b2 = b1 + length,
      b3 = b2 + length;
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let t = 0; t < length; t++) {
      const value = x[t];
      s0 += value * rows[b0 + t];
      s1 += value * rows[b1 + t];
      s2 += value * rows[b2 + t];
      s3 += value * rows[b3 + t];
    }
    out[at + r] = s0;
    out[at + r + 1] = s1;
    out[at + r + 2] = s2;
    out[at + r + 3] = s3;
  }
  for (; r < count; r++) {
    const b = r * length;
    let sum = 0;
    for (let t = 0; t < length; t++) sum += x[t] * rows[b + t];
    out[at + r] = sum;
  }
}
