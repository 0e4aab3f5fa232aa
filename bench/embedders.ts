/**
 * What embedding a documentation tree costs with each local model, in one run:
 *
 *   node --import tsx bench/embedders.ts [folder] [--rounds N]        (npm run bench:embedders -- [folder])
 *
 * Default folder: /work/corpora/trees/python-flask. The folder is read as a full run reads it (sections), then the
 * bundled GloVe-SIF model and the corpus model (fitted on these documents, then embedding them) embed the same
 * texts, without a cache. The first call of each model loads it (the bundled model's ONNX session; the corpus model
 * has nothing to load) and is shown apart, as a first run pays it; then the two models take turns, `--rounds` times,
 * and the best round of each is compared (the machine is shared: the best is the least disturbed). CPU seconds are
 * the process's (every thread), wall seconds the elapsed time.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFolder } from '../src/core/documents/folder';
import { BUNDLED_MODEL } from '../src/core/embedding/bundledModel';
import { CORPUS_MODEL } from '../src/core/embedding/corpusEmbedder';
import { PipelineSession } from '../src/core/pipeline/session';
import { embedDocuments } from '../src/core/pipeline/steps';
import { DEFAULT_PARAMETERS } from '../src/core/result';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '3' } } });
const folder = path.resolve(positionals[0] ?? '/work/corpora/trees/python-flask');
const rounds = Math.max(1, Number(values.rounds));
const MODELS = [BUNDLED_MODEL, CORPUS_MODEL];

interface Cost {
  wall: number;
  cpu: number;
}

async function main(): Promise<void> {
  if (!existsSync(folder)) {
    console.log(`Skipped: ${folder} does not exist (give a documentation folder as the first argument).`);
    return;
  }
  const { documents } = await readFolder(folder, { unit: DEFAULT_PARAMETERS.unit });
  const texts = documents.map((d) => d.text);
  const sessions = new Map(MODELS.map((model) => [model, new PipelineSession()]));
  const embed = async (model: string): Promise<Cost> => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await embedDocuments(texts, { backend: 'local', model, allowRemoteModels: false }, undefined, {}, sessions.get(model));
    const cpu = process.cpuUsage(cpuBefore);
    return { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
  };
  console.log(`${path.basename(folder)}: ${texts.length} documents (sections), ${texts.reduce((n, t) => n + t.length, 0)} characters; ${rounds} rounds`);
  const first = new Map<string, Cost>();
  for (const model of MODELS) first.set(model, await embed(model));
  const best = new Map<string, Cost>();
  for (let round = 0; round < rounds; round++) {
    for (const model of MODELS) {
      const cost = await embed(model);
      const known = best.get(model);
      best.set(model, { wall: Math.min(cost.wall, known?.wall ?? Infinity), cpu: Math.min(cost.cpu, known?.cpu ?? Infinity) });
    }
  }
  for (const session of sessions.values()) await session.dispose();

  const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(10) : String(c).padStart(13))).join(''));
  line(['model', 'first wall s', 'first CPU s', 'wall s', 'CPU s', 'docs/s', 'CPU ratio', 'first ratio']);
  const base = best.get(BUNDLED_MODEL)!;
  const baseFirst = first.get(BUNDLED_MODEL)!;
  for (const model of MODELS) {
    const [once, cost] = [first.get(model)!, best.get(model)!];
    line([
      model,
      once.wall.toFixed(2),
      once.cpu.toFixed(2),
      cost.wall.toFixed(2),
      cost.cpu.toFixed(2),
      Math.round(texts.length / cost.wall),
      (cost.cpu / base.cpu).toFixed(1),
      (once.cpu / baseFirst.cpu).toFixed(1),
    ]);
  }
  console.log('Ratios: CPU seconds over the bundled model’s, after loading and for the first call (loading included).');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
