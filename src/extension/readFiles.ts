/**
 * Reads the discovered files — from the disk as the CLI does for `file:` folders, through `workspace.fs` for any
 * other scheme (so virtual workspaces work) — taking the unsaved text of dirty editors instead of what is on disk.
 * Splitting into documents happens in the worker.
 */
import * as vscode from 'vscode';
import { tooLargeDetail } from '../core/documents/fromBytes';
import { readDiscoveredFile } from '../core/documents/readFile';
import type { SkippedFile } from '../core/documents/types';
import { notRegularFileDetail, unreadableDetail, type UnreadableCause } from '../core/documents/unreadable';
import type { FileBytes } from '../protocol/worker';
import { relativeUriPath } from './excludes';

export interface ReadFiles {
  readonly files: FileBytes[];
  readonly skipped: SkippedFile[];
}

/** Reads in parallel, but not so wide that a remote file system is flooded. */
const CONCURRENCY = 16;

/** The sentence for a file that could not be read, in the CLI's words. */
function unreadable(error: unknown): string {
  if (!(error instanceof vscode.FileSystemError)) return unreadableDetail('other', error instanceof Error ? error.message : String(error));
  const cause: UnreadableCause = error.code === 'FileNotFound' ? 'missing' : error.code === 'NoPermissions' ? 'denied' : 'other';
  return unreadableDetail(cause, error.code);
}

/** Unsaved text of open editors, by URI string. */
function dirtyTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const doc of vscode.workspace.textDocuments) if (doc.isDirty) texts.set(doc.uri.toString(), doc.getText());
  return texts;
}

export async function readFiles(
  root: vscode.Uri,
  uris: readonly vscode.Uri[],
  maxFileBytes: number,
  token: vscode.CancellationToken,
  onProgress: (done: number, total: number) => void,
): Promise<ReadFiles> {
  const unsaved = dirtyTexts();
  const encoder = new TextEncoder();
  const files: (FileBytes | undefined)[] = new Array(uris.length);
  const skipped: SkippedFile[] = [];
  let next = 0;
  let done = 0;

  async function readOne(uri: vscode.Uri): Promise<FileBytes | undefined> {
    const path = relativeUriPath(root.path, uri.path) ?? uri.path;
    const text = unsaved.get(uri.toString());
    if (text !== undefined) return { path, bytes: encoder.encode(text) };
    // A folder on the disk of the machine the extension runs on (it runs where the workspace is): read as the CLI
    // reads. workspace.fs sends every call through the workbench — in a browser-based VS Code two network hops per
    // call: 17 s for 6,000 files. Other schemes (virtual workspaces) go through workspace.fs.
    if (uri.scheme === 'file') {
      const read = await readDiscoveredFile(path, uri.fsPath, maxFileBytes);
      if ('bytes' in read) return { path, bytes: read.bytes };
      skipped.push(read.skipped);
      return undefined;
    }
    // The file was found a moment ago; since then it may have gone, been locked, or become a folder or a pipe.
    try {
      const { size, type } = await vscode.workspace.fs.stat(uri);
      if (!(type & vscode.FileType.File)) {
        const kind = type & vscode.FileType.Directory ? 'a folder' : 'a named pipe, socket or device';
        skipped.push({ path, reason: 'unreadable', detail: notRegularFileDetail(kind) });
        return undefined;
      }
      if (size > maxFileBytes) {
        skipped.push({ path, reason: 'too-large', detail: tooLargeDetail(size, maxFileBytes) });
        return undefined;
      }
      return { path, bytes: await vscode.workspace.fs.readFile(uri) };
    } catch (error) {
      skipped.push({ path, reason: 'unreadable', detail: unreadable(error) });
      return undefined;
    }
  }

  async function lane(): Promise<void> {
    while (next < uris.length && !token.isCancellationRequested) {
      const index = next++;
      files[index] = await readOne(uris[index]);
      onProgress(++done, uris.length);
    }
  }

  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, uris.length) }, lane));
  if (token.isCancellationRequested) throw new vscode.CancellationError();
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: files.filter((f): f is FileBytes => f !== undefined), skipped };
}
