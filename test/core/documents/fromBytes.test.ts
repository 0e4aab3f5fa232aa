import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentsFromBytes, documentsFromText } from '../../../src/core/documents/fromBytes';

const BODY = 'An extension reads the bytes itself and hands them over, one file at a time, with its relative path.';
const encode = (text: string) => new TextEncoder().encode(text);

describe('documentsFromBytes / documentsFromText', () => {
  it('splits a file into sections that carry its path', () => {
    const read = documentsFromBytes('docs/guide.md', encode(`# One\n\n${BODY}\n\n# Two\n\n${BODY}\n`));
    assert.ok('documents' in read);
    assert.deepEqual(
      read.documents.map((d) => [d.path, d.heading, d.startLine, d.endLine]),
      [
        ['docs/guide.md', 'One', 1, 3],
        ['docs/guide.md', 'Two', 5, 7],
      ],
    );
  });

  it('honours unit "file"', () => {
    const read = documentsFromBytes('a.md', encode(`# One\n\n${BODY}\n\n# Two\n\n${BODY}\n`), { unit: 'file' });
    assert.ok('documents' in read);
    assert.equal(read.documents.length, 1);
    assert.equal(read.documents[0].endLine, 7);
  });

  it('sets aside bytes over maxFileBytes before decoding them', () => {
    const read = documentsFromBytes('big.md', new Uint8Array(3000).fill(0x61), { maxFileBytes: 2048 });
    assert.deepEqual(read, { skipped: { path: 'big.md', reason: 'too-large', detail: 'The file is 2.9 KB, over the 2 KB limit.' } });
  });

  it('passes decoding problems on as skipped files', () => {
    assert.deepEqual(documentsFromBytes('x.txt', new Uint8Array([0x61, 0, 0x62])), {
      skipped: { path: 'x.txt', reason: 'binary', detail: 'The file looks binary: its first 8 KB contains NUL bytes.' },
    });
  });

  it('reads an unsaved editor buffer, CRLF and all, and reports an empty one', () => {
    const read = documentsFromText('notes.md', `# Draft\r\n\r\n${BODY}\r\n`);
    assert.ok('documents' in read);
    assert.deepEqual(read.documents, [{ path: 'notes.md', heading: 'Draft', startLine: 1, endLine: 3, text: `# Draft\n\n${BODY}` }]);
    assert.deepEqual(documentsFromText('blank.md', ' \n\n'), { skipped: { path: 'blank.md', reason: 'empty', detail: 'The file holds only whitespace.' } });
    const frontMatterOnly = documentsFromText('meta.md', '---\ntitle: x\n---\n\n');
    assert.ok('skipped' in frontMatterOnly && frontMatterOnly.skipped.reason === 'empty');
  });
});
