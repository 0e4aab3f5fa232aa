import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAudit } from '../../src/core/audit/audit';
import { seededRandom } from '../../src/core/random';
import { BUNDLED_MODEL } from '../../src/core/embedding/bundledModel';
import { DEFAULT_PARAMETERS, OUTLIER_TOPIC, RESULT_VERSION, type TopicLensResult } from '../../src/core/result';
import { checkSavedResult, upgradeSavedResult, type SavedResult } from '../../src/core/savedResult';
import { sampleResult } from '../support/results';

/** The sample result with the hierarchy of its two topics, as a saved result holds it. */
function savedResult(): TopicLensResult {
  return { ...sampleResult(), hierarchy: { merges: [{ id: 2, left: 0, right: 1, distance: 0.7, topics: [0, 1], words: [{ word: 'a', score: 0.3 }] }] } };
}

/** A saved result's JSON, as loosely typed as a damaged one can be. */
interface SavedJson {
  [key: string]: unknown;
  documents: unknown[];
  topics: Record<string, unknown>[];
  skipped: unknown[];
  timings: unknown[];
  incremental: Record<string, unknown>;
  parameters: Record<string, unknown>;
}

/** The saved result with one change made to its JSON. */
function damaged(change: (saved: SavedJson) => void): SavedJson {
  const saved = savedResult() as unknown as SavedJson;
  change(saved);
  return saved;
}

function usable(check: SavedResult): Extract<SavedResult, { kind: 'usable' }> {
  assert.equal(check.kind, 'usable', JSON.stringify(check));
  return check as Extract<SavedResult, { kind: 'usable' }>;
}

const NOTHING_DROPPED = { documents: 0, topics: 0, entries: 0, parts: [] };

describe('checkSavedResult', () => {
  it('gives an intact result back as it was, dropping nothing', () => {
    const check = usable(checkSavedResult(savedResult()));
    assert.deepEqual(check.result, savedResult());
    assert.deepEqual(check.dropped, NOTHING_DROPPED);
  });

  it('drops a damaged document alone, renumbering representative documents and recounting its topic', () => {
    const cases: [string, (doc: Record<string, unknown>) => void][] = [
      ['x that JSON turned from NaN into null', (doc) => (doc.x = null)],
      ['no hash', (doc) => delete doc.hash],
      ['line 0', (doc) => (doc.startLine = 0)],
      ['end before start', (doc) => (doc.endLine = 0)],
      ['a topic that is text', (doc) => (doc.topic = 'zero')],
      ['not an object', (_doc) => undefined],
    ];
    for (const [name, change] of cases) {
      const saved = damaged((s) => (name === 'not an object' ? (s.documents[1] = 'garbage') : change(s.documents[1] as Record<string, unknown>)));
      const check = usable(checkSavedResult(saved));
      assert.deepEqual(check.dropped, { ...NOTHING_DROPPED, documents: 1 }, name);
      assert.deepEqual(
        check.result.documents.map((d) => d.path),
        savedResult()
          .documents.filter((_, i) => i !== 1)
          .map((d) => d.path),
        name,
      );
      const topic0 = check.result.topics.find((t) => t.id === 0)!;
      assert.equal(topic0.count, 2, name);
      // Document 2 is now at index 1; document 0 stays at 0.
      assert.deepEqual(topic0.representativeDocs, [1, 0], name);
      assert.deepEqual(check.result.topics.find((t) => t.id === 1)!.representativeDocs, [4, 3], name);
    }
  });

  it('drops a damaged topic with its documents, keeping the other topics whole', () => {
    for (const change of [
      (topic: Record<string, unknown>) => (topic.words = 'a b'),
      (topic: Record<string, unknown>) => (topic.embedding = [1, 0]),
      (topic: Record<string, unknown>) => (topic.representativeDocs = [-1]),
      (topic: Record<string, unknown>) => delete topic.id,
    ]) {
      const check = usable(checkSavedResult(damaged((s) => change(s.topics[1]))));
      // The hierarchy joined the lost topic to the other one: it goes too.
      assert.deepEqual(check.dropped, { ...NOTHING_DROPPED, documents: 3, topics: 1, parts: ['the topic hierarchy'] });
      assert.deepEqual(
        check.result.topics.map((t) => [t.id, t.count]),
        [
          [OUTLIER_TOPIC, 2],
          [1, 3],
        ],
      );
      assert.ok(check.result.documents.every((d) => d.topic !== 0));
      assert.deepEqual(check.result.topics[1].representativeDocs, [2, 1]);
    }
  });

  it('keeps the first of two topics with one id', () => {
    const check = usable(checkSavedResult(damaged((s) => s.topics.push({ ...s.topics[1], name: 'again' }))));
    assert.deepEqual(
      check.result.topics.map((t) => t.name),
      ['-1_outliers', '0_a_b', '1_c_d'],
    );
    assert.equal(check.dropped.topics, 1);
  });

  it('leaves out damaged report entries and optional parts, and says which', () => {
    const check = usable(
      checkSavedResult(
        damaged((s) => {
          s.skipped.push({ path: 'x.md' }, null);
          s.timings.push({ stage: 'umap', seconds: 'slow' });
          s.incremental.added = -1;
          s.commonComponent = [1, 0];
        }),
      ),
    );
    assert.deepEqual(check.dropped, {
      documents: 0,
      topics: 0,
      entries: 3,
      parts: ['the note of the last incremental update', 'the common component of the embeddings'],
    });
    assert.deepEqual(check.result.skipped, savedResult().skipped);
    assert.equal(check.result.incremental, undefined);
    assert.equal(check.result.commonComponent, undefined);
  });

  it('keeps a run that kept its outliers (outlierPlacement null) and weakly placed documents; drops a document whose weak flag is damaged', () => {
    const kept = usable(checkSavedResult(damaged((s) => (s.parameters.outlierPlacement = null))));
    assert.equal(kept.result.parameters.outlierPlacement, null);
    const placed = usable(checkSavedResult(damaged((s) => ((s.documents[6] as Record<string, unknown>).weak = true))));
    assert.equal(placed.result.documents[6].weak, true);
    const broken = usable(checkSavedResult(damaged((s) => ((s.documents[6] as Record<string, unknown>).weak = 'yes'))));
    assert.equal(broken.dropped.documents, 1);
    assert.equal(broken.result.documents.length, savedResult().documents.length - 1);
  });

  it('calls a result damaged when what holds it together is, and tells another version apart', () => {
    assert.deepEqual(checkSavedResult(damaged((s) => (s.version = 0))), { kind: 'other-version' });
    const cases: [unknown, RegExp][] = [
      [null, /not a result/],
      [[1, 2], /not a result/],
      [damaged((s) => delete s.version), /no version/],
      [damaged((s) => delete s.source), /folder is missing/],
      [damaged((s) => (s.model = { id: BUNDLED_MODEL, dimension: 0 })), /model is missing/],
      [damaged((s) => (s.parameters = { ...s.parameters, seed: '42' })), /parameters are damaged/],
      [damaged((s) => (s.parameters = { ...s.parameters, minSamples: null, unit: null })), /parameters are damaged/],
      [damaged((s) => ((s as Record<string, unknown>).documents = {})), /documents or topics are missing/],
    ];
    for (const [value, why] of cases) {
      const check = checkSavedResult(value);
      assert.equal(check.kind, 'damaged', JSON.stringify(check));
      assert.match((check as { why: string }).why, why);
    }
  });

  it('property: whatever one field of a document or topic is damaged into, the check never throws and what it keeps is consistent', () => {
    const random = seededRandom(5);
    const junk = [null, undefined, -1, 1.5, NaN, 'text', [], {}, [1, 2, 3], true];
    for (let trial = 0; trial < 500; trial++) {
      const saved = damaged((s) => {
        const list: unknown[] = random() < 0.6 ? s.documents : s.topics;
        const entry = list[Math.floor(random() * list.length)] as Record<string, unknown>;
        const keys = Object.keys(entry);
        entry[keys[Math.floor(random() * keys.length)]] = junk[Math.floor(random() * junk.length)];
      });
      const check = usable(checkSavedResult(JSON.parse(JSON.stringify(saved))));
      const { documents, topics } = check.result;
      assert.deepEqual(usable(checkSavedResult(check.result)).dropped, NOTHING_DROPPED, 'what is kept passes the check again');
      for (const topic of topics) {
        assert.equal(topic.count, documents.filter((d) => d.topic === topic.id).length);
        for (const index of topic.representativeDocs) assert.equal(documents[index]?.topic, topic.id);
      }
      for (const doc of documents) assert.ok(doc.topic < 0 || topics.some((t) => t.id === doc.topic));
    }
  });

  it('keeps the topic hierarchy whole, and leaves out one that is damaged or belongs to other topics', () => {
    assert.deepEqual(usable(checkSavedResult(savedResult())).result.hierarchy, savedResult().hierarchy);
    const cases: [string, (saved: SavedJson) => void][] = [
      ['a merge without words', (saved) => delete (saved.hierarchy as { merges: Record<string, unknown>[] }).merges[0].words],
      ['a merge of a topic that is gone', (saved) => (saved.topics = saved.topics.filter((t) => t.id !== 1))],
      ['too few merges', (saved) => ((saved.hierarchy as { merges: unknown[] }).merges = [])],
    ];
    for (const [what, change] of cases) {
      const check = usable(checkSavedResult(damaged(change)));
      assert.equal(check.result.hierarchy, undefined, what);
      assert.ok(check.dropped.parts.includes('the topic hierarchy'), what);
    }
    assert.equal(checkSavedResult(damaged((saved) => (saved.parameters.nrTopics = 1))).kind, 'damaged', 'nr_topics must be at least 2');
    assert.equal(usable(checkSavedResult(damaged((saved) => (saved.parameters.nrTopics = 'auto')))).result.parameters.nrTopics, 'auto');
  });

  it('keeps the audit whole (findings, facts), drops damaged findings one by one, and leaves out an audit whose facts are damaged', async () => {
    const result = savedResult();
    const audit = await runAudit({ result, texts: result.documents.map((d) => `${d.snippet} ${d.snippet}`) });
    const withAudit = (): SavedJson => JSON.parse(JSON.stringify({ ...result, audit })) as SavedJson;
    assert.ok(audit.findings.length > 0, 'the sample result has findings (outliers at least)');
    const intact = usable(checkSavedResult(withAudit()));
    assert.deepEqual(intact.result.audit, JSON.parse(JSON.stringify(audit)));
    assert.deepEqual(intact.dropped, NOTHING_DROPPED);

    const badFinding = withAudit();
    const findings = (badFinding.audit as { findings: Record<string, unknown>[] }).findings;
    findings[0].locations = [{ path: 'a.md', startLine: 5, endLine: 2 }];
    const dropped = usable(checkSavedResult(badFinding));
    assert.equal(dropped.result.audit?.findings.length, audit.findings.length - 1);
    assert.deepEqual(dropped.dropped.parts, ['1 damaged audit finding']);

    const badFacts = withAudit();
    (badFacts.audit as { facts: Record<string, unknown> }).facts.placements = [{ document: 999, nearestTopic: 0 }];
    const gone = usable(checkSavedResult(badFacts));
    assert.equal(gone.result.audit, undefined);
    assert.deepEqual(gone.dropped.parts, ['the audit findings']);

    // Placements name documents by index: a result that lost a document loses its audit.
    const lostDocument = withAudit();
    lostDocument.documents[0] = { broken: true };
    assert.equal(usable(checkSavedResult(lostDocument)).result.audit, undefined);
  });
});

describe('upgradeSavedResult', () => {
  it('reads results of versions 1 and 2 as the current version, with no hierarchy and no topic reduction', () => {
    for (const version of [1, 2]) {
      const old = damaged((saved) => {
        saved.version = version;
        delete saved.hierarchy;
        delete saved.parameters.nrTopics;
        delete saved.parameters.outlierPlacement;
        for (const key of ['bigrams', 'foldPlurals', 'diversity', 'splitTopicShare', 'mergeSimilarity', 'fileContext'] as const) delete saved.parameters[key];
      });
      const check = usable(checkSavedResult(upgradeSavedResult(old)));
      assert.equal(check.result.version, RESULT_VERSION);
      assert.equal(check.result.parameters.nrTopics, null);
      assert.equal(check.result.parameters.outlierPlacement, null, 'made before outliers were placed');
      const { bigrams, foldPlurals, diversity } = check.result.parameters;
      assert.deepEqual(
        { bigrams, foldPlurals, diversity },
        { bigrams: false, foldPlurals: false, diversity: null },
        'made before bigrams, plural folding and MMR',
      );
      assert.equal(check.result.parameters.splitTopicShare, 0, 'made before dominant topics were split');
      assert.equal(check.result.parameters.mergeSimilarity, null, 'made before similar topics were merged');
      assert.equal(check.result.parameters.fileContext, 0, 'made before sections were read in context');
      assert.equal(check.result.hierarchy, undefined);
      assert.deepEqual(check.result.documents, savedResult().documents);
      assert.deepEqual(check.dropped, NOTHING_DROPPED);
    }
    // A version 2 result of weak outlier placement keeps its setting and its weakly placed documents.
    const placed = damaged((saved) => {
      saved.version = 2;
      delete saved.hierarchy;
      delete saved.parameters.nrTopics;
      (saved.documents[6] as Record<string, unknown>).weak = true;
    });
    const check = usable(checkSavedResult(upgradeSavedResult(placed)));
    assert.equal(check.result.parameters.outlierPlacement, DEFAULT_PARAMETERS.outlierPlacement);
    assert.equal(check.result.documents[6].weak, true);
    assert.equal(check.result.parameters.diversity, DEFAULT_PARAMETERS.diversity, 'a version 2 result with topic-word settings keeps them');
    // Without the upgrade an older result is another version; other values pass through to the check.
    assert.equal(checkSavedResult(damaged((saved) => (saved.version = 2))).kind, 'other-version');
    for (const value of [null, 'text', { version: 99 }]) assert.equal(upgradeSavedResult(value), value);
  });

  it('gives a current-version result made before a later parameter existed that parameter off, and leaves a complete one as it is', () => {
    for (const [key, off] of [
      ['splitTopicShare', 0],
      ['mergeSimilarity', null],
      ['fileContext', 0],
    ] as const) {
      const before = damaged((saved) => delete (saved.parameters as Partial<typeof saved.parameters>)[key]);
      assert.equal(checkSavedResult(before).kind, 'damaged', 'without the upgrade the parameters are incomplete');
      const check = usable(checkSavedResult(upgradeSavedResult(before)));
      assert.equal(check.result.parameters[key], off, key);
      const { parameters } = savedResult();
      assert.deepEqual(check.result.parameters, { ...parameters, [key]: off }, 'the others kept');
      assert.deepEqual(check.dropped, NOTHING_DROPPED);
    }
    const complete = savedResult();
    assert.equal(upgradeSavedResult(complete), complete);
  });
});
