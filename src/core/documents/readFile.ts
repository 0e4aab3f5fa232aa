/**
 * Reads one file that discovery found, whatever happened to it since: deleted, made unreadable, replaced by a
 * folder or a named pipe, or grown past the size limit. Never throws and never waits on a pipe.
 */
import { constants, promises as fs } from 'node:fs';
import { errorCode } from './discover';
import { tooLargeDetail } from './fromBytes';
import type { SkippedFile } from './types';
import { causeOfErrno, nonFileKind, notRegularFileDetail, unreadableDetail } from './unreadable';

export type FileRead = { readonly bytes: Uint8Array } | { readonly skipped: SkippedFile };

/** `path` is the file's relative path, as reported in a skipped entry. */
export async function readDiscoveredFile(path: string, absolutePath: string, maxFileBytes: number): Promise<FileRead> {
  let handle: fs.FileHandle;
  try {
    // Non-blocking: opening a named pipe that took the file's place must not wait for a writer.
    handle = await fs.open(absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = errorCode(error);
    return { skipped: { path, reason: 'unreadable', detail: unreadableDetail(causeOfErrno(code), code) } };
  }
  try {
    const stats = await handle.stat();
    const kind = nonFileKind(stats);
    if (kind !== null) return { skipped: { path, reason: 'unreadable', detail: notRegularFileDetail(kind) } };
    const bytes = await readAtMost(handle, stats.size, maxFileBytes + 1);
    if (bytes.length > maxFileBytes)
      return { skipped: { path, reason: 'too-large', detail: tooLargeDetail(Math.max(stats.size, bytes.length), maxFileBytes) } };
    return { bytes };
  } catch (error) {
    const code = errorCode(error);
    return { skipped: { path, reason: 'unreadable', detail: unreadableDetail(causeOfErrno(code), code) } };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads up to `limit` bytes, starting with a buffer of the size the file had when opened: a file that grows while
 * it is read is read on (up to the limit), never loaded whole.
 */
async function readAtMost(handle: fs.FileHandle, expectedBytes: number, limit: number): Promise<Uint8Array> {
  let buffer = new Uint8Array(Math.min(expectedBytes + 1, limit));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const larger = new Uint8Array(Math.min(buffer.length * 2, limit));
      larger.set(buffer);
      buffer = larger;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}
