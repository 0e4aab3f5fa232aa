/**
 * `node --import tsx bench/labels.ts [--examples N] RESULT...` — what a reader sees in topic labels: for each
 * result (a topics.json, or a folder holding one) the topics, how many show markup residue in their top ten,
 * how many labels are led by a number, and the first N labels with their titles. Compare two runs of the CLI
 * (e.g. before and after a change) by listing both.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { labelResidue } from '../src/core/metrics/labelResidue';
import type { TopicLensResult } from '../src/core/result';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { examples: { type: 'string', default: '5' } } });
if (positionals.length === 0) {
  console.error('Usage: bench/labels.ts [--examples N] topics.json|folder ...');
  process.exit(1);
}
const examples = Number(values.examples);

const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(40) : String(c).padStart(10))).join(''));
line(['result', 'topics', 'markup', 'num-led', 'numbers']);
const shown: string[] = [];
for (const given of positionals) {
  const file = existsSync(given) && statSync(given).isDirectory() ? path.join(given, 'topics.json') : given;
  const result = JSON.parse(readFileSync(file, 'utf8')) as TopicLensResult;
  const residue = labelResidue(result.topics);
  const name = path.relative(process.cwd(), path.dirname(path.resolve(file))) || '.';
  line([name, residue.topics, residue.withMarkup, residue.numberLed, residue.withNumbers]);
  const offenders = residue.offenders.slice(0, 12).map((o) => `${o.word}×${o.topics}`);
  const labels = result.topics
    .filter((t) => t.id >= 0)
    .slice(0, examples)
    .map((t) => `  ${t.name}${'title' in t && t.title ? `  “${t.title as string}”` : ''}`);
  shown.push(`${name}${offenders.length ? ` — residue: ${offenders.join(' ')}` : ''}`, ...labels);
}
console.log(`\n${shown.join('\n')}`);
