/** Compressed sparse rows over typed arrays: word counts and c-TF-IDF weights are mostly zeros. */

/** Row i holds `columns[rowStart[i] .. rowStart[i + 1])` (ascending) and the matching `values`. */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
}

/** Appends rows one at a time, growing its buffers geometrically. */
export class SparseRowsBuilder {
  private readonly rowStart: number[] = [0];
  private columns = new Int32Array(1024);
  private values = new Float64Array(1024);
  private size = 0;

  /** Adds a row of `length` entries; `columns` must be ascending. */
  addRow(columns: ArrayLike<number>, values: ArrayLike<number>, length: number): void {
    this.reserve(this.size + length);
    for (let k = 0; k < length; k++) {
      this.columns[this.size + k] = columns[k];
      this.values[this.size + k] = values[k];
    }
    this.size += length;
    this.rowStart.push(this.size);
  }

  build(cols: number): SparseMatrix {
    return {
      rows: this.rowStart.length - 1,
      cols,
      rowStart: Int32Array.from(this.rowStart),
      columns: this.columns.slice(0, this.size),
      values: this.values.slice(0, this.size),
    };
  }

  private reserve(capacity: number): void {
    if (capacity <= this.columns.length) return;
    const grown = Math.max(capacity, this.columns.length * 2);
    const columns = new Int32Array(grown);
    columns.set(this.columns.subarray(0, this.size));
    const values = new Float64Array(grown);
    values.set(this.values.subarray(0, this.size));
    this.columns = columns;
    this.values = values;
  }
}

export function rowNorms(m: SparseMatrix): Float64Array {
  const norms = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let sum = 0;
    for (let k = m.rowStart[i]; k < m.rowStart[i + 1]; k++) sum += m.values[k] * m.values[k];
    norms[i] = Math.sqrt(sum);
  }
  return norms;
}

/** Rows become columns: an inverted index (word → topics) when given topic rows. */
export function transpose(m: SparseMatrix): SparseMatrix {
  const rowStart = new Int32Array(m.cols + 1);
  for (let k = 0; k < m.columns.length; k++) rowStart[m.columns[k] + 1]++;
  for (let j = 0; j < m.cols; j++) rowStart[j + 1] += rowStart[j];
  const next = rowStart.slice(0, m.cols);
  const columns = new Int32Array(m.columns.length);
  const values = new Float64Array(m.columns.length);
  // Visiting rows in order keeps each transposed row's columns ascending.
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.rowStart[i]; k < m.rowStart[i + 1]; k++) {
      const at = next[m.columns[k]]++;
      columns[at] = i;
      values[at] = m.values[k];
    }
  }
  return { rows: m.cols, cols: m.rows, rowStart, columns, values };
}
