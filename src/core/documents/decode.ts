/** Bytes → text: BOM sniffing, binary detection, strict UTF-8, and line-ending normalisation. */
import type { SkipReason } from './types';

export type DecodeResult = { readonly text: string } | { readonly reason: Extract<SkipReason, 'binary' | 'encoding' | 'empty'>; readonly detail: string };

/** How much of a file is sampled to tell text from binary (git looks at the first 8,000 bytes the same way). */
const SAMPLE_BYTES = 8192;
/** Above this share of control characters in the sample the file is taken as binary. */
const MAX_CONTROL_SHARE = 0.1;

const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

/** Decodes a text file; never throws. Line endings come back as "\n" and the BOM is dropped. */
export function decodeText(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { reason: 'empty', detail: 'The file is empty.' };
  const utf16 = startsWith(bytes, UTF16LE_BOM) ? 'utf-16le' : startsWith(bytes, UTF16BE_BOM) ? 'utf-16be' : null;
  let text: string;
  if (utf16) {
    if (bytes.length % 2 !== 0)
      return { reason: 'encoding', detail: `The file starts with a ${utf16.toUpperCase()} byte-order mark but has an odd number of bytes.` };
    const decoded = decodeStrictly(utf16, bytes);
    if (decoded === null)
      return { reason: 'encoding', detail: `The file starts with a ${utf16.toUpperCase()} byte-order mark but is not valid ${utf16.toUpperCase()}.` };
    text = decoded;
    if (controlShare(charCodes(text, SAMPLE_BYTES)) > MAX_CONTROL_SHARE) return binary('is mostly control characters');
  } else {
    const sample = bytes.subarray(0, SAMPLE_BYTES);
    if (sample.includes(0)) return binary('contains NUL bytes');
    if (controlShare(sample) > MAX_CONTROL_SHARE) return binary('is mostly control characters');
    const decoded = decodeStrictly('utf-8', bytes);
    if (decoded === null) return { reason: 'encoding', detail: 'The file is not valid UTF-8 (and has no UTF-16 byte-order mark).' };
    text = decoded;
  }
  if (text.trim() === '') return { reason: 'empty', detail: 'The file holds only whitespace.' };
  return { text: normalizeLineEndings(text) };
}

export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function binary(why: string): DecodeResult {
  return { reason: 'binary', detail: `The file looks binary: its first ${SAMPLE_BYTES / 1024} KB ${why}.` };
}

function decodeStrictly(encoding: string, bytes: Uint8Array): string | null {
  try {
    // A leading BOM of this encoding is dropped by the decoder itself.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function charCodes(text: string, limit: number): Uint16Array {
  const n = Math.min(text.length, limit);
  const codes = new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

/** Share of C0 control codes other than tab, line feed, form feed and carriage return (and DEL). */
function controlShare(codes: Uint8Array | Uint16Array): number {
  if (codes.length === 0) return 0;
  let controls = 0;
  for (const c of codes) {
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) controls++;
  }
  return controls / codes.length;
}
