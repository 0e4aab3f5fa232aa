/** JSONL corpora (`.jsonl`, `.jsonl.gz`): one `{"text": …, "label"?: …}` per line, streamed, one document each. */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { throwIfAborted, type RunControl } from '../control';
import { normalizeLineEndings } from './decode';
import type { SkippedFile, SourceDocument } from './types';

export interface JsonlOptions {
  /** Reading stops after this many documents, with a 'limit' entry (default: no limit). */
  readonly maxDocuments?: number;
}

export interface JsonlDocuments {
  readonly documents: SourceDocument[];
  readonly skipped: SkippedFile[];
}

/** Lines between progress events. */
const PROGRESS_EVERY = 1000;

/**
 * Each line becomes a document with path `<file name>#<line>` and that line as its range; the label is kept
 * (numbers as text). Blank lines are passed over; malformed lines and empty texts are reported, never thrown.
 * Progress (stage 'read') counts bytes of the file as stored, so it also works for the gzipped form.
 */
export async function readJsonl(file: string, options: JsonlOptions = {}, control: RunControl = {}): Promise<JsonlDocuments> {
  const name = path.basename(file);
  const maxDocuments = options.maxDocuments ?? Infinity;
  throwIfAborted(control.signal);
  const size = (await fs.stat(file)).size;
  const raw = createReadStream(file);
  const gunzip = file.endsWith('.gz') ? createGunzip() : null;
  if (gunzip) raw.on('error', (error) => gunzip.destroy(error));
  const lines = createInterface({ input: gunzip ? raw.pipe(gunzip) : raw, crlfDelay: Infinity });

  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];
  const report = () => control.onProgress?.({ stage: 'read', done: raw.bytesRead, total: size, message: `${documents.length} documents` });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      throwIfAborted(control.signal);
      if (lineNumber % PROGRESS_EVERY === 0) report();
      if (line.trim() === '') continue;
      const at = `${name}#${lineNumber}`;
      const read = documentOfLine(line, at, lineNumber);
      if ('reason' in read) {
        skipped.push(read);
        continue;
      }
      if (documents.length >= maxDocuments) {
        skipped.push({
          path: at,
          reason: 'limit',
          detail: `Reading stopped at the limit of ${maxDocuments} documents: line ${lineNumber} and the rest were not read.`,
        });
        break;
      }
      documents.push(read);
    }
  } finally {
    // Destroyed without an error, so no 'error' event can outlive the loop.
    lines.close();
    raw.destroy();
    gunzip?.destroy();
  }
  report();
  return { documents, skipped };
}

function documentOfLine(line: string, at: string, lineNumber: number): SourceDocument | SkippedFile {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    return { path: at, reason: 'unreadable', detail: `Line ${lineNumber} is not valid JSON (${(error as Error).message}).` };
  }
  const text = (record as { text?: unknown } | null)?.text;
  if (typeof record !== 'object' || record === null || typeof text !== 'string') {
    return { path: at, reason: 'unreadable', detail: `Line ${lineNumber} is not an object with a "text" string.` };
  }
  if (text.trim() === '') return { path: at, reason: 'empty', detail: `Line ${lineNumber} has an empty text.` };
  const label = (record as { label?: unknown }).label;
  const document = { path: at, heading: null, startLine: lineNumber, endLine: lineNumber, text: normalizeLineEndings(text) };
  return typeof label === 'string' || typeof label === 'number' ? { ...document, label: String(label) } : document;
}
