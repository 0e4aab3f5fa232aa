/**
 * A documentation tree with planted duplicates, built on real documentation: copies of pages with paragraphs
 * dropped and ~5 % of words changed, sections pasted into other pages with edits, rewrites (synonyms, sentences
 * reordered, connectives added), and look-alike boilerplate that is not duplication (a licence footer and
 * "See also" lists appended to many pages, generated API stub pages from one template).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { UnionFind } from '../../src/core/cluster/unionFind';
import { splitText } from '../../src/core/documents/sections';
import type { Random } from '../../src/core/random';

export interface BaseFile {
  /** Relative path, forward slashes. */
  readonly path: string;
  readonly text: string;
}

export interface PlantedTree {
  /** Sets of relative paths that hold the same text (a source and the pages planted from it). */
  readonly duplicateGroups: readonly (readonly string[])[];
  /** Pages that only received look-alike boilerplate, or are generated stubs: duplicates of nothing planted. */
  readonly lookAlikes: readonly string[];
}

export interface PlantCounts {
  readonly editedCopies: number;
  readonly pastedSections: number;
  readonly rewrites: number;
  readonly footerPages: number;
  readonly seeAlsoPages: number;
  readonly stubPages: number;
}

/**
 * Markdown or reStructuredText files of at least `minBytes` under `root`, in path order, skipping licence and
 * changelog files (whose copies are expected) and any file whose first 2 KB equal an earlier one's (vendored
 * copies).
 */
export function documentationFilesUnder(root: string, minBytes: number, limit: number): BaseFile[] {
  const found: BaseFile[] = [];
  const seen = new Set<string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      if (found.length >= limit) return;
      const full = path.join(folder, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) {
        // Nested dependency folders hold other versions of the same packages: copies, not planted ones.
        if (name !== 'node_modules') walk(full);
      } else if (
        /\.(md|rst)$/i.test(name) &&
        !/^(license|licence|changelog|history|changes|code_of_conduct|security|contributing)/i.test(name) &&
        stat.size >= minBytes &&
        stat.size < 200_000
      ) {
        const text = readFileSync(full, 'utf8');
        const head = text.slice(0, 2048);
        if (seen.has(head)) continue;
        seen.add(head);
        found.push({ path: path.relative(root, full).split(path.sep).join('/'), text });
      }
    }
  };
  walk(root);
  return found;
}

/** Words a rewrite swaps for one another, drawn at random each time: the vocabulary of technical prose. */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['use', 'employ', 'apply', 'rely on'],
  ['uses', 'employs', 'applies', 'relies on'],
  ['using', 'employing', 'applying', 'with'],
  ['used', 'employed', 'applied', 'taken'],
  ['create', 'make', 'produce'],
  ['creates', 'makes', 'produces'],
  ['returns', 'gives back', 'yields', 'hands back'],
  ['return', 'give back', 'yield', 'hand back'],
  ['function', 'routine', 'callable'],
  ['functions', 'routines', 'callables'],
  ['method', 'procedure', 'operation'],
  ['methods', 'procedures', 'operations'],
  ['option', 'setting', 'switch', 'flag'],
  ['options', 'settings', 'switches', 'flags'],
  ['default', 'standard', 'usual'],
  ['value', 'quantity', 'setting'],
  ['values', 'quantities', 'settings'],
  ['file', 'document'],
  ['files', 'documents'],
  ['directory', 'folder'],
  ['directories', 'folders'],
  ['request', 'call', 'query'],
  ['requests', 'calls', 'queries'],
  ['error', 'failure', 'fault', 'problem'],
  ['errors', 'failures', 'faults', 'problems'],
  ['example', 'sample', 'illustration'],
  ['examples', 'samples', 'illustrations'],
  ['allows', 'lets', 'permits', 'enables'],
  ['allow', 'let', 'permit', 'enable'],
  ['provides', 'offers', 'supplies', 'gives'],
  ['provide', 'offer', 'supply', 'give'],
  ['specify', 'give', 'state', 'name'],
  ['specified', 'given', 'stated', 'named'],
  ['called', 'invoked', 'run'],
  ['call', 'invoke'],
  ['should', 'ought to', 'is expected to'],
  ['must', 'has to', 'needs to'],
  ['can', 'is able to', 'may'],
  ['will', 'is going to', 'shall'],
  ['new', 'fresh', 'brand-new'],
  ['object', 'instance', 'entity'],
  ['objects', 'instances', 'entities'],
  ['property', 'attribute', 'field'],
  ['properties', 'attributes', 'fields'],
  ['install', 'set up', 'deploy'],
  ['run', 'execute', 'launch'],
  ['runs', 'executes', 'launches'],
  ['running', 'executing', 'launching'],
  ['check', 'verify', 'confirm', 'test'],
  ['checks', 'verifies', 'confirms', 'tests'],
  ['change', 'modify', 'alter', 'adjust'],
  ['changes', 'modifies', 'alters', 'adjusts'],
  ['changed', 'modified', 'altered', 'adjusted'],
  ['only', 'solely', 'just', 'merely'],
  ['also', 'additionally', 'as well', 'too'],
  ['however', 'but', 'yet', 'still'],
  ['because', 'since', 'as'],
  ['large', 'big', 'sizeable', 'huge'],
  ['small', 'little', 'tiny', 'compact'],
  ['fast', 'quick', 'rapid', 'speedy'],
  ['simple', 'plain', 'basic', 'straightforward'],
  ['easy', 'effortless', 'painless'],
  ['start', 'begin', 'commence', 'kick off'],
  ['starts', 'begins', 'commences', 'kicks off'],
  ['stop', 'halt', 'end', 'cease'],
  ['stops', 'halts', 'ends', 'ceases'],
  ['get', 'obtain', 'fetch', 'retrieve'],
  ['gets', 'obtains', 'fetches', 'retrieves'],
  ['set', 'assign', 'configure'],
  ['sets', 'assigns', 'configures'],
  ['need', 'require', 'want'],
  ['needs', 'requires', 'wants'],
  ['show', 'display', 'present'],
  ['shows', 'displays', 'presents'],
  ['see', 'refer to', 'consult'],
  ['first', 'initial', 'opening'],
  ['last', 'final', 'closing'],
  ['each', 'every', 'any'],
  ['several', 'multiple', 'various', 'many'],
  ['support', 'handle', 'accept'],
  ['supports', 'handles', 'accepts'],
  ['supported', 'handled', 'accepted'],
  ['parameter', 'argument', 'input'],
  ['parameters', 'arguments', 'inputs'],
  ['automatically', 'by itself', 'on its own'],
  ['currently', 'at present', 'right now', 'today'],
  ['useful', 'handy', 'helpful', 'practical'],
];
const SYNONYMS = new Map<string, readonly string[]>(SYNONYM_GROUPS.flatMap((group) => group.map((word) => [word, group.filter((w) => w !== word)] as const)));
const CONNECTIVES = ['In practice,', 'Note that', 'In short,', 'As a rule,', 'For this reason,', 'Put simply,'];

const FOOTER =
  'Copyright (c) the project authors. This page is licensed under the Creative Commons Attribution 4.0 licence; ' +
  'code samples are released under the MIT licence unless noted otherwise. Report mistakes on the issue tracker ' +
  'and send corrections as pull requests against the documentation folder of the repository.';
const SEE_ALSO = [
  'Installation',
  'Configuration',
  'Troubleshooting',
  'Frequently asked questions',
  'Command reference',
  'Upgrading',
  'Glossary',
  'Release notes',
  'Contributing guide',
  'Security policy',
];
const STUB_NAMES = [
  'createClient',
  'closeClient',
  'parseHeaders',
  'formatHeaders',
  'readBody',
  'writeBody',
  'openStream',
  'closeStream',
  'getCookie',
  'setCookie',
  'encodeQuery',
  'decodeQuery',
  'resolveUrl',
  'normalizeUrl',
  'startServer',
  'stopServer',
  'addListener',
  'removeListener',
  'retryRequest',
  'abortRequest',
  'readConfig',
  'writeConfig',
  'loadPlugin',
  'unloadPlugin',
  'hashPassword',
  'verifyPassword',
  'compressData',
  'expandData',
  'scheduleTask',
  'cancelTask',
];
const STUB_TYPES = ['string', 'number', 'boolean', 'Buffer', 'URL', 'Headers', 'Options', 'Record<string, string>'];

const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)];

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
}

/** Prose, not a code block, table, HTML or an indented (literal) block. */
const isProse = (paragraph: string) =>
  /[a-z]{3,}.*[a-z]{3,}/i.test(paragraph) && !/^\s*(```|~~~|\||<)/.test(paragraph) && !paragraph.split('\n').every((line) => /^\s/.test(line));
/** Whole words of prose: not parts of identifiers, paths or inline code. */
const PROSE_WORD = /(?<![\w`.\/-])[A-Za-z]+(?![\w`\/-])/g;

/** Replaces about `share` of the words of prose paragraphs with words drawn from `vocabulary`. */
export function changeWords(text: string, share: number, vocabulary: readonly string[], random: Random): string {
  return paragraphs(text)
    .map((p) => (isProse(p) ? p.replace(/[A-Za-z]{2,}/g, (word) => (random() < share ? pick(vocabulary, random) : word)) : p))
    .join('\n\n');
}

/** A copy with one prose paragraph in six (at least one, never the first paragraph) dropped and ~5 % of words changed. */
export function editedCopy(text: string, vocabulary: readonly string[], random: Random): string {
  const parts = paragraphs(text);
  const prose = parts.map((p, i) => (i > 0 && isProse(p) ? i : -1)).filter((i) => i > 0);
  const drop = new Set(shuffled(prose, random).slice(0, Math.max(1, Math.floor(prose.length / 6))));
  return changeWords(parts.filter((_, i) => !drop.has(i)).join('\n\n'), 0.05, vocabulary, random);
}

/** A rewrite: words swapped for synonyms, sentences of each paragraph reordered, connectives added. */
export function rewrite(text: string, random: Random): string {
  return paragraphs(text)
    .map((p) => {
      if (!isProse(p) || /^#/.test(p)) return p;
      const swapped = p.replace(PROSE_WORD, (word) => {
        const others = SYNONYMS.get(word.toLowerCase());
        if (!others || random() < 0.15) return word;
        const other = pick(others, random);
        return word[0] === word[0].toUpperCase() ? other[0].toUpperCase() + other.slice(1) : other;
      });
      const sentences = swapped.split(/(?<=[.!?])\s+(?=[A-Z])/);
      const ordered = sentences.length > 2 && random() < 0.6 ? shuffled(sentences, random) : sentences;
      return ordered.map((s) => (random() < 0.25 ? `${pick(CONNECTIVES, random)} ${s[0].toLowerCase()}${s.slice(1)}` : s)).join(' ');
    })
    .join('\n\n');
}

/** Sections of a file as the reader cuts them (at Markdown or reStructuredText headings). */
function sections(file: BaseFile): string[] {
  return splitText(file.path, file.text, { unit: 'section', maxWords: 1000 })
    .filter((d) => d.heading !== null)
    .map((d) => d.text);
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

function stubPage(name: string, random: Random): string {
  const parameter = pick(['options', 'input', 'target', 'value', 'callback'], random);
  const type = pick(STUB_TYPES, random);
  const returns = pick(STUB_TYPES, random);
  return [
    `# ${name}()`,
    '',
    `\`${name}(${parameter}: ${type}): Promise<${returns}>\``,
    '',
    `Calls \`${name}\` on the current client. This page was generated from the type definitions; edit the source comments instead.`,
    '',
    '## Parameters',
    '',
    '| Name | Type | Description |',
    '| --- | --- | --- |',
    `| \`${parameter}\` | \`${type}\` | The ${parameter} passed to ${name}. |`,
    '',
    '## Returns',
    '',
    `A promise that resolves to a \`${returns}\` when the operation completes, or rejects with an error when it fails.`,
    '',
    '## Since',
    '',
    `Added in version 1.${Math.floor(random() * 9)}.0. Available in every supported runtime.`,
    '',
  ].join('\n');
}

/** Writes the base files and the planted ones under `root`. */
export function plantDuplicates(root: string, base: readonly BaseFile[], counts: PlantCounts, random: Random): PlantedTree {
  const files = new Map(base.map((f) => [f.path, f.text]));
  const vocabulary = [...new Set(base.flatMap((f) => f.text.match(/\b[a-z]{3,12}\b/g) ?? []))];
  const groups = new Map<string, Set<string>>();
  const join = (source: string, planted: string) => {
    const group = groups.get(source) ?? new Set([source]);
    group.add(planted);
    groups.set(source, group);
  };
  const used = new Set<string>();
  const prose = base.filter((f) => paragraphs(f.text).filter(isProse).length >= 4 && wordCount(f.text) >= 150 && wordCount(f.text) <= 3000);
  const fresh = () => {
    const candidates = prose.filter((f) => !used.has(f.path));
    const chosen = pick(candidates, random);
    used.add(chosen.path);
    return chosen;
  };

  for (let i = 0; i < counts.editedCopies; i++) {
    const source = fresh();
    const target = `copied/${i}-${path.posix.basename(source.path)}`;
    files.set(target, editedCopy(source.text, vocabulary, random));
    join(source.path, target);
  }
  for (let i = 0; i < counts.rewrites; i++) {
    const source = fresh();
    const target = `rewritten/${i}-${path.posix.basename(source.path)}`;
    files.set(target, rewrite(source.text, random));
    join(source.path, target);
  }
  for (let i = 0; i < counts.pastedSections; i++) {
    const source = fresh();
    const section = sections(source).find((s) => wordCount(s) >= 80 && wordCount(s) <= 250 && paragraphs(s).filter(isProse).length >= 2);
    if (!section) continue;
    const host = fresh();
    files.set(host.path, `${files.get(host.path)!.trimEnd()}\n\n${changeWords(section, 0.05, vocabulary, random)}\n`);
    join(source.path, host.path);
  }
  const lookAlikes = new Set<string>();
  const others = shuffled(
    base.filter((f) => !used.has(f.path)),
    random,
  );
  for (const file of others.slice(0, counts.footerPages)) {
    files.set(file.path, `${files.get(file.path)!.trimEnd()}\n\n---\n\n${FOOTER}\n`);
    lookAlikes.add(file.path);
  }
  for (const file of others.slice(counts.footerPages, counts.footerPages + counts.seeAlsoPages)) {
    const items = shuffled(SEE_ALSO, random).slice(0, 4 + Math.floor(random() * 3));
    const list = items.map((item) => `- [${item}](../${item.toLowerCase().replace(/\s+/g, '-')}.md)`).join('\n');
    files.set(file.path, `${files.get(file.path)!.trimEnd()}\n\n## See also\n\n${list}\n`);
    lookAlikes.add(file.path);
  }
  for (const name of STUB_NAMES.slice(0, counts.stubPages)) {
    const target = `api/${name}.md`;
    files.set(target, stubPage(name, random));
    lookAlikes.add(target);
  }

  for (const [relative, text] of files) {
    const full = path.join(root, ...relative.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return { duplicateGroups: [...groups.values()].map((g) => [...g].sort()), lookAlikes: [...lookAlikes].sort() };
}

export interface DuplicateScore {
  /** Planted pairs (two files of one group) reported together / all planted pairs. */
  readonly recall: number;
  /** Reported pairs that involve a planted or look-alike file and are planted / all reported pairs involving one. */
  readonly precision: number;
  readonly planted: number;
  readonly found: number;
  readonly reported: number;
  /** Reported pairs of files the planting did not touch (duplication already in the base files): not scored. */
  readonly natural: number;
  readonly missed: readonly string[];
  readonly wrong: readonly string[];
}

type AnyFinding = { readonly kind: string; readonly locations: readonly { readonly path: string }[] };

const duplicatePathGroups = (findings: readonly AnyFinding[]) => findings.filter((f) => f.kind === 'near-duplicate').map((f) => f.locations.map((l) => l.path));

const pairKey = (a: string, b: string) => (a < b ? `${a} + ${b}` : `${b} + ${a}`);

function pairsOf(groups: readonly (readonly string[])[]): Set<string> {
  const pairs = new Set<string>();
  for (const group of groups)
    for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) if (group[i] !== group[j]) pairs.add(pairKey(group[i], group[j]));
  return pairs;
}

/**
 * Scores near-duplicate findings at file level against what was planted. A reported pair is right when planting
 * and the base files' own duplication (`naturalFindings`, the audit of the base files alone) connect its two files.
 */
export function scoreDuplicates(findings: readonly AnyFinding[], tree: PlantedTree, naturalFindings: readonly AnyFinding[]): DuplicateScore {
  const natural = duplicatePathGroups(naturalFindings);
  const reported = pairsOf(duplicatePathGroups(findings));
  const planted = pairsOf(tree.duplicateGroups);
  const ids = new Map<string, number>();
  const id = (p: string) => ids.get(p) ?? ids.set(p, ids.size).get(p)!;
  const linked = [...tree.duplicateGroups, ...natural];
  for (const group of linked) group.forEach(id);
  for (const pair of reported) pair.split(' + ').forEach(id);
  const together = new UnionFind(ids.size);
  for (const group of linked) for (const p of group) together.union(id(group[0]), id(p));
  const touched = new Set([...tree.duplicateGroups.flat(), ...tree.lookAlikes]);
  const scored = [...reported].filter((pair) => pair.split(' + ').some((p) => touched.has(p)));
  const wrong = scored.filter((pair) => {
    const [a, b] = pair.split(' + ');
    return together.find(id(a)) !== together.find(id(b));
  });
  const missed = [...planted].filter((pair) => !reported.has(pair));
  return {
    recall: (planted.size - missed.length) / Math.max(1, planted.size),
    precision: (scored.length - wrong.length) / Math.max(1, scored.length),
    planted: planted.size,
    found: planted.size - missed.length,
    reported: scored.length,
    natural: reported.size - scored.length,
    missed,
    wrong,
  };
}

/** Counts that write the base files alone. */
export const NOTHING_PLANTED: PlantCounts = { editedCopies: 0, pastedSections: 0, rewrites: 0, footerPages: 0, seeAlsoPages: 0, stubPages: 0 };
