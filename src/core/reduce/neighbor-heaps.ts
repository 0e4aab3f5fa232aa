/**
 * One bounded max-heap of (distance, index) per row, in flat typed arrays: the working state of a k-nearest
 * neighbour search. The root holds the farthest kept neighbour, so a candidate is rejected with one comparison.
 * The flag marks a neighbour as "new" for NN-descent (not yet used to look for neighbours of neighbours).
 */
export class NeighborHeaps {
  readonly distances: Float32Array;
  readonly indices: Int32Array;
  readonly flags: Uint8Array;

  constructor(
    readonly rows: number,
    readonly size: number,
  ) {
    this.distances = new Float32Array(rows * size).fill(Infinity);
    this.indices = new Int32Array(rows * size).fill(-1);
    this.flags = new Uint8Array(rows * size);
  }

  /** The distance a candidate must beat to enter row's heap. */
  threshold(row: number): number {
    return this.distances[row * this.size];
  }

  /** Adds (distance, index) to row's heap unless it is no closer than the farthest kept or already there; returns 1 if added. */
  push(row: number, distance: number, index: number, flag: number): number {
    const { distances, indices, flags, size } = this;
    const base = row * size;
    if (!(distance < distances[base])) return 0;
    for (let i = base; i < base + size; i++) if (indices[i] === index) return 0;
    // Sift the new entry down from the root, which it replaces.
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && distances[base + right] > distances[base + left] ? right : left;
      if (distances[base + child] <= distance) break;
      distances[base + i] = distances[base + child];
      indices[base + i] = indices[base + child];
      flags[base + i] = flags[base + child];
      i = child;
    }
    distances[base + i] = distance;
    indices[base + i] = index;
    flags[base + i] = flag;
    return 1;
  }

  /** Row's neighbours nearest first (ties by index, so the result does not depend on insertion order). */
  sortedRow(row: number): { indices: Int32Array; distances: Float32Array } {
    const base = row * this.size;
    const order = Array.from({ length: this.size }, (_, i) => base + i).sort(
      (a, b) => this.distances[a] - this.distances[b] || this.indices[a] - this.indices[b],
    );
    return {
      indices: Int32Array.from(order, (i) => this.indices[i]),
      distances: Float32Array.from(order, (i) => this.distances[i]),
    };
  }
}
