/**
 * One file → documents, for callers that found and read the file themselves (the VS Code extension after
 * `workspace.findFiles`, or an unsaved editor buffer). The CLI's folder reader goes through here too.
 */
import { decodeText, normalizeLineEndings } from './decode';
import { DEFAULT_MAX_FILE_BYTES, type DocumentReadOptions, type SplitOptions } from './options';
import { splitText } from './sections';
import type { SkippedFile, SourceDocument } from './types';

export type FileDocuments = { readonly documents: SourceDocument[] } | { readonly skipped: SkippedFile };

/** `path` is relative to the scanned folder, with forward slashes; it also decides the markup (by extension). */
export function documentsFromBytes(path: string, bytes: Uint8Array, options: DocumentReadOptions = {}): FileDocuments {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (bytes.length > maxFileBytes) return { skipped: { path, reason: 'too-large', detail: tooLargeDetail(bytes.length, maxFileBytes) } };
  const decoded = decodeText(bytes);
  if ('reason' in decoded) return { skipped: { path, reason: decoded.reason, detail: decoded.detail } };
  return documentsFromText(path, decoded.text, options);
}

/** The same for text that is already decoded (a dirty editor buffer). */
export function documentsFromText(path: string, text: string, options: SplitOptions = {}): FileDocuments {
  const documents = splitText(path, normalizeLineEndings(text), options);
  if (documents.length === 0) {
    const detail = text.trim() === '' ? 'The file holds only whitespace.' : 'The file holds nothing but front matter.';
    return { skipped: { path, reason: 'empty', detail } };
  }
  return { documents };
}

export function tooLargeDetail(bytes: number, maxFileBytes: number): string {
  const [size, limit] =
    formatBytes(bytes) === formatBytes(maxFileBytes) ? [`${bytes} bytes`, `${maxFileBytes}-byte`] : [formatBytes(bytes), formatBytes(maxFileBytes)];
  return `The file is ${size}, over the ${limit} limit.`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
