/**
 * `node --import tsx bench/giantCluster.ts [posts=10000]`: where the "one giant topic" came from. The first N posts
 * of 20 Newsgroups, bundled GloVe-SIF embeddings, UMAP → HDBSCAN with no cap on a cluster's size, three ways:
 * as the pipeline does it (unembeddable zero rows set aside, SIF's common component removed), with the common
 * component kept, and with the zero rows left in. Prints clusters, the largest cluster's share and the noise.
 */
import { hdbscan } from '../src/core/cluster/hdbscan';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { firstSingularVector, removeComponent } from '../src/core/embedding/commonComponent';
import { zeroRows } from '../src/core/embedding/embedder';
import type { Matrix } from '../src/core/matrix';
import { embedDocuments } from '../src/core/pipeline/steps';
import { seededRandom } from '../src/core/random';
import { nearestNeighbors } from '../src/core/reduce/knn';
import { umap } from '../src/core/reduce/umap';
import { readNewsgroups } from './corpus';

function rowsOf(m: Matrix, rows: readonly number[]): Matrix {
  const data = new Float32Array(rows.length * m.cols);
  rows.forEach((r, i) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return { rows: rows.length, cols: m.cols, data };
}

async function clusters(name: string, m: Matrix): Promise<void> {
  const random = seededRandom(42);
  const knn = await nearestNeighbors(m, 15, { metric: 'cosine', random });
  const reduced = await umap(m, { nComponents: 5, nNeighbors: 15, minDist: 0, random, knn });
  const { labels } = await hdbscan(reduced, { minClusterSize: 10 });
  const sizes = new Map<number, number>();
  for (const label of labels) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  const clusterSizes = [...sizes].filter(([label]) => label >= 0).map(([, size]) => size);
  const largest = Math.max(0, ...clusterSizes);
  console.log(
    `${name.padEnd(46)}${String(m.rows).padStart(8)}${String(clusterSizes.length).padStart(10)}${String(largest).padStart(10)}${(largest / m.rows).toFixed(3).padStart(8)}${String(sizes.get(-1) ?? 0).padStart(8)}`,
  );
}

async function main(): Promise<void> {
  const posts = Number(process.argv[2] ?? 10_000);
  const documents = (await readNewsgroups()).slice(0, posts);
  const { embeddings } = await embedDocuments(
    documents.map((d) => d.text),
    { backend: 'local', model: BUNDLED_MODEL, allowRemoteModels: false },
    undefined,
    {},
  );
  const zero = new Set(zeroRows(embeddings));
  const all = Array.from({ length: embeddings.rows }, (_, i) => i);
  const embeddable = all.filter((i) => !zero.has(i));
  console.log(`${'embeddings'.padEnd(46)}${'docs'.padStart(8)}${'clusters'.padStart(10)}${'largest'.padStart(10)}${'share'.padStart(8)}${'noise'.padStart(8)}`);
  const pipeline = rowsOf(embeddings, embeddable);
  removeComponent(pipeline, firstSingularVector(pipeline));
  await clusters('zero rows set aside, common component removed', pipeline);
  await clusters('common component kept', rowsOf(embeddings, embeddable));
  const withZeros = rowsOf(embeddings, all);
  removeComponent(withZeros, firstSingularVector(rowsOf(embeddings, embeddable)));
  await clusters('zero rows left in, common component removed', withZeros);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
