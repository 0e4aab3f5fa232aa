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
