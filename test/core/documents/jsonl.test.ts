import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { readJsonl } from '../../../src/core/documents/jsonl';

const LINES = [
  JSON.stringify({ text: 'The first post, about hockey.', label: 'rec.sport.hockey' }),
  JSON.stringify({ text: 'Windows line\r\nendings inside.', label: 7 }),
  '',
  '{"text": "broken',
  JSON.stringify({ text: '   ' }),
  JSON.stringify({ body: 'no text field' }),
  JSON.stringify(['an', 'array']),
  JSON.stringify({ text: 'No label here.', label: null }),
];

describe('readJsonl', () => {
  let work: string;
  before(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'topic-lens-jsonl-'));
    const body = `${LINES.join('\n')}\n`;
    await fs.writeFile(path.join(work, 'corpus.jsonl'), body.replace(/\n/g, '\r\n'));
    await fs.writeFile(path.join(work, 'corpus.jsonl.gz'), gzipSync(body));
    await fs.writeFile(path.join(work, 'corrupt.jsonl.gz'), gzipSync(body).subarray(0, 40));
    await fs.writeFile(path.join(work, 'many.jsonl.gz'), gzipSync(Array.from({ length: 5000 }, (_, i) => JSON.stringify({ text: `post ${i}` })).join('\n')));
  });
  after(async () => fs.rm(work, { recursive: true, force: true }));

  for (const name of ['corpus.jsonl', 'corpus.jsonl.gz']) {
    it(`reads one document per line of ${name}, reporting bad lines with their number`, async () => {
      const read = await readJsonl(path.join(work, name));
      assert.deepEqual(read.documents, [
        { path: `${name}#1`, heading: null, startLine: 1, endLine: 1, text: 'The first post, about hockey.', label: 'rec.sport.hockey' },
        { path: `${name}#2`, heading: null, startLine: 2, endLine: 2, text: 'Windows line\nendings inside.', label: '7' },
        { path: `${name}#8`, heading: null, startLine: 8, endLine: 8, text: 'No label here.' },
      ]);
      assert.deepEqual(
        read.skipped.map((s) => [s.path, s.reason]),
        [
          [`${name}#4`, 'unreadable'],
          [`${name}#5`, 'empty'],
          [`${name}#6`, 'unreadable'],
          [`${name}#7`, 'unreadable'],
        ],
      );
      assert.match(read.skipped[0].detail, /^Line 4 is not valid JSON/);
      assert.match(read.skipped[2].detail, /^Line 6 .*"text"/);
    });
  }

  it('rejects a corrupt gzip file instead of hanging', async () => {
    await assert.rejects(readJsonl(path.join(work, 'corrupt.jsonl.gz')));
  });

  it('stops at maxDocuments with a limit entry', async () => {
    const read = await readJsonl(path.join(work, 'many.jsonl.gz'), { maxDocuments: 10 });
    assert.equal(read.documents.length, 10);
    assert.deepEqual(
      read.skipped.map((s) => [s.path, s.reason]),
      [['many.jsonl.gz#11', 'limit']],
    );
  });

  it('reports progress in stored bytes and stops on abort', async () => {
    const file = path.join(work, 'many.jsonl.gz');
    const events: ProgressEvent[] = [];
    await readJsonl(file, {}, { onProgress: (e) => events.push(e) });
    const size = (await fs.stat(file)).size;
    assert.ok(events.length >= 2);
    assert.ok(events.every((e) => e.stage === 'read' && e.total === size && e.done <= size));
    assert.equal(events.at(-1)?.done, size);
    const controller = new AbortController();
    const run = readJsonl(file, {}, { signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(run, CancelledError);
  });

  // How fast: `npm run bench` prints the reading time of this corpus.
  it('reads the 20 Newsgroups corpus (18,846 lines)', async (t) => {
    const corpus = path.resolve(__dirname, '../../../../shared/data/20newsgroups-clean.jsonl.gz');
    if (!existsSync(corpus)) return t.skip(`${corpus} is absent`);
    const read = await readJsonl(corpus);
    assert.equal(read.documents.length + read.skipped.length, 18_846);
    assert.ok(read.skipped.every((s) => s.reason === 'empty'));
    assert.equal(new Set(read.documents.map((d) => d.label)).size, 20);
  });
});
