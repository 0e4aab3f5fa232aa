import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Matrix } from '../../../src/core/matrix';
import { neighbourhoodScores } from '../../../src/core/metrics/neighbourhood';
import { seededRandom } from '../../../src/core/random';
import { gaussian } from '../../../src/core/reduce/initial-layout';
import { permutation, reorderRows, uniformRows } from '../reduce/helpers';

const close = (actual: number, expected: number, tolerance = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);

const column = (values: readonly number[]): Matrix<Float32Array> => ({ rows: values.length, cols: 1, data: Float32Array.from(values) });

// Five points on a line with gaps 1, 2, 4, 8 (no ties), and a layout that moves points 1 and 4.
const LINE = column([0, 1, 3, 7, 15]);
const SHUFFLED = column([0, 15, 1, 7, 3]);

describe('neighbourhoodScores', () => {
  it('gives the hand-computed values for k = 1', () => {
    // Output nearest: 0→2, 1→3, 2→0, 3→4, 4→2, of input ranks 2, 3, 2, 4, 2 (input nearest 0→1, 1→0, 2→1, 3→2,
    // 4→3: none kept). Penalty (2−1)+(3−1)+(2−1)+(4−1)+(2−1) = 8; T = 1 − 2/(5·1·6)·8 = 7/15.
    const scores = neighbourhoodScores(LINE, SHUFFLED, 1);
    close(scores.trustworthiness, 7 / 15);
    close(scores.neighboursKept, 0);
  });

  it('gives the hand-computed values for k = 2', () => {
    // Output pairs {2,4} {3,4} {0,4} {4,2} {2,0} against input pairs {1,2} {0,2} {1,0} {2,1} {3,2}: kept 1+0+1+1+1
    // of 10; intruders' ranks 4 | 3, 4 | 4 | 4 | 4 give penalty 2+1+2+2+2+2 = 11; T = 1 − 2/(5·2·3)·11 = 4/15.
    const scores = neighbourhoodScores(LINE, SHUFFLED, 2);
    close(scores.trustworthiness, 4 / 15);
    close(scores.neighboursKept, 0.4);
  });

  it('ranks the input by cosine distance when asked (angles in the plane, any lengths)', () => {
    // Cosine distance 1 − cos Δθ grows with the angle: these angles order the points as LINE does.
    const angles = [0, 0.1, 0.3, 0.7, 1.5];
    const lengths = [1, 3, 0.5, 2, 7];
    const vectors: Matrix<Float32Array> = {
      rows: 5,
      cols: 2,
      data: Float32Array.from(angles.flatMap((t, i) => [lengths[i] * Math.cos(t), lengths[i] * Math.sin(t)])),
    };
    close(neighbourhoodScores(vectors, SHUFFLED, 1, 'cosine').trustworthiness, 7 / 15, 1e-6);
    close(neighbourhoodScores(vectors, SHUFFLED, 2, 'cosine').neighboursKept, 0.4);
    // Under euclidean distance the long vectors are far from everything: another ranking, another score.
    assert.notEqual(neighbourhoodScores(vectors, SHUFFLED, 1, 'euclidean').trustworthiness, 7 / 15);
  });

  it('scores 1 for a layout that keeps every distance, whatever it is rotated, moved or scaled by', () => {
    const random = seededRandom(1);
    const points = uniformRows(120, 2, random);
    const theta = 0.7;
    const moved: Matrix<Float32Array> = {
      rows: 120,
      cols: 2,
      data: Float32Array.from({ length: 240 }, (_, t) => {
        const [x, y] = [points.data[t - (t % 2)], points.data[t - (t % 2) + 1]];
        return 3 * (t % 2 === 0 ? Math.cos(theta) * x - Math.sin(theta) * y : Math.sin(theta) * x + Math.cos(theta) * y) + 5;
      }),
    };
    for (const k of [1, 5, 15]) assert.deepEqual(neighbourhoodScores(points, moved, k), { trustworthiness: 1, neighboursKept: 1 });
  });

  it('does not depend on the order of the rows', () => {
    const random = seededRandom(2);
    const input = uniformRows(80, 6, random);
    const output = uniformRows(80, 2, random);
    const order = permutation(80, random);
    const scores = neighbourhoodScores(input, output, 7, 'cosine');
    const shuffled = neighbourhoodScores(reorderRows(input, order), reorderRows(output, order), 7, 'cosine');
    close(shuffled.trustworthiness, scores.trustworthiness);
    close(shuffled.neighboursKept, scores.neighboursKept);
  });

  it('matches the definition computed by sorting every row (random points, several k)', () => {
    const random = seededRandom(3);
    const input = uniformRows(40, 5, random);
    const output = uniformRows(40, 2, random);
    for (const k of [1, 3, 10, 19]) {
      const reference = bySorting(input, output, k);
      const scores = neighbourhoodScores(input, output, k);
      close(scores.trustworthiness, reference.trustworthiness, 1e-9);
      close(scores.neighboursKept, reference.neighboursKept);
    }
  });

  it('scores a random layout near 0.5, keeping about k/(n − 1) of the neighbours', () => {
    const random = seededRandom(4);
    const input: Matrix<Float32Array> = { rows: 600, cols: 10, data: Float32Array.from({ length: 6000 }, () => gaussian(random)) };
    const scores = neighbourhoodScores(input, uniformRows(600, 2, random), 15);
    assert.ok(Math.abs(scores.trustworthiness - 0.5) < 0.02, `T = ${scores.trustworthiness}`);
    assert.ok(Math.abs(scores.neighboursKept - 15 / 599) < 0.01, `kept ${scores.neighboursKept}`);
  });

  it('refuses a k outside 1 … n/2 − 1 and mismatched rows', () => {
    assert.throws(() => neighbourhoodScores(LINE, SHUFFLED, 0), RangeError);
    assert.throws(() => neighbourhoodScores(LINE, SHUFFLED, 3), RangeError);
    assert.throws(() => neighbourhoodScores(LINE, column([0, 1, 2, 3]), 1), RangeError);
  });
});

/** The definition as scikit-learn computes it: every row's input ranks by a full sort, then the output's k nearest. */
function bySorting(input: Matrix<Float32Array>, output: Matrix<Float32Array>, k: number): { trustworthiness: number; neighboursKept: number } {
  const n = input.rows;
  const euclidean = (m: Matrix<Float32Array>, i: number, j: number): number => {
    let s = 0;
    for (let c = 0; c < m.cols; c++) s += (m.data[i * m.cols + c] - m.data[j * m.cols + c]) ** 2;
    return Math.sqrt(s);
  };
  const sortedOthers = (m: Matrix<Float32Array>, i: number): number[] =>
    Array.from({ length: n }, (_, j) => j)
      .filter((j) => j !== i)
      .sort((a, b) => euclidean(m, i, a) - euclidean(m, i, b));
  let penalty = 0;
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const inputOrder = sortedOthers(input, i);
    const outputNearest = sortedOthers(output, i).slice(0, k);
    for (const j of outputNearest) {
      const rank = inputOrder.indexOf(j) + 1;
      if (rank > k) penalty += rank - k;
      else kept++;
    }
  }
  return { trustworthiness: 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty, neighboursKept: kept / (n * k) };
}
