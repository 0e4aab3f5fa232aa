import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreDistances } from '../../../src/core/cluster/coreDistances';
import { buildKdTree } from '../../../src/core/cluster/kdTree';
import type { Matrix } from '../../../src/core/matrix';
import { seededRandom } from '../../../src/core/random';
import { assertClose, fixturePoints, loadHdbscanFixtures } from './hdbscanFixtures';

/** The definition: sort the row's n distances (itself included) and take index minSamples. */
function bruteForceCore(points: Matrix<Float64Array>, minSamples: number): number[] {
  const { rows: n, cols: dim, data } = points;
  return Array.from({ length: n }, (_, i) => {
    const distances = Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += (data[i * dim + k] - data[j * dim + k]) ** 2;
      return Math.sqrt(sum);
    });
    return distances.sort((a, b) => a - b)[minSamples];
  });
}

describe('coreDistances', () => {
  for (const fixture of loadHdbscanFixtures()) {
    it(`matches hdbscan's core distances (${fixture.name}, min_samples ${fixture.params.min_samples_effective})`, async () => {
      const core = await coreDistances(buildKdTree(fixturePoints(fixture)), fixture.params.min_samples_effective);
      assertClose(core, fixture.canonical.core_distances, 1e-12, 'core distance', true);
    });
  }

  it('equals the brute-force definition on tie-heavy integer points for every leaf size and k', async () => {
    const random = seededRandom(11);
    const data = Float64Array.from({ length: 300 * 3 }, () => Math.floor(random() * 4));
    const points = { rows: 300, cols: 3, data };
    for (const leafSize of [1, 5, 40]) {
      const tree = buildKdTree(points, leafSize);
      for (const minSamples of [1, 7, 299]) {
        assert.deepEqual([...(await coreDistances(tree, minSamples))], bruteForceCore(points, minSamples), `leaf ${leafSize}, k ${minSamples}`);
      }
    }
  });

  it('rejects minSamples outside [1, n − 1]', async () => {
    const tree = buildKdTree({ rows: 3, cols: 1, data: Float64Array.of(0, 1, 2) });
    await assert.rejects(coreDistances(tree, 0), RangeError);
    await assert.rejects(coreDistances(tree, 3), RangeError);
  });
});
