/**
 * Files that change, vanish or become unreadable between discovery and reading. As root these tests run again
 * as `nobody` (test/support/unprivileged.ts), so a chmod really takes the file away.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, promises as fs, rmSync, truncateSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { discoverFiles, type DiscoveredEntry } from '../../../src/core/documents/discover';
import { readFolder } from '../../../src/core/documents/folder';
import { readDiscoveredFile, type FileRead } from '../../../src/core/documents/readFile';
import type { SkippedFile } from '../../../src/core/documents/types';
import { describeUnprivileged } from '../../support/unprivileged';
import { SAFETY_LIMIT_MS } from '../../support/waiting';

const PARAGRAPH = 'Topic models group documents by what they talk about, and this paragraph is long enough to stand alone as one.';
const MAX_FILE_BYTES = 4096;

let root: string;
const at = (rel: string) => path.join(root, rel);

async function write(rel: string, content = `# ${rel}\n\n${PARAGRAPH}\n`): Promise<void> {
  await fs.mkdir(path.dirname(at(rel)), { recursive: true });
  await fs.writeFile(at(rel), content);
}

function mkfifo(file: string): void {
  const made = spawnSync('mkfifo', [file], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
}

/**
 * Every change a file can undergo after it was found. Synchronous, so that a progress callback can make them
 * without the reader getting ahead.
 */
const CHANGES = {
  deleted: (file: string) => rmSync(file),
  locked: (file: string) => chmodSync(file, 0o000),
  'locked-folder': (file: string) => chmodSync(path.dirname(file), 0o000),
  'now-a-folder': (file: string) => (rmSync(file), mkdirSync(file)),
  'now-a-pipe': (file: string) => (rmSync(file), mkfifo(file)),
  grown: (file: string) => appendFileSync(file, 'x'.repeat(MAX_FILE_BYTES)),
  rewritten: (file: string) => writeFileSync(file, `# Rewritten\n\n${PARAGRAPH}\n`),
  emptied: (file: string) => truncateSync(file, 0),
} as const;
type Change = keyof typeof CHANGES;

/** The file each change applies to: in a folder of its own for the folder change, else at the top. */
const fileFor = (change: Change) => (change === 'locked-folder' ? `locked-folder/file.md` : `${change}.md`);

/** What a read after each change must give: the new text, or a skip with this reason and detail. */
const EXPECTED: Record<Change, { text: string } | { reason: SkippedFile['reason']; detail: RegExp }> = {
  deleted: { reason: 'unreadable', detail: /^The file was deleted or moved before it could be read \(ENOENT\)\.$/ },
  locked: { reason: 'unreadable', detail: /^The file may not be read: permission denied \(EACCES\)\.$/ },
  'locked-folder': { reason: 'unreadable', detail: /^The file may not be read: permission denied \(EACCES\)\.$/ },
  'now-a-folder': { reason: 'unreadable', detail: /^It is a folder, not a regular file\.$/ },
  'now-a-pipe': { reason: 'unreadable', detail: /^It is a named pipe \(FIFO\), not a regular file\.$/ },
  grown: { reason: 'too-large', detail: /^The file is [\d.]+ KB, over the 4 KB limit\.$/ },
  rewritten: { text: `# Rewritten\n\n${PARAGRAPH}\n` },
  emptied: { text: '' },
};

function describeRead(read: FileRead): { text: string } | { reason: string; detail: string } {
  return 'bytes' in read ? { text: new TextDecoder().decode(read.bytes) } : { reason: read.skipped.reason, detail: read.skipped.detail };
}

describeUnprivileged(__filename, 'reading files that changed after discovery', () => {
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'topic-lens-changed-'));
  });
  afterEach(async () => {
    for (const folder of ['locked-folder', 'sub']) await fs.chmod(at(folder), 0o755).catch(() => undefined);
    await fs.rm(root, { recursive: true, force: true });
  });

  it('readDiscoveredFile: each change gives the new text or one reason, never an exception or a wait', async (t) => {
    const changes = Object.keys(CHANGES) as Change[];
    for (const change of changes) await write(fileFor(change));
    await write('untouched.md');
    const found: Extract<DiscoveredEntry, { kind: 'file' }>[] = [];
    for await (const entry of discoverFiles(root)) if (entry.kind === 'file') found.push(entry);
    assert.equal(found.length, changes.length + 1);

    for (const change of changes) CHANGES[change](at(fileFor(change)));

    for (const change of changes) {
      // A read that waits for a writer would hang: the safety limit names the change that did.
      await t.test(change, { timeout: SAFETY_LIMIT_MS }, async () => {
        const entry = found.find((e) => e.path === fileFor(change))!;
        const read = describeRead(await readDiscoveredFile(entry.path, entry.absolutePath, MAX_FILE_BYTES));
        const expected = EXPECTED[change];
        if ('text' in expected) assert.deepEqual(read, expected);
        else {
          assert.ok('reason' in read, JSON.stringify(read));
          assert.equal(read.reason, expected.reason);
          assert.match(read.detail, expected.detail);
        }
      });
    }
    const untouched = found.find((e) => e.path === 'untouched.md')!;
    assert.deepEqual(describeRead(await readDiscoveredFile(untouched.path, untouched.absolutePath, MAX_FILE_BYTES)), {
      text: `# untouched.md\n\n${PARAGRAPH}\n`,
    });
  });

  it('readFolder: files changed while the folder is being read are skipped with a reason, and nothing else is lost', async () => {
    // "a.md" is read first; the changes happen right after, while the rest of the folder is still to come.
    await write('a.md');
    const changes = Object.keys(CHANGES) as Change[];
    for (const change of changes) await write(fileFor(change));
    await write('sub/inner.md');
    await write('zz-last.md');
    let changed = false;
    const read = await readFolder(
      root,
      { maxFileBytes: MAX_FILE_BYTES },
      {
        onProgress: (event) => {
          if (event.done !== 1 || changed) return;
          changed = true;
          for (const change of changes) CHANGES[change](at(fileFor(change)));
          chmodSync(at('sub'), 0o000);
        },
      },
    );
    assert.ok(changed);
    const paths = [...new Set(read.documents.map((d) => d.path))];
    assert.deepEqual(paths, ['a.md', 'rewritten.md', 'zz-last.md']);
    assert.equal(read.documents.find((d) => d.path === 'rewritten.md')?.heading, 'Rewritten');
    const skipped = new Map(read.skipped.map((s) => [s.path, s]));
    assert.deepEqual([...skipped.keys()].sort(), [
      'deleted.md',
      'emptied.md',
      'grown.md',
      'locked-folder',
      'locked.md',
      'now-a-folder.md',
      'now-a-pipe.md',
      'sub',
    ]);
    assert.match(skipped.get('deleted.md')!.detail, /deleted or moved/);
    assert.match(skipped.get('locked.md')!.detail, /permission denied \(EACCES\)/);
    assert.match(skipped.get('locked-folder')!.detail, /could not be listed \(EACCES\)/);
    assert.match(skipped.get('sub')!.detail, /could not be listed \(EACCES\)/);
    assert.match(skipped.get('now-a-folder.md')!.detail, /It is a folder/);
    assert.match(skipped.get('now-a-pipe.md')!.detail, /named pipe/);
    assert.equal(skipped.get('grown.md')!.reason, 'too-large');
    assert.equal(skipped.get('emptied.md')!.reason, 'empty');
  });
});
