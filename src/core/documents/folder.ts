/** The CLI's reader: discover a folder's files and turn each into documents, with progress and cancellation. */
import { promises as fs } from 'node:fs';
import { throwIfAborted, type RunControl } from '../control';
import { discoverFiles, errorCode } from './discover';
import { documentsFromBytes } from './fromBytes';
import type { FolderReadOptions } from './options';
import type { SkippedFile, SourceDocument } from './types';

export interface FolderDocuments {
  readonly documents: SourceDocument[];
  readonly skipped: SkippedFile[];
}

/**
 * Reads every document of a folder, file by file as discovery finds them. Progress (stage 'read') counts files;
 * its total is 0 because the number of files is not known until the walk ends.
 */
export async function readFolder(root: string, options: FolderReadOptions = {}, control: RunControl = {}): Promise<FolderDocuments> {
  const documents: SourceDocument[] = [];
  const skipped: SkippedFile[] = [];
  let filesRead = 0;
  for await (const entry of discoverFiles(root, options, control.signal)) {
    if (entry.kind === 'skipped') {
      skipped.push(entry.skipped);
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(entry.absolutePath);
    } catch (error) {
      skipped.push({ path: entry.path, reason: 'unreadable', detail: `The file could not be read (${errorCode(error)}).` });
      continue;
    }
    throwIfAborted(control.signal);
    const read = documentsFromBytes(entry.path, bytes, options);
    if ('skipped' in read) skipped.push(read.skipped);
    else for (const document of read.documents) documents.push(document);
    filesRead++;
    control.onProgress?.({ stage: 'read', done: filesRead, total: 0, message: `${filesRead} files, ${documents.length} documents` });
  }
  return { documents, skipped };
}
