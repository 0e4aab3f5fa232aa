/** Shared test data for the reduce tests: seeded Gaussian blobs and brute-force neighbours. */
import type { Matrix } from '../../../src/core/matrix';
import type { Random } from '../../../src/core/random';
import { gaussian } from '../../../src/core/reduce/initial-layout';

/** `count` points around each of `blobs` random centres (spread `spread` per axis, centres ~N(0, 1) · 10). */
export function gaussianBlobs(blobs: number, count: number, dim: number, spread: number, random: Random): { data: Matrix<Float32Array>; labels: Int32Array } {
  const centres = Float64Array.from({ length: blobs * dim }, () => gaussian(random) * 10);
  const data = new Float32Array(blobs * count * dim);
  const labels = new Int32Array(blobs * count);
  for (let i = 0; i < blobs * count; i++) {
    const blob = i % blobs;
    labels[i] = blob;
    for (let t = 0; t < dim; t++) data[i * dim + t] = centres[blob * dim + t] + gaussian(random) * spread;
  }
  return { data: { rows: blobs * count, cols: dim, data }, labels };
}

export function uniformRows(rows: number, cols: number, random: Random): Matrix<Float32Array> {
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => random() - 0.5) };
}

export function distance(m: Matrix<Float32Array>, i: number, j: number, metric: 'cosine' | 'euclidean'): number {
  let dot = 0;
  let ni = 0;
  let nj = 0;
  let squared = 0;
  for (let t = 0; t < m.cols; t++) {
    const x = m.data[i * m.cols + t];
    const y = m.data[j * m.cols + t];
    dot += x * y;
    ni += x * x;
    nj += y * y;
    squared += (x - y) * (x - y);
  }
  return metric === 'cosine' ? 1 - dot / Math.sqrt(ni * nj) : Math.sqrt(squared);
}

/** Each row's k nearest other rows by brute force, nearest first. */
export function bruteForceNeighbors(m: Matrix<Float32Array>, k: number, metric: 'cosine' | 'euclidean'): { indices: number[][]; distances: number[][] } {
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < m.rows; i++) {
    const others = Array.from({ length: m.rows }, (_, j) => j).filter((j) => j !== i);
    const d = others.map((j) => distance(m, i, j, metric));
    const order = others
      .map((_, t) => t)
      .sort((a, b) => d[a] - d[b])
      .slice(0, k);
    indices.push(order.map((t) => others[t]));
    distances.push(order.map((t) => d[t]));
  }
  return { indices, distances };
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, random: Random): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Rows of m in the given order: out row r = m row order[r]. */
export function reorderRows(m: Matrix<Float32Array>, order: Int32Array): Matrix<Float32Array> {
  const data = new Float32Array(m.data.length);
  for (let r = 0; r < order.length; r++) data.set(m.data.subarray(order[r] * m.cols, (order[r] + 1) * m.cols), r * m.cols);
  return { rows: m.rows, cols: m.cols, data };
}
