/**
 * `topic-lens audit <folder>`: the pipeline, then the documentation audit, written as audit.json, audit.md,
 * audit.sarif and inventory.csv. Exit code 2 when findings of a kind named in --fail-on are reported (for CI).
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { runAudit } from '../core/audit/audit';
import { auditDocument, baselineFingerprints } from '../core/audit/auditDocument';
import { renderAuditMarkdown } from '../core/audit/auditMarkdown';
import { AUDIT_OPTION_LIMITS, DEFAULT_AUDIT_OPTIONS, FINDING_KINDS, type AuditOptions, type FindingKind } from '../core/audit/finding';
import { readFileHistory, type FileHistory } from '../core/audit/gitHistory';
import { renderInventoryCsv } from '../core/audit/inventory';
import { renderSarif } from '../core/audit/sarif';
import { runPipeline, type PipelineIntermediates } from '../core/pipeline/fullRun';
import { existingFolder, PIPELINE_FLAGS, PIPELINE_HELP, pipelineSettings, runCommand, UsageError } from './pipelineOptions';

/** Exit code when findings of a --fail-on kind are reported. */
export const EXIT_FINDINGS = 2;

const THRESHOLD_HELP: Readonly<Record<keyof AuditOptions, string>> = {
  duplicateJaccard: 'near-duplicates: Jaccard similarity of distinctive 5-word runs',
  duplicateContainment: "near-duplicates: share of the shorter one's 5-word runs in the other",
  paraphraseCosine: 'rewrites: embedding cosine similarity of neighbours',
  paraphraseOverlap: 'rewrites: share of distinctive vocabulary in common',
  minShingles: 'documents with fewer distinctive 5-word runs are not judged',
  boilerplateMinFiles: 'a 5-word run in this many files is boilerplate…',
  boilerplateShare: '…and in this share of all files',
  boilerplateMinWords: 'repeated blocks shorter than this are phrases',
  tinyTopicFactor: 'topics under this × the minimum topic size are tiny',
  spreadEntropy: 'normalised entropy from which material counts as spread',
  spreadMinGroups: 'folders/topics a spread must span at least',
  staleZ: 'stale: robust z-score below the topic median',
  staleMinDays: 'stale: days older than the topic median at least',
};

const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const THRESHOLD_KEYS = Object.keys(AUDIT_OPTION_LIMITS) as (keyof AuditOptions)[];

const HELP = `Usage: topic-lens audit <folder> [options]

Audits a documentation folder: near-duplicates, repeated boilerplate, documents that belong
to no topic or are weakly placed, scattered topics, incoherent folders, split candidates,
stale pages (from git), unlinked pages and broken links. Writes audit.json, audit.md,
audit.sarif (SARIF 2.1.0, for code scanning) and inventory.csv.

Audit options:
  --out DIR                 output folder (default: ./topic-lens-audit)
  --fail-on KIND[,KIND…]    exit with code 2 when findings of these kinds are reported ("all" for any)
  --baseline FILE           report only findings that are not in this earlier audit.json
  --no-git                  do not read the git history (no staleness)

Thresholds:
${THRESHOLD_KEYS.map((key) => `  ${`${flagOf(key)} ${AUDIT_OPTION_LIMITS[key].integer ? 'N' : 'X'}`.padEnd(27)}${THRESHOLD_HELP[key]} (default ${DEFAULT_AUDIT_OPTIONS[key]})`).join('\n')}

Kinds: ${FINDING_KINDS.join(', ')}

Pipeline options:
${PIPELINE_HELP}
Exit codes: 0 no failing findings, 2 findings of a --fail-on kind, 1 bad usage or input, 130 interrupted.
`;

function thresholds(values: Readonly<Record<string, unknown>>): Partial<AuditOptions> {
  const out: Partial<Record<keyof AuditOptions, number>> = {};
  for (const key of THRESHOLD_KEYS) {
    const raw = values[flagOf(key).slice(2)];
    if (raw === undefined) continue;
    const value = Number(raw);
    const limit = AUDIT_OPTION_LIMITS[key];
    if (raw === '' || !Number.isFinite(value) || value < limit.min || value > limit.max || (limit.integer && !Number.isInteger(value))) {
      throw new UsageError(`${flagOf(key)} must be ${limit.integer ? 'a whole number' : 'a number'} from ${limit.min} to ${limit.max}, got "${String(raw)}".`);
    }
    out[key] = value;
  }
  return out;
}

function failingKinds(list: string | undefined): Set<FindingKind> {
  if (list === undefined) return new Set();
  const kinds = list
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (kinds.includes('all')) return new Set(FINDING_KINDS);
  for (const kind of kinds)
    if (!(FINDING_KINDS as readonly string[]).includes(kind))
      throw new UsageError(`--fail-on: unknown kind "${kind}" (kinds: ${FINDING_KINDS.join(', ')}, or all).`);
  return new Set(kinds as FindingKind[]);
}

function parse(argv: string[]) {
  const thresholdFlags = Object.fromEntries(THRESHOLD_KEYS.map((key) => [flagOf(key).slice(2), { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...PIPELINE_FLAGS, ...thresholdFlags, 'fail-on': { type: 'string' }, baseline: { type: 'string' }, 'no-git': { type: 'boolean' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true as const };
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'Give the folder to audit. Try topic-lens audit --help.'
        : `Expected one folder, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  return {
    help: false as const,
    folder: positionals[0],
    failOn: failingKinds(values['fail-on'] as string | undefined),
    baseline: values.baseline as string | undefined,
    git: !values['no-git'],
    thresholds: thresholds(values),
    ...pipelineSettings(values, 'topic-lens-audit'),
  };
}

/** The fingerprints of an earlier audit.json; UsageError when it cannot be read. */
function readBaseline(file: string): Set<string> {
  try {
    return baselineFingerprints(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file.' : (error as Error).message;
    throw new UsageError(`--baseline ${file}: ${reason}`);
  }
}

export async function auditMain(argv: string[]): Promise<number> {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`topic-lens audit: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const settings = options;
  return runCommand(settings.quiet, async (control, printer) => {
    const root = existingFolder(settings.folder);
    const known = settings.baseline === undefined ? null : readBaseline(settings.baseline);
    let intermediates: PipelineIntermediates | undefined;
    const result = await runPipeline(
      { kind: 'folder', root, include: settings.include, maxFileBytes: settings.maxFileBytes, maxFiles: settings.maxFiles },
      { parameters: settings.parameters, embedding: settings.embedding, threads: settings.threads, onIntermediates: (value) => (intermediates = value) },
      control,
    );
    const paths = new Set(result.documents.map((d) => d.path));
    const history: FileHistory = settings.git
      ? await readFileHistory(root, paths, {}, control)
      : { available: false, reason: 'the history was not read (--no-git).' };
    const report = await runAudit(
      {
        result,
        texts: intermediates!.documents.map((d) => d.text),
        embeddings: { rows: intermediates!.rows, matrix: intermediates!.embeddings, neighbours: intermediates!.neighbours },
        history,
        fileExists: (relative) => existsSync(path.join(root, relative)),
        options: settings.thresholds,
        threads: settings.threads,
      },
      control,
    );
    printer.finish();
    const findings = known ? report.findings.filter((f) => !known.has(f.fingerprint)) : report.findings;
    const baseline = known ? { file: settings.baseline!, leftOut: report.findings.length - findings.length } : undefined;
    const document = auditDocument({ ...result, audit: report }, report, findings, { toolVersion: packageJson.version, baseline });

    const out = settings.out;
    await fs.mkdir(out, { recursive: true });
    await fs.writeFile(path.join(out, 'audit.json'), JSON.stringify(document, null, 1));
    const linkFor = (location: { path: string; startLine: number; endLine: number }) =>
      `${path.relative(out, path.join(root, location.path)).split(path.sep).join('/')}#L${location.startLine}-L${location.endLine}`;
    await fs.writeFile(path.join(out, 'audit.md'), renderAuditMarkdown(document, { linkFor }));
    // Code scanning wants paths from the repository's root.
    const prefix = history.available ? history.prefix : '';
    const repositoryRoot =
      prefix === ''
        ? root
        : path.resolve(
            root,
            ...prefix
              .split('/')
              .filter(Boolean)
              .map(() => '..'),
          );
    const rootUri = `${pathToFileURL(repositoryRoot).href.replace(/\/$/, '')}/`;
    await fs.writeFile(
      path.join(out, 'audit.sarif'),
      JSON.stringify(renderSarif(findings, { toolVersion: packageJson.version, rootUri, pathPrefix: prefix }), null, 1),
    );
    await fs.writeFile(path.join(out, 'inventory.csv'), renderInventoryCsv(document.inventory));

    const counts = FINDING_KINDS.filter((kind) => document.summary.findings[kind] > 0).map((kind) => `${document.summary.findings[kind]} ${kind}`);
    process.stdout.write(
      `${findings.length} findings${baseline ? ` new since ${baseline.file}` : ''}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}.\n` +
        `Wrote ${path.join(out, 'audit.md')}, audit.json, audit.sarif and inventory.csv.\n`,
    );
    const failing = findings.filter((f) => settings.failOn.has(f.kind));
    if (failing.length > 0) {
      process.stderr.write(`topic-lens audit: ${failing.length} findings of a --fail-on kind (${[...new Set(failing.map((f) => f.kind))].join(', ')}).\n`);
      return EXIT_FINDINGS;
    }
    return 0;
  });
}
