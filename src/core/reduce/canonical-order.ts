/**
 * A row order that depends only on the rows' contents, never on where they sit in the input. Running a seeded
 * algorithm in this order and mapping the result back makes it invariant to shuffling the input: the same rows
 * give the same output per row. Rows are ordered by a 64-bit hash of their bytes (a pseudo-random order, so no
 * geometric bias creeps into sampling), then by their values on the rare collision; identical rows are
 * interchangeable and keep their input order.
 */
import type { Matrix } from '../matrix';

/** order[p] = the input row at canonical position p. */
export function canonicalRowOrder(data: Matrix<Float32Array>): Int32Array {
  const { rows, cols } = data;
  const bits = new Uint32Array(data.data.buffer, data.data.byteOffset, rows * cols);
  const high = new Uint32Array(rows);
  const low = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) {
    let h1 = 0x9e3779b9;
    let h2 = 0x85ebca6b ^ cols;
    for (let t = i * cols; t < (i + 1) * cols; t++) {
      h1 = Math.imul(h1 ^ bits[t], 0x5bd1e995);
      h1 ^= h1 >>> 15;
      h2 = Math.imul(h2 + bits[t], 0x27d4eb2d);
      h2 ^= h2 >>> 13;
    }
    high[i] = finalMix(h1 ^ Math.imul(h2, 0x165667b1));
    low[i] = finalMix(h2 + Math.imul(h1, 0x1b873593));
  }
  const compareValues = (a: number, b: number): number => {
    for (let t = 0; t < cols; t++) {
      const difference = data.data[a * cols + t] - data.data[b * cols + t];
      if (difference !== 0) return difference;
    }
    return a - b;
  };
  return Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) => high[a] - high[b] || low[a] - low[b] || compareValues(a, b));
}

/** rank[order[p]] = p: where each input row sits in the canonical order. */
export function inverseOrder(order: Int32Array): Int32Array {
  const rank = new Int32Array(order.length);
  for (let p = 0; p < order.length; p++) rank[order[p]] = p;
  return rank;
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
