/** Packed results: the columns hold exactly what the objects hold, and a delta turns one result into the next. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyDelta,
  decodePacked,
  encodePacked,
  packDocuments,
  packResult,
  resultDelta,
  selectDocuments,
  spliceFilesPlan,
  transferList,
  unpackDocuments,
  unpackResult,
} from '../../src/core/packedResult';
import { gatherStrings, packStrings, unpackStrings } from '../../src/core/packedStrings';
import { seededRandom } from '../../src/core/random';
import { DEFAULT_PARAMETERS, RESULT_VERSION, type DocumentResult, type TopicLensResult } from '../../src/core/result';

const random = seededRandom(7);

function entry(path: string, n: number, topic = n % 3): DocumentResult {
  return {
    path,
    heading: n % 4 === 0 ? null : `Heading ${n} — naïve “quotes” 😀`,
    startLine: n * 10 + 1,
    endLine: n * 10 + 9,
    topic,
    probability: random(),
    x: random() * 20 - 10,
    y: Math.fround(random()),
    snippet: n % 5 === 0 ? '' : `Text of ${path} #${n} … with ü`,
    hash: `${n.toString(16).padStart(64, '0')}`,
    ...(n % 6 === 0 ? { label: `label-${n}` } : {}),
    ...(topic >= 0 && n % 4 === 1 ? { weak: true as const } : {}),
    ...(topic === -2 ? { unembeddableReason: 'The document has no text.' } : {}),
  };
}

function result(documents: DocumentResult[], extra: Partial<TopicLensResult> = {}): TopicLensResult {
  return {
    version: RESULT_VERSION,
    createdAt: '2025-01-01T00:00:00.000Z',
    source: 'file:///docs',
    model: { id: 'm', dimension: 2 },
    parameters: DEFAULT_PARAMETERS,
    documents,
    topics: [{ id: 0, count: 1, name: '0_a', words: [{ word: 'a', score: 0.5 }], representativeDocs: [0], embedding: [0.6, 0.8] }],
    skipped: [],
    timings: [],
    ...extra,
  };
}

/** Files a.md … e.md with 3 documents each, in path order. */
function tree(): DocumentResult[] {
  return ['a.md', 'b.md', 'c.md', 'd.md', 'e.md'].flatMap((path, f) => [0, 1, 2].map((k) => entry(path, f * 3 + k, k === 2 && f === 1 ? -2 : k)));
}

describe('packed strings', () => {
  it('round-trip, nulls and non-ASCII included, and gather entries in any order', () => {
    const strings = ['', 'plain', null, 'naïve 😀', 'x'];
    const packed = packStrings(strings);
    assert.deepEqual(unpackStrings(packed), strings);
    assert.deepEqual(unpackStrings(gatherStrings([packed, packStrings(['other'])], [3, 0, 2, 0], [0, 1, 0, 0])), ['naïve 😀', 'other', null, '']);
    assert.equal(packStrings(['a', 'b']).nulls, undefined, 'no null flags without nulls');
  });

  it('gather runs of consecutive entries (copied as blocks) next to single ones, nulls inside a run kept', () => {
    const strings = ['', 'plain', null, 'naïve 😀', 'x'];
    const other = ['one', null, 'three'];
    const gathered = gatherStrings([packStrings(strings), packStrings(other)], [1, 2, 3, 0, 1, 2, 4, 0], [0, 0, 0, 1, 1, 1, 0, 0]);
    assert.deepEqual(unpackStrings(gathered), ['plain', null, 'naïve 😀', 'one', null, 'three', 'x', '']);
  });
});

describe('packed results', () => {
  it('hold exactly the entries and the rest of the result', () => {
    const original = result(tree());
    assert.deepEqual(unpackResult(packResult(original)), original);
    assert.deepEqual(unpackDocuments(selectDocuments(packDocuments(original.documents), [4, 0])), [original.documents[4], original.documents[0]]);
  });

  it('survive the binary form', () => {
    const packed = packResult(result(tree()));
    const { header, documents } = decodePacked(encodePacked({ meta: packed.meta }, packed.documents));
    assert.deepEqual(header, { meta: packed.meta });
    assert.deepEqual(unpackDocuments(documents), unpackDocuments(packed.documents));
    // As read from a file by Node (a Buffer, whose slice() is a view).
    assert.deepEqual(unpackDocuments(decodePacked(Buffer.from(encodePacked({}, packed.documents))).documents), unpackDocuments(packed.documents));
    assert.throws(() => decodePacked(new TextEncoder().encode('{"not":"packed"}')), /Not a packed/);
    assert.throws(() => decodePacked(encodePacked({}, packed.documents).subarray(0, 200)), /Not a packed|truncated/);
  });

  it('transfer each buffer once', () => {
    const list = transferList(packDocuments(tree()));
    assert.equal(new Set(list).size, list.length);
    assert.ok(list.every((buffer) => buffer instanceof ArrayBuffer));
  });
});

describe('deltas', () => {
  const before = result(tree());
  const cases: { name: string; after: DocumentResult[] }[] = [
    { name: 'a file changed in the middle', after: before.documents.map((d) => (d.path === 'c.md' && d.startLine === 71 ? { ...d, topic: 2, x: 1.5 } : d)) },
    { name: 'a file removed', after: before.documents.filter((d) => d.path !== 'b.md') },
    { name: 'a file added between others', after: [...before.documents.slice(0, 9), entry('c2.md', 40), entry('c2.md', 41), ...before.documents.slice(9)] },
    { name: 'files added first and last', after: [entry('0.md', 50), ...before.documents, entry('z.md', 51)] },
    {
      name: 'a file shrinking, another growing',
      after: [...before.documents.filter((d) => d.path !== 'a.md'), entry('e.md', 60)].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)),
    },
    { name: 'nothing', after: before.documents },
  ];
  for (const { name, after } of cases) {
    it(`turn one result into the next: ${name}`, () => {
      const next = result(after, { incremental: { updatedAt: 'now', added: 1, changed: 0, removed: 0, seconds: 0.1 } });
      const delta = resultDelta(before, next);
      assert.deepEqual(unpackResult(applyDelta(packResult(before), delta)), next);
    });
  }

  it('name only the files whose entries changed', () => {
    const after = before.documents.map((d) => (d.path === 'd.md' ? { ...d, endLine: d.endLine + 1 } : d));
    assert.deepEqual(resultDelta(before, result(after)).files, ['d.md']);
    assert.deepEqual(resultDelta(before, result(before.documents)).files, []);
  });

  it('place a file where its old entries were, even in a list not in path order', () => {
    const paths = ['b.md', 'b.md', 'a.md', 'c.md'];
    const plan = spliceFilesPlan(paths.length, (i) => paths[i], new Set(['a.md', 'aa.md']), ['a.md', 'aa.md', 'a.md']);
    // aa.md (new) before the first entry whose path sorts after it (b.md); a's two new entries where a was.
    assert.deepEqual([...plan.source], [1, 0, 0, 1, 1, 0]);
    assert.deepEqual([...plan.from], [1, 0, 1, 0, 2, 3]);
  });
});
