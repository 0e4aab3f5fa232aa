/**
 * A synthetic result shaped like a large documentation tree's: topics of very different sizes in regions of the
 * map, a topic hierarchy over them (Ward linkage of the topic centres, as the pipeline links c-TF-IDF rows),
 * outliers spread between them, and a few stray points far out (as UMAP leaves them). For map tests and the map
 * benchmark; it holds no text from any corpus.
 */
import { clusterLeaves, condensedIndex, linkage } from '../../src/core/hierarchy/linkage';
import { seededRandom, type Random } from '../../src/core/random';
import { gaussian } from '../../src/core/reduce/initial-layout';
import type { DocumentResult, HierarchyMerge, TopicInfo, TopicLensResult } from '../../src/core/result';
import { testResult } from './results';

export interface SyntheticMapOptions {
  readonly seed?: number;
  /** Share of the documents that are outliers. */
  readonly outlierShare?: number;
  /** Share of the documents thrown far out. */
  readonly strayShare?: number;
}

const SYLLABLES = [
  'con',
  'fig',
  'ser',
  'ver',
  'data',
  'base',
  'net',
  'work',
  'log',
  'in',
  'ter',
  'face',
  'mod',
  'ule',
  'pro',
  'cess',
  'build',
  'test',
  'doc',
  'api',
];

function word(random: Random): string {
  const length = 1 + Math.floor(random() * 3);
  return Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
}

export function syntheticResult(points: number, topicCount: number, options: SyntheticMapOptions = {}): TopicLensResult {
  const random = seededRandom(options.seed ?? 9);
  const regions = Math.max(1, Math.round(Math.sqrt(topicCount)));
  const regionCentres = Array.from({ length: regions }, () => [gaussian(random) * 12, gaussian(random) * 8] as const);
  const centres = Array.from({ length: topicCount }, (_, t) => {
    const [rx, ry] = regionCentres[t % regions];
    return [rx + gaussian(random) * 2.2, ry + gaussian(random) * 2.2] as const;
  });
  // Sizes fall off with rank, as topic sizes do: topic 0 is the largest.
  const weights = Array.from({ length: topicCount }, (_, t) => 1 / (t + 1) ** 0.8);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(
    (
      (sum) => (w: number) =>
        (sum += w / totalWeight)
    )(0),
  );
  const outlierShare = options.outlierShare ?? 0.3;
  const strayShare = options.strayShare ?? 0.003;
  const documents: DocumentResult[] = [];
  for (let i = 0; i < points; i++) {
    const roll = random();
    let topic = -1;
    let x: number;
    let y: number;
    if (roll < strayShare) {
      const angle = random() * 2 * Math.PI;
      [x, y] = [Math.cos(angle) * (60 + random() * 60), Math.sin(angle) * (60 + random() * 60)];
    } else if (roll < strayShare + outlierShare) {
      const [cx, cy] = centres[Math.floor(random() * topicCount)];
      [x, y] = [cx + gaussian(random) * 2.5, cy + gaussian(random) * 2.5];
    } else {
      const pick = random();
      topic = cumulative.findIndex((c) => pick <= c);
      if (topic < 0) topic = topicCount - 1;
      const spread = 0.25 + 0.35 * Math.sqrt(weights[topic] / weights[0]);
      [x, y] = [centres[topic][0] + gaussian(random) * spread, centres[topic][1] + gaussian(random) * spread];
    }
    documents.push({
      path: `docs/section-${Math.floor(i / 7)}.md`,
      heading: `Part ${i % 7}`,
      startLine: 1 + 10 * (i % 7),
      endLine: 9 + 10 * (i % 7),
      topic,
      probability: topic < 0 ? 0 : 1,
      x,
      y,
      snippet: '',
      hash: String(i),
    });
  }
  const counts = new Map<number, number>();
  for (const d of documents) counts.set(d.topic, (counts.get(d.topic) ?? 0) + 1);
  const topicWords = (r: Random) => Array.from({ length: 10 }, (_, k) => ({ word: word(r), score: 0.05 / (k + 1) }));
  const topics: TopicInfo[] = [-1, ...Array.from({ length: topicCount }, (_, t) => t)].map((id) => {
    const words = id < 0 ? [] : topicWords(random);
    return { id, count: counts.get(id) ?? 0, name: [id, ...words.slice(0, 4).map((w) => w.word)].join('_'), words, representativeDocs: [], embedding: [] };
  });
  return testResult(documents, topics, {
    createdAt: '2025-01-01T00:00:00.000Z',
    source: 'synthetic',
    model: { id: 'synthetic', dimension: 2 },
    hierarchy: { merges: centreHierarchy(centres, random, topicWords) },
  });
}

/** Ward linkage of the topic centres, described as the pipeline describes merges. */
function centreHierarchy(centres: readonly (readonly [number, number])[], random: Random, words: (r: Random) => HierarchyMerge['words']): HierarchyMerge[] {
  const n = centres.length;
  if (n < 2) return [];
  const distances = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) distances[condensedIndex(n, i, j)] = Math.hypot(centres[i][0] - centres[j][0], centres[i][1] - centres[j][1]);
  const tree = linkage(distances, n, 'ward');
  const leaves = clusterLeaves(tree);
  return Array.from(tree.left, (left, k) => ({
    id: n + k,
    left,
    right: tree.right[k],
    distance: tree.distance[k],
    topics: Array.from(leaves[n + k]).sort((a, b) => a - b),
    words: words(random),
  }));
}
