/** The host's files → documents, as the CLI's folder reader does for files on disk. */
import { documentsFromBytes } from '../core/documents/fromBytes';
import type { DocumentUnit, SkippedFile, SourceDocument } from '../core/documents/types';
import type { FileBytes } from '../protocol/worker';

export function splitFiles(files: readonly FileBytes[], unit: DocumentUnit, maxFileBytes: number): { documents: SourceDocument[]; skipped: SkippedFile[] } {
  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const read = documentsFromBytes(file.path, file.bytes, { unit, maxFileBytes });
    if ('skipped' in read) skipped.push(read.skipped);
    else documents.push(...read.documents);
  }
  return { documents, skipped };
}
