/** The CLI's reader: discover a folder's files and turn each into documents, with progress and cancellation. */
import { throwIfAborted, type RunControl } from '../control';
import { discoverFiles } from './discover';
import { documentsFromBytes } from './fromBytes';
import { DEFAULT_MAX_FILE_BYTES, type FolderReadOptions } from './options';
import { readDiscoveredFile } from './readFile';
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
    const file = await readDiscoveredFile(entry.path, entry.absolutePath, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    throwIfAborted(control.signal);
    if ('skipped' in file) {
      skipped.push(file.skipped);
      continue;
    }
    const read = documentsFromBytes(entry.path, file.bytes, options);
    if ('skipped' in read) skipped.push(read.skipped);
    else for (const document of read.documents) documents.push(document);
    filesRead++;
    control.onProgress?.({ stage: 'read', done: filesRead, total: 0, message: `${filesRead} files, ${documents.length} documents` });
  }
  return { documents, skipped };
}
