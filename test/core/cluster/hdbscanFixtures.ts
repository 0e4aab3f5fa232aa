/** Loads the golden hdbscan 0.8.40 cases in test/fixtures/hdbscan (see the fixtures README in ../shared/fixtures). */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Matrix } from '../../../src/core/matrix';

const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/hdbscan');

/** JSON numbers, or "Infinity" / "NaN" for the non-finite ones. */
type JsonNumber = number | string;

interface Table {
  readonly columns: string[];
  readonly rows: JsonNumber[][];
}

export interface HdbscanOutputs {
  readonly n_clusters: number;
  readonly n_noise: number;
  readonly cluster_sizes: number[];
  readonly labels: number[];
  readonly probabilities: JsonNumber[];
  readonly outlier_scores: JsonNumber[];
  readonly cluster_persistence: number[];
  readonly condensed_tree: Table;
  readonly single_linkage_tree?: Table;
  readonly minimum_spanning_tree?: Table;
}

export interface HdbscanFixture {
  readonly name: string;
  readonly n: number;
  readonly dim: number;
  readonly points: number[][];
  readonly params: {
    readonly min_cluster_size: number;
    readonly min_samples: number | null;
    readonly min_samples_effective: number;
    readonly cluster_selection_method: 'eom' | 'leaf';
    readonly allow_single_cluster: boolean;
    readonly cluster_selection_epsilon: number;
  };
  readonly reference: HdbscanOutputs;
  readonly canonical: HdbscanOutputs & { readonly core_distances: number[] };
  readonly checks: {
    readonly exact_mst_total_weight: number;
    readonly reference_equals_canonical: { readonly adjusted_rand_index: number };
  };
  readonly generating_labels?: number[];
}

export function loadHdbscanFixtures(): HdbscanFixture[] {
  const files = readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  assert.ok(files.length >= 11, `expected the 11 hdbscan fixtures in ${FIXTURE_DIR}`);
  return files.map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(path.join(FIXTURE_DIR, f), 'utf8')) }));
}

export function fixturePoints(fixture: HdbscanFixture): Matrix<Float64Array> {
  return { rows: fixture.n, cols: fixture.dim, data: Float64Array.from(fixture.points.flat()) };
}

/** One column of a fixture table as numbers ("Infinity"/"NaN" turned back into numbers). */
export function column(table: Table, name: string): number[] {
  const c = table.columns.indexOf(name);
  assert.ok(c >= 0, `no column ${name}`);
  return table.rows.map((row) => Number(row[c]));
}

/** Elementwise |actual − expected| ≤ tolerance (× |expected| when relative); NaN and Infinity exactly where expected. */
export function assertClose(actual: ArrayLike<number>, expected: readonly JsonNumber[], tolerance: number, what: string, relative = false): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = Number(expected[i]);
    const a = actual[i];
    if (!Number.isFinite(e)) {
      assert.ok(Object.is(a, e), `${what}[${i}]: expected ${e}, got ${a}`);
      continue;
    }
    const scale = relative ? Math.abs(e) : 1;
    assert.ok(Math.abs(a - e) <= tolerance * scale, `${what}[${i}]: expected ${e}, got ${a}`);
  }
}
