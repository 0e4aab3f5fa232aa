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
