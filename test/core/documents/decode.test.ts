import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from '../../../src/core/documents/decode';

const TEXT = 'Héllo wörld — ünïcode ✓\nsecond line';

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const [lo, hi] = [code & 0xff, code >> 8];
    bytes.set(endian === 'le' ? [lo, hi] : [hi, lo], 2 + i * 2);
  }
  return bytes;
}

function reasonOf(bytes: Uint8Array): string {
  const result = decodeText(bytes);
  return 'reason' in result ? result.reason : 'text';
}

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM, dropping the BOM', () => {
    const plain = new TextEncoder().encode(TEXT);
    assert.deepEqual(decodeText(plain), { text: TEXT });
    assert.deepEqual(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...plain])), { text: TEXT });
  });

  it('reads UTF-16 LE and BE with a BOM, although they are full of NUL bytes', () => {
    assert.deepEqual(decodeText(utf16(TEXT, 'le')), { text: TEXT });
    assert.deepEqual(decodeText(utf16(TEXT, 'be')), { text: TEXT });
  });

  it('turns CRLF and lone CR into LF', () => {
    assert.deepEqual(decodeText(new TextEncoder().encode('a\r\nb\rc\n')), { text: 'a\nb\nc\n' });
    assert.deepEqual(decodeText(utf16('a\r\nb', 'le')), { text: 'a\nb' });
  });

  it('sets aside invalid UTF-8 as an encoding problem, never throwing', () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]); // "café ok" in Latin-1
    const result = decodeText(latin1);
    assert.ok('reason' in result);
    assert.equal(result.reason, 'encoding');
    assert.match(result.detail, /UTF-8/);
    assert.equal(reasonOf(utf16('abc', 'le').subarray(0, 7)), 'encoding', 'odd-length UTF-16');
  });

  it('takes NUL bytes without a UTF-16 BOM, or mostly control characters, for binary', () => {
    assert.equal(reasonOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), 'binary');
    assert.equal(reasonOf(new TextEncoder().encode(`plain text\0${'x'.repeat(100)}`)), 'binary');
    const controls = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    assert.equal(reasonOf(controls), 'binary');
    assert.equal(reasonOf(utf16('\u0001\u0002\u0003abc', 'le')), 'binary');
    // A few escape characters (coloured log output) are still text.
    assert.equal(reasonOf(new TextEncoder().encode(`\u001b[31mred\u001b[0m ${'words '.repeat(20)}`)), 'text');
  });

  it('reports empty and whitespace-only files as empty', () => {
    assert.equal(reasonOf(new Uint8Array(0)), 'empty');
    assert.equal(reasonOf(new TextEncoder().encode(' \n\t\r\n ')), 'empty');
    assert.equal(reasonOf(new Uint8Array([0xef, 0xbb, 0xbf])), 'empty');
    assert.equal(reasonOf(utf16('  \n', 'be')), 'empty');
  });
});
