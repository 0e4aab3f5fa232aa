/**
 * The editor's reader on files that changed between discovery and reading (a `file:` folder: read from the disk as the
 * CLI reads, in the CLI's words). Outside the fixture workspace, so the file watcher of the other suites sees nothing.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SkippedFile } from '../../src/core/documents/types';
import { readFiles } from '../../src/extension/readFiles';

const TEXT = '# Notes\n\nTopic models group documents by what they talk about.\n';
const MAX_FILE_BYTES = 4096;
/** A file that even root may not read, for when the extension host runs as root (as in CI). */
const ROOT_UNREADABLE = '/proc/sys/vm/drop_caches';

suite('Reading files that changed after discovery (editor)', () => {
  let root: string;
  setup(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'topic-lens-read-'));
  });
  teardown(() => rmSync(root, { recursive: true, force: true }));

  test('each change is skipped with one sentence or read anew, without waiting on a pipe, and nothing else is lost', async () => {
    const names = ['deleted.md', 'locked.md', 'now-a-folder.md', 'now-a-pipe.md', 'grown.md', 'rewritten.md', 'a-untouched.md', 'z-untouched.md'];
    for (const name of names) writeFileSync(path.join(root, name), TEXT);
    const uris = names.map((name) => vscode.Uri.file(path.join(root, name)));

    rmSync(path.join(root, 'deleted.md'));
    if (process.getuid?.() === 0) {
      rmSync(path.join(root, 'locked.md'));
      symlinkSync(ROOT_UNREADABLE, path.join(root, 'locked.md'));
    } else chmodSync(path.join(root, 'locked.md'), 0o000);
    rmSync(path.join(root, 'now-a-folder.md'));
    mkdirSync(path.join(root, 'now-a-folder.md'));
    rmSync(path.join(root, 'now-a-pipe.md'));
    assert.equal(spawnSync('mkfifo', [path.join(root, 'now-a-pipe.md')]).status, 0);
    appendFileSync(path.join(root, 'grown.md'), 'x'.repeat(MAX_FILE_BYTES));
    writeFileSync(path.join(root, 'rewritten.md'), '# Rewritten\n');

    const source = new vscode.CancellationTokenSource();
    let progress = 0;
    const read = await readFiles(vscode.Uri.file(root), uris, MAX_FILE_BYTES, source.token, (done) => (progress = done));
    source.dispose();

    assert.equal(progress, names.length);
    const decoder = new TextDecoder();
    assert.deepEqual(
      read.files.map((file) => [file.path, decoder.decode(file.bytes)]),
      [
        ['rewritten.md', '# Rewritten\n'],
        ['a-untouched.md', TEXT],
        ['z-untouched.md', TEXT],
      ],
    );
    const skipped = (name: string): SkippedFile => {
      const entry = read.skipped.find((s) => s.path === name);
      assert.ok(entry, `${name} is not among the skipped: ${JSON.stringify(read.skipped)}`);
      return entry;
    };
    assert.deepEqual(
      read.skipped.map((s) => s.path),
      ['deleted.md', 'grown.md', 'locked.md', 'now-a-folder.md', 'now-a-pipe.md'],
    );
    assert.deepEqual(skipped('deleted.md'), {
      path: 'deleted.md',
      reason: 'unreadable',
      detail: 'The file was deleted or moved before it could be read (ENOENT).',
    });
    assert.deepEqual(skipped('locked.md'), { path: 'locked.md', reason: 'unreadable', detail: 'The file may not be read: permission denied (EACCES).' });
    assert.deepEqual(skipped('now-a-folder.md'), { path: 'now-a-folder.md', reason: 'unreadable', detail: 'It is a folder, not a regular file.' });
    assert.deepEqual(skipped('now-a-pipe.md'), {
      path: 'now-a-pipe.md',
      reason: 'unreadable',
      detail: 'It is a named pipe (FIFO), not a regular file.',
    });
    assert.equal(skipped('grown.md').reason, 'too-large');
    assert.match(skipped('grown.md').detail, /^The file is [\d.]+ KB, over the 4 KB limit\.$/);
  });
});
