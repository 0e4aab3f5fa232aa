/**
 * `npm run bench -- <folder | file.jsonl[.gz]> [--model M] [--out DIR]`: runs the pipeline once, prints per-stage
 * seconds, docs/s and peak RSS, and, when the documents carry labels, quality against them.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { StageName } from '../src/core/control';
import { readFolder } from '../src/core/documents/folder';
import { readJsonl } from '../src/core/documents/jsonl';
import { adjustedRandIndex, normalizedMutualInfo } from '../src/core/metrics/partition';
import { npmiCoherence, topicDiversity } from '../src/core/metrics/topicQuality';
import { runPipeline, type PipelineInput } from '../src/core/pipeline';
import { DEFAULT_PARAMETERS, type TopicLensResult } from '../src/core/result';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { model: { type: 'string' }, 'cache-dir': { type: 'string' }, 'reduce-outliers': { type: 'string' } },
});
const target = positionals[0] ?? path.resolve(__dirname, '../../shared/data/20newsgroups-clean.jsonl.gz');

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(28) : String(c).padStart(12))).join('');
}

async function main(): Promise<void> {
  // Read up front (timed as 'read') so the texts are at hand for the coherence measure.
  const readStarted = performance.now();
  const isJsonl = /\.jsonl(\.gz)?$/.test(target);
  const read = isJsonl ? await readJsonl(target, {}) : await readFolder(path.resolve(target), { unit: DEFAULT_PARAMETERS.unit });
  const readSeconds = (performance.now() - readStarted) / 1000;
  const input: PipelineInput = { kind: 'documents', source: path.resolve(target), ...read };
  const stagePeak = new Map<StageName, number>();
  let current: StageName | undefined;
  const result: TopicLensResult = await runPipeline(
    input,
    {
      parameters: {
        ...DEFAULT_PARAMETERS,
        unit: isJsonl ? 'file' : DEFAULT_PARAMETERS.unit,
        outlierReduction: values['reduce-outliers'] ? { strategy: values['reduce-outliers'] as 'c-tf-idf' | 'embeddings', threshold: 0 } : null,
      },
      embedding: { model: values.model ?? 'bundled', allowRemoteModels: false, embeddingCacheDir: values['cache-dir'] },
    },
    {
      onProgress: (event) => {
        if (current && current !== event.stage) stagePeak.set(current, peakRssMb());
        current = event.stage;
      },
    },
  );
  if (current) stagePeak.set(current, peakRssMb());

  const n = result.documents.length;
  console.log(`\n${path.basename(target)}: ${n} documents, model ${result.model.id}`);
  console.log(row(['stage', 'seconds', 'docs/s', 'peak RSS MB']));
  let afterEmbedding = 0;
  console.log(row(['read', readSeconds.toFixed(2), Math.round(n / readSeconds), Math.round(peakRssMb())]));
  for (const timing of result.timings.filter((t) => t.stage !== 'read')) {
    if (timing.stage !== 'read' && timing.stage !== 'embed') afterEmbedding += timing.seconds;
    console.log(row([timing.stage, timing.seconds.toFixed(2), Math.round(n / Math.max(timing.seconds, 1e-9)), Math.round(stagePeak.get(timing.stage) ?? peakRssMb())]));
  }
  console.log(row(['after embedding (4 stages)', afterEmbedding.toFixed(2), Math.round(n / afterEmbedding), Math.round(peakRssMb())]));

  const clusteredIndices = result.documents.map((_, i) => i).filter((i) => result.documents[i].topic !== -2);
  const clustered = clusteredIndices.map((i) => result.documents[i]);
  const topics = result.topics.filter((t) => t.id >= 0);
  const outliers = clustered.filter((d) => d.topic === -1).length;
  console.log(row(['topics', topics.length]));
  console.log(row(['outlier share', (outliers / Math.max(1, clustered.length)).toFixed(3)]));
  console.log(row(['unembeddable', n - clustered.length]));
  const topWords = topics.map((t) => t.words.map((w) => w.word));
  console.log(row(['topic diversity', topicDiversity(topWords).toFixed(3)]));
  console.log(row(['NPMI coherence', npmiCoherence(clusteredIndices.map((i) => read.documents[i].text), topWords).toFixed(3)]));
  if (clustered.every((d) => d.label !== undefined) && clustered.length > 0) {
    const labels = clustered.map((d) => d.label!);
    const labelIds = labels.map((l) => [...new Set(labels)].indexOf(l));
    const predicted = clustered.map((d) => d.topic);
    const inliers = clustered.map((_, i) => i).filter((i) => predicted[i] >= 0);
    console.log(row(['NMI vs labels (all)', normalizedMutualInfo(labelIds, predicted).toFixed(3)]));
    console.log(row(['NMI (non-outliers)', normalizedMutualInfo(inliers.map((i) => labelIds[i]), inliers.map((i) => predicted[i])).toFixed(3)]));
    console.log(row(['ARI vs labels (all)', adjustedRandIndex(labelIds, predicted).toFixed(3)]));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
