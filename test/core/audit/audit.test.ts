/**
 * Every kind of finding on a small workspace built on disk, with a git repository the test creates (commit dates
 * set per file). Topics and embeddings are set by hand so that each finding has one known cause; the texts, links,
 * files and history are real and read by the audit as in a run.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reauditTopics, runAudit, type AuditInput } from '../../../src/core/audit/audit';
import { FINDING_KINDS, type Finding, type FindingKind } from '../../../src/core/audit/finding';
import { readFileHistory, type FileHistory } from '../../../src/core/audit/gitHistory';
import { seededRandom } from '../../../src/core/random';
import { DEFAULT_PARAMETERS, OUTLIER_TOPIC, sourceOfPath, type DocumentResult, type TopicLensResult } from '../../../src/core/result';
import { madeUpProse, withWordsChanged } from '../../support/madeUpText';
import { testDocument, testResult, testTopic } from '../../support/results';

const TOPICS = 5;
const DIMENSION = TOPICS + 1;
const FOOTER =
  'Copyright the project authors. This page is licensed under the Creative Commons Attribution licence and code samples under the MIT licence unless noted otherwise.';

interface Section {
  readonly heading: string | null;
  readonly body: string;
  readonly topic: number;
  readonly weak?: boolean;
  /** Unit vector of the section's embedding (default: its topic's axis). */
  readonly embedding?: readonly number[];
}

interface FileSpec {
  readonly path: string;
  readonly sections: readonly Section[];
  /** Days before "now" of the file's last commit. */
  readonly age: number;
}

const random = seededRandom(7);
const prose = (words: number) => madeUpProse(words, random);
const edited = (text: string) => withWordsChanged(text, 0.05, random);

const axis = (t: number) => Array.from({ length: DIMENSION }, (_, i) => (i === t ? 1 : 0));
const one = (topic: number, body = prose(120), extra: Partial<Section> = {}): Section[] => [{ heading: null, body, topic, ...extra }];

function workspace(): FileSpec[] {
  const copied = prose(150);
  const files: FileSpec[] = [
    // Topic 0 lives in guide/; guide/e.md was not touched for three years while the rest changed this year.
    {
      path: 'guide/a.md',
      sections: one(0, `${prose(80)}\n\nSee [b](b.md), [c](./c.md), [d](d.md#part), [the copy](../howto/copy.md) and [nothing](missing.md).`),
      age: 30,
    },
    { path: 'guide/b.md', sections: one(0, copied), age: 40 },
    { path: 'guide/c.md', sections: one(0, `${prose(100)}\n\nBack to [a](a.md).`), age: 50 },
    { path: 'guide/d.md', sections: one(0), age: 60 },
    { path: 'guide/e.md', sections: one(0, `${prose(100)}\n\nBack to [a](a.md).`), age: 3 * 365 },
    { path: 'howto/copy.md', sections: one(0, edited(copied)), age: 20 },
    // Topic 1 is spread evenly over five folders; each of its pages ends with the same licence footer.
    ...[1, 2, 3, 4, 5].map((i) => ({ path: `s${i}/page.md`, sections: one(1, `${prose(100)}\n\n${FOOTER}`), age: 10 * i })),
    // A folder whose four files are about four topics.
    ...[0, 2, 3, 4].map((t) => ({ path: `mixed/m${t}.md`, sections: one(t), age: 15 })),
    // A file whose eight sections fall into five topics.
    {
      path: 'ref/big.md',
      sections: [0, 1, 2, 3, 2, 3, 4, 4].map((topic, i) => ({ heading: `Part ${i}`, body: prose(60), topic })),
      age: 25,
    },
    // An outlier (nearest to topic 2) and an outlier the run placed in topic 3 (weak).
    { path: 'misc/lonely.md', sections: one(OUTLIER_TOPIC, prose(100), { embedding: [0, 0, 0.6, 0, 0, 0.8] }), age: 35 },
    { path: 'misc/weak.md', sections: one(3, prose(100), { weak: true, embedding: [0, 0, 0, 0.7, 0, 0.714] }), age: 35 },
  ];
  return files;
}

interface Built {
  readonly root: string;
  readonly input: Omit<AuditInput, 'history'>;
}

/** Writes the files and returns the audit's input as a run over them would give it. */
function build(root: string, files: readonly FileSpec[]): Built {
  const documents: DocumentResult[] = [];
  const texts: string[] = [];
  const vectors: number[][] = [];
  for (const file of files) {
    const lines: string[] = [];
    for (const section of file.sections) {
      const startLine = lines.length + 1;
      const sectionLines = [...(section.heading ? [`## ${section.heading}`, ''] : []), ...section.body.split('\n'), ''];
      lines.push(...sectionLines);
      const text = sectionLines.join('\n');
      texts.push(text);
      vectors.push([...(section.embedding ?? axis(section.topic))]);
      documents.push(
        testDocument(file.path, section.topic, {
          heading: section.heading,
          startLine,
          endLine: lines.length,
          ...(section.weak ? { weak: true as const } : {}),
          hash: `h${documents.length}`,
        }),
      );
    }
    const full = path.join(root, file.path);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, lines.join('\n'));
  }
  const count = (t: number) => documents.filter((d) => d.topic === t).length;
  const result = testResult(
    documents,
    [
      testTopic(OUTLIER_TOPIC, count(OUTLIER_TOPIC)),
      ...Array.from({ length: TOPICS }, (_, t) =>
        testTopic(t, count(t), {
          words: [
            { word: `word${t}`, score: 1 },
            { word: `term${t}`, score: 0.5 },
          ],
          embedding: axis(t),
        }),
      ),
    ],
    { source: sourceOfPath(root), model: { id: 'hand-made', dimension: DIMENSION }, parameters: { ...DEFAULT_PARAMETERS, minTopicSize: 2 } },
  );
  return {
    root,
    input: {
      result,
      texts,
      embeddings: {
        rows: Int32Array.from(documents, (_, i) => i),
        matrix: { rows: documents.length, cols: DIMENSION, data: Float32Array.from(vectors.flat()) },
        neighbours: null,
      },
      fileExists: (relative) => existsSync(path.join(root, relative)),
    },
  };
}

const DAY = 86_400;
const git = (root: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** One commit per file, oldest first, dated `age` days ago. */
function commitEach(root: string, files: readonly FileSpec[], now: number): void {
  git(root, ['init', '-q', '-b', 'main']);
  for (const file of [...files].sort((a, b) => b.age - a.age)) {
    const date = `@${now - file.age * DAY} +0000`;
    git(root, ['add', '--', file.path]);
    git(root, ['commit', '-q', '-m', `edit ${file.path}`], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  }
}

const ofKind = (findings: readonly Finding[], kind: FindingKind) => findings.filter((f) => f.kind === kind);
const pathsOf = (finding: Finding) => [...new Set(finding.locations.map((l) => l.path))].sort();

describe('runAudit on a built workspace in a git repository', () => {
  let root: string;
  let built: Built;
  let history: FileHistory;
  let findings: readonly Finding[];
  const now = Math.floor(Date.now() / 1000);

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'topic-lens-audit-'));
    const files = workspace();
    built = build(root, files);
    commitEach(root, files, now);
    history = await readFileHistory(root, new Set(files.map((f) => f.path)));
    findings = (await runAudit({ ...built.input, history })).findings;
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads each file’s last commit from git', () => {
    assert.equal(history.available, true);
    if (!history.available) return;
    assert.equal(history.prefix, '');
    assert.equal(history.lastChange.get('guide/e.md'), now - 3 * 365 * DAY);
    assert.equal(history.lastChange.get('guide/a.md'), now - 30 * DAY);
    assert.deepEqual(history.uncommitted, []);
  });

  it('finds every kind of finding', () => {
    assert.deepEqual([...new Set(findings.map((f) => f.kind))].sort(), [...FINDING_KINDS].sort());
  });

  it('reports the edited copy as a near-duplicate pair, and nothing else as duplicated', () => {
    const duplicates = ofKind(findings, 'near-duplicate');
    assert.equal(duplicates.length, 1, JSON.stringify(duplicates));
    assert.deepEqual(pathsOf(duplicates[0]), ['guide/b.md', 'howto/copy.md']);
    assert.ok(duplicates[0].score >= 0.7 && duplicates[0].score < 1, `score ${duplicates[0].score}`);
  });

  it('reports the licence footer as boilerplate on its lines in the five pages', () => {
    const blocks = ofKind(findings, 'boilerplate');
    assert.equal(blocks.length, 1);
    assert.deepEqual(pathsOf(blocks[0]), ['s1/page.md', 's2/page.md', 's3/page.md', 's4/page.md', 's5/page.md']);
    // The footer is line 3 of each page (prose, blank line, footer).
    for (const location of blocks[0].locations) assert.deepEqual([location.startLine, location.endLine], [3, 3]);
  });

  it('reports the outlier with its nearest topic and the weakly placed document', () => {
    const [orphan, ...moreOrphans] = ofKind(findings, 'orphan');
    assert.equal(moreOrphans.length, 0);
    assert.deepEqual(pathsOf(orphan), ['misc/lonely.md']);
    assert.deepEqual(orphan.topics, [2]);
    assert.match(orphan.message, /nearest topic 2: word2_term2 \(similarity 0\.60\)/);
    const weak = ofKind(findings, 'weakly-placed');
    assert.deepEqual(weak.map(pathsOf), [['misc/weak.md']]);
    assert.match(weak[0].message, /outlier joined to its nearest topic/);
  });

  it('gives the same nearest topics and findings with threads: 1 as by default', async () => {
    const oneThread = await runAudit({ ...built.input, history, threads: 1 });
    const twoThreads = await runAudit({ ...built.input, history });
    assert.deepEqual(
      oneThread.facts.placements.map((p) => p.document),
      [
        built.input.result.documents.findIndex((d) => d.path === 'misc/lonely.md'),
        built.input.result.documents.findIndex((d) => d.path === 'misc/weak.md'),
      ].sort((a, b) => a - b),
    );
    assert.deepEqual(twoThreads.facts.placements, oneThread.facts.placements);
    assert.deepEqual(twoThreads.findings, oneThread.findings);
  });

  it('reports the scattered topic, the incoherent folder and the split candidate', () => {
    const scattered = ofKind(findings, 'scattered-topic');
    assert.deepEqual(
      scattered.map((f) => f.topics),
      [[1]],
    );
    assert.ok(scattered[0].score >= 0.8);
    assert.deepEqual(ofKind(findings, 'incoherent-folder').map(pathsOf), [['mixed/m0.md', 'mixed/m2.md', 'mixed/m3.md', 'mixed/m4.md']]);
    const split = ofKind(findings, 'split-candidate');
    assert.deepEqual(split.map(pathsOf), [['ref/big.md']]);
    // One location per topic: the first section in each, at its heading's line.
    assert.deepEqual(
      split[0].locations.map((l) => l.heading),
      ['Part 0', 'Part 1', 'Part 2', 'Part 3', 'Part 6'],
    );
  });

  it('reports only the page its topic moved past as stale', () => {
    const stale = ofKind(findings, 'stale');
    assert.deepEqual(stale.map(pathsOf), [['guide/e.md']]);
    assert.match(stale[0].message, /before the median of its topic 0/);
  });

  it('reports the missing link target at its line and the pages nothing links to', () => {
    const broken = ofKind(findings, 'broken-link');
    assert.deepEqual(
      broken.map((f) => f.locations[0]),
      [{ path: 'guide/a.md', startLine: 3, endLine: 3 }],
    );
    assert.match(broken[0].message, /"missing\.md"/);
    const unlinked = new Map(ofKind(findings, 'unlinked-page').map((f) => [f.locations[0].path, f]));
    for (const linked of ['guide/a.md', 'guide/b.md', 'guide/c.md', 'guide/d.md', 'howto/copy.md']) assert.ok(!unlinked.has(linked), linked);
    assert.equal(unlinked.get('misc/lonely.md')?.severity, 'warning', 'an unlinked outlier is a warning');
    assert.equal(unlinked.get('misc/weak.md')?.severity, 'note');
  });

  it('gives findings fingerprints that stay the same in a second run', async () => {
    const again = await runAudit({ ...built.input, history });
    assert.deepEqual(
      again.findings.map((f) => f.fingerprint),
      findings.map((f) => f.fingerprint),
    );
    assert.equal(new Set(findings.map((f) => f.fingerprint)).size, findings.length);
  });

  it('derives the topic findings again after a merge without a new run', async () => {
    const report = await runAudit({ ...built.input, history });
    // Topics 2, 3 and 4 merged into 2: the folder and the file now span two topics.
    const merged: TopicLensResult = {
      ...built.input.result,
      documents: built.input.result.documents.map((d) => (d.topic === 3 || d.topic === 4 ? { ...d, topic: 2 } : d)),
      topics: built.input.result.topics.filter((t) => t.id !== 3 && t.id !== 4),
    };
    const again = reauditTopics(
      merged,
      report,
      new Map([
        [3, 2],
        [4, 2],
      ]),
    );
    assert.equal(ofKind(again.findings, 'incoherent-folder').length, 0);
    assert.equal(ofKind(again.findings, 'split-candidate').length, 0);
    assert.equal(ofKind(again.findings, 'near-duplicate').length, 1);
    assert.equal(ofKind(again.findings, 'stale').length, 1);
  });
});

describe('runAudit without git', () => {
  it('skips staleness with a reason when the folder is not a work tree', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'topic-lens-audit-nogit-'));
    try {
      const files = workspace();
      const built = build(root, files);
      const history = await readFileHistory(root, new Set(files.map((f) => f.path)));
      assert.equal(history.available, false);
      const report = await runAudit({ ...built.input, history });
      assert.equal(ofKind(report.findings, 'stale').length, 0);
      assert.ok(
        report.notes.some((n) => n.startsWith('Staleness was not measured')),
        report.notes.join('\n'),
      );
      assert.equal(ofKind(report.findings, 'near-duplicate').length, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports that git is missing instead of failing', async () => {
    const history = await readFileHistory(tmpdir(), new Set(['a.md']), { git: '/nonexistent/git' });
    assert.equal(history.available, false);
  });
});
