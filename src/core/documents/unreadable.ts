/**
 * Why a file found by discovery could not be read, in one sentence for the skipped-files list. The CLI's reader
 * (Node error codes) and the editor's (VS Code's FileSystemError codes) word the same causes the same way.
 */
import type { Dirent, Stats } from 'node:fs';

export type UnreadableCause = 'missing' | 'denied' | 'other';

/** `code` is the underlying error code, kept for whoever searches the log for it. */
export function unreadableDetail(cause: UnreadableCause, code: string): string {
  switch (cause) {
    case 'missing':
      return `The file was deleted or moved before it could be read (${code}).`;
    case 'denied':
      return `The file may not be read: permission denied (${code}).`;
    case 'other':
      return `The file could not be read (${code}).`;
  }
}

export function causeOfErrno(code: string): UnreadableCause {
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'EACCES' || code === 'EPERM') return 'denied';
  return 'other';
}

/** For an entry that is neither a regular file nor a folder: `kind` as from specialFileKind. */
export function notRegularFileDetail(kind: string): string {
  return `It is ${kind}, not a regular file.`;
}

/** What an entry is, in words, when it is not a regular file; null when it is one. */
export function nonFileKind(entry: Stats | Dirent): string | null {
  if (entry.isFile()) return null;
  if (entry.isDirectory()) return 'a folder';
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isSymbolicLink()) return 'a symbolic link';
  return 'a device';
}
