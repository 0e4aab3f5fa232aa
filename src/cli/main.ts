/** `topic-lens <folder>`: topics for a folder of documents, written as topics.json, topics.md and map.html. */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readJsonl } from '../core/documents/jsonl';
import { runPipeline, type PipelineInput } from '../core/pipeline/fullRun';
import { buildMapData, groupResultTopics } from '../core/report/mapData';
import { renderMapHtml } from '../core/report/mapHtml';
import { renderMarkdownReport } from '../core/report/markdown';
import { OUTLIER_TOPIC, sourceOfPath, type TopicLensResult } from '../core/result';
import { auditMain } from './audit';
import { existingFolder, PIPELINE_FLAGS, PIPELINE_HELP, pipelineSettings, runCommand, UsageError } from './pipelineOptions';

const HELP = `Usage: topic-lens <folder> [options]
       topic-lens --jsonl FILE [options]
       topic-lens audit <folder> [options]      (see topic-lens audit --help)

Finds the topics of a folder of documents (Markdown, text, reStructuredText, AsciiDoc…)
with BERTopic's pipeline and writes topics.json, topics.md and map.html.

Options:
  --out DIR                 output folder (default: ./topic-lens-output)
  --jsonl FILE              read documents from JSON Lines ({"text": …, "label"?: …} per line; .gz ok)
${PIPELINE_HELP}`;

function parse(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...PIPELINE_FLAGS, jsonl: { type: 'string' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true as const };
  if (positionals.length > 1) throw new UsageError(`Expected one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const folder = positionals[0];
  if (!folder && !values.jsonl) throw new UsageError('Give a folder to scan (or --jsonl FILE). Try --help.');
  if (folder && values.jsonl) throw new UsageError('Give either a folder or --jsonl, not both.');
  return { help: false as const, folder, jsonl: values.jsonl, ...pipelineSettings(values, 'topic-lens-output') };
}

async function writeOutputs(result: TopicLensResult, outDir: string, root: string | undefined): Promise<void> {
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(path.join(outDir, 'topics.json'), JSON.stringify(result, null, 1));
  // The report and the map group the topics as the editor's tree does at first.
  const grouping = groupResultTopics(result);
  const report = renderMarkdownReport(result, {
    linkFor: (doc) => (root ? `${path.relative(outDir, path.join(root, doc.path)).split(path.sep).join('/')}#L${doc.startLine}` : null),
    groups: grouping.groups,
  });
  await fs.writeFile(path.join(outDir, 'topics.md'), report);
  const script = await fs.readFile(path.join(__dirname, 'webview', 'standalone.js'), 'utf8');
  await fs.writeFile(path.join(outDir, 'map.html'), renderMapHtml(buildMapData(result, grouping), script));
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'audit') return auditMain(argv.slice(1));
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`topic-lens: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  return runCommand(options.quiet, async (control, printer) => {
    let input: PipelineInput;
    if (options.jsonl) {
      const file = path.resolve(options.jsonl);
      if (!existsSync(file)) throw new UsageError(`No such file: ${options.jsonl}`);
      const { documents, skipped } = await readJsonl(file, {}, { signal: control.signal });
      input = { kind: 'documents', source: sourceOfPath(file), documents, skipped };
    } else {
      input = {
        kind: 'folder',
        root: existingFolder(options.folder!),
        include: options.include,
        maxFileBytes: options.maxFileBytes,
        maxFiles: options.maxFiles,
      };
    }
    const result = await runPipeline(input, { parameters: options.parameters, embedding: options.embedding, threads: options.threads }, control);
    printer.finish();
    await writeOutputs(result, options.out, input.kind === 'folder' ? input.root : undefined);
    const topics = result.topics.filter((t) => t.id >= 0).length;
    const outliers = result.documents.filter((d) => d.topic === OUTLIER_TOPIC).length;
    process.stdout.write(
      `${topics} topics in ${result.documents.length} documents (${outliers} outliers, ${result.skipped.length} files skipped).\n` +
        `Wrote ${path.join(options.out, 'topics.md')}, topics.json and map.html.\n`,
    );
    return 0;
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
