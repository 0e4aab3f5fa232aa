import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CancelledError, type ProgressEvent } from '../../../src/core/control';
import { discoverFiles } from '../../../src/core/documents/discover';
import { readFolder, type FolderDocuments } from '../../../src/core/documents/folder';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_WORDS } from '../../../src/core/documents/options';
import type { SkipReason } from '../../../src/core/documents/types';
import { describeUnprivileged } from '../../support/unprivileged';

const PARAGRAPH = 'Topic models group documents by what they talk about, and this paragraph is long enough to stand alone as one.';

let root: string;

async function write(rel: string, content: string | Uint8Array = `# ${rel}\n\n${PARAGRAPH}\n`): Promise<void> {
  const file = path.join(root, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

async function link(rel: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await fs.symlink(target, path.join(root, rel));
}

const pathsOf = (read: FolderDocuments) => [...new Set(read.documents.map((d) => d.path))];
const skipOf = (read: FolderDocuments, rel: string) => read.skipped.find((s) => s.path === rel);

function assertSkipped(read: FolderDocuments, rel: string, reason: SkipReason, detail?: RegExp): void {
  const skip = skipOf(read, rel);
  assert.ok(skip, `${rel} should be skipped (${reason}); skipped: ${JSON.stringify(read.skipped)}`);
  assert.equal(skip.reason, reason, `${rel}: ${skip.detail}`);
  if (detail) assert.match(skip.detail, detail);
}

function assertWellFormedSkips(read: FolderDocuments): void {
  for (const skip of read.skipped) {
    assert.ok(!path.isAbsolute(skip.path) && !skip.path.includes('\\'), skip.path);
    assert.match(skip.detail, /^(The|It) [^\n]*\.$/, `one sentence: ${skip.detail}`);
  }
}

describe('readFolder', () => {
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'topic-lens-documents-'));
  });
  afterEach(async () => {
    await fs.chmod(root, 0o755).catch(() => {});
    await fs.rm(root, { recursive: true, force: true });
  });

  it('reads a folder of 0 documents as nothing, silently passing over other files', async () => {
    await write('index.js', 'console.log(1);\n');
    assert.deepEqual(await readFolder(root), { documents: [], skipped: [] });
  });

  it('reads a folder of 1 document, with its path relative to the root', async () => {
    await write('docs/guide.md');
    const read = await readFolder(root);
    assert.deepEqual(read.skipped, []);
    assert.deepEqual(
      read.documents.map((d) => [d.path, d.heading, d.startLine, d.endLine]),
      [['docs/guide.md', 'docs/guide.md', 1, 3]],
    );
  });

  it('keeps 50 identical documents, one per file, in name order', async () => {
    for (let i = 0; i < 50; i++) await write(`copies/${String(i).padStart(2, '0')}.md`, `${PARAGRAPH}\n`);
    const read = await readFolder(root);
    assert.equal(read.documents.length, 50);
    assert.deepEqual(
      read.documents.map((d) => d.path),
      Array.from({ length: 50 }, (_, i) => `copies/${String(i).padStart(2, '0')}.md`),
    );
    assert.ok(read.documents.every((d) => d.text === PARAGRAPH));
  });

  it('reads what the default globs name and leaves licence files out', async () => {
    for (const rel of ['README', 'CHANGELOG', 'a.markdown', 'b.mdx', 'c.rst', 'd.adoc', 'e.asciidoc', 'f.org', 'g.txt', 'H.MD']) await write(rel);
    await write('LICENSE', 'MIT License\n');
    await write('LICENSE.md', 'MIT License\n');
    await write('pkg/ThirdPartyNotices.txt', 'Notices\n');
    await write('script.js', '// # not read\n');
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read).sort(), ['CHANGELOG', 'H.MD', 'README', 'a.markdown', 'b.mdx', 'c.rst', 'd.adoc', 'e.asciidoc', 'f.org', 'g.txt']);
    assertSkipped(read, 'LICENSE.md', 'ignored', /exclude pattern/);
    assertSkipped(read, 'pkg/ThirdPartyNotices.txt', 'ignored');
    assert.equal(skipOf(read, 'LICENSE'), undefined, 'files the globs do not name are not reported');
  });

  it('sets aside every kind of bad file with a reason, and reads the good encodings', async () => {
    const text = `${PARAGRAPH}\nÜnïcödé line.`;
    const utf16 = (endian: 'le' | 'be') => {
      const le = Buffer.from(`\ufeff${text}`, 'utf16le');
      return endian === 'le' ? le : Buffer.from(le).swap16();
    };
    await write('binary.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    await write('empty.md', '');
    await write('blank.txt', '  \n\n\t \r\n');
    await write('huge.md', `# Huge\n\n${'word '.repeat((DEFAULT_MAX_FILE_BYTES * 1.5) / 5)}`);
    await write('just-over.md', 'x'.repeat(DEFAULT_MAX_FILE_BYTES + 1));
    await write('latin1.md', new Uint8Array(Buffer.from('caf\u00e9 au lait', 'latin1')));
    await write('utf16le.md', utf16('le'));
    await write('utf16be.md', utf16('be'));
    await write('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    await write('crlf.md', text.replace(/\n/g, '\r\n'));
    const read = await readFolder(root);
    assertSkipped(read, 'binary.md', 'binary');
    assertSkipped(read, 'empty.md', 'empty');
    assertSkipped(read, 'blank.txt', 'empty');
    assertSkipped(read, 'huge.md', 'too-large', /^The file is 1\.5 MB, over the 1 MB limit\.$/);
    assertSkipped(read, 'just-over.md', 'too-large', /1048577 bytes, over the 1048576-byte limit/);
    assertSkipped(read, 'latin1.md', 'encoding');
    for (const rel of ['utf16le.md', 'utf16be.md', 'bom.md', 'crlf.md']) {
      assert.deepEqual(
        read.documents.filter((d) => d.path === rel).map((d) => d.text),
        [text],
        rel,
      );
    }
    assert.equal(read.skipped.length, 6);
    assertWellFormedSkips(read);
  });

  it('ends symbolic link loops, and reports dangling and looping links', async () => {
    await write('docs/a.md');
    await link('docs/again', '.');
    await link('docs/up', '..');
    await link('gone.md', 'missing-target.md');
    await link('self.md', 'self.md');
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read), ['docs/a.md']);
    assertSkipped(read, 'docs/again', 'ignored', /"docs" again/);
    assertSkipped(read, 'docs/up', 'ignored', /"\." again/);
    assertSkipped(read, 'gone.md', 'unreadable', /target is missing/);
    assertSkipped(read, 'self.md', 'unreadable', /loops/);
    assertWellFormedSkips(read);
  });

  it('does not follow links out of the root, but does follow links within it', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'topic-lens-outside-'));
    try {
      await fs.writeFile(path.join(outside, 'secret.md'), PARAGRAPH);
      await write('real/a.md');
      await link('out', outside);
      await link('out.md', path.join(outside, 'secret.md'));
      await link('alias.md', 'real/a.md');
      const read = await readFolder(root);
      assert.deepEqual(pathsOf(read), ['alias.md', 'real/a.md']);
      assertSkipped(read, 'out', 'ignored', /outside the scanned folder/);
      assertSkipped(read, 'out.md', 'ignored', /outside the scanned folder/);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('applies nested .gitignore files as git does: deeper files win, each only below itself', async () => {
    await write('.gitignore', 'drafts/\ngenerated/\n*.tmp.md\n!keep.tmp.md\n');
    await write('.git/info/exclude', 'secret.md\n');
    await write('a.tmp.md');
    await write('keep.tmp.md');
    await write('secret.md');
    await write('drafts/x.md');
    await write('drafts/y.md');
    await write('sub/.gitignore', '# comment\n!b.tmp.md\nprivate.md\n/local.md\n!generated/\n');
    await write('generated/a.md');
    await write('sub/generated/b.md');
    await write('sub/b.tmp.md');
    await write('sub/c.tmp.md');
    await write('sub/private.md');
    await write('sub/local.md');
    await write('sub/deeper/private.md');
    await write('sub/deeper/local.md');
    await write('other/private.md');
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read).sort(), ['keep.tmp.md', 'other/private.md', 'sub/b.tmp.md', 'sub/deeper/local.md', 'sub/generated/b.md']);
    assertSkipped(read, 'generated', 'ignored');
    assertSkipped(read, '.git', 'generated-folder');
    assertSkipped(read, 'a.tmp.md', 'ignored', /"\*\.tmp\.md" in \.gitignore/);
    assertSkipped(read, 'secret.md', 'ignored', /\.git\/info\/exclude/);
    assertSkipped(read, 'drafts', 'ignored', /"drafts\/" in \.gitignore/);
    assertSkipped(read, 'sub/c.tmp.md', 'ignored', /in \.gitignore/);
    assertSkipped(read, 'sub/private.md', 'ignored', /in sub\/\.gitignore/);
    assertSkipped(read, 'sub/deeper/private.md', 'ignored', /in sub\/\.gitignore/);
    assertSkipped(read, 'sub/local.md', 'ignored', /"\/local\.md"/);
    assert.ok(!read.skipped.some((s) => s.path.startsWith('drafts/')), 'one entry for an ignored folder, none for its files');
    assertWellFormedSkips(read);
  });

  it('honours the enclosing repository above the root, except rules that ignore the root itself', async () => {
    await write('.git/HEAD', 'ref: refs/heads/main\n');
    await write('.gitignore', '*.skip.md\nnode_modules/\n');
    await write('docs/a.md');
    await write('docs/b.skip.md');
    await write('node_modules/pkg/README.md');
    const docs = await readFolder(path.join(root, 'docs'));
    assert.deepEqual(pathsOf(docs), ['a.md']);
    assertSkipped(docs, 'b.skip.md', 'ignored', /in \.\.\/\.gitignore/);
    const modules = await readFolder(path.join(root, 'node_modules'));
    assert.deepEqual(pathsOf(modules), ['pkg/README.md']);
  });

  it('skips generated folders with one entry each, node_modules included when inside the root', async () => {
    for (const folder of ['node_modules/pkg', 'dist', 'build/html', '.venv/lib', '__pycache__', 'target', 'coverage']) await write(`${folder}/README.md`);
    await write('src/README.md');
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read), ['src/README.md']);
    assert.deepEqual(read.skipped.map((s) => s.path).sort(), ['.venv', '__pycache__', 'build', 'coverage', 'dist', 'node_modules', 'target']);
    assert.ok(read.skipped.every((s) => s.reason === 'generated-folder'));
    assertSkipped(read, 'node_modules', 'generated-folder', /The "node_modules" folder holds/);
  });

  it('scans a root that is, or is inside, node_modules, nested node_modules too (but not their dist)', async () => {
    await write('node_modules/a/README.md');
    await write('node_modules/a/node_modules/b/README.md');
    await write('node_modules/a/dist/README.md');
    const modules = await readFolder(path.join(root, 'node_modules'));
    assert.deepEqual(pathsOf(modules), ['a/README.md', 'a/node_modules/b/README.md']);
    assert.deepEqual(
      modules.skipped.map((s) => [s.path, s.reason]),
      [['a/dist', 'generated-folder']],
    );
    const inside = await readFolder(path.join(root, 'node_modules', 'a'));
    assert.deepEqual(pathsOf(inside), ['README.md', 'node_modules/b/README.md']);
  });

  it('stops at maxFiles with one limit entry that says so', async () => {
    for (let i = 0; i < 5; i++) await write(`n${i}.md`);
    const read = await readFolder(root, { maxFiles: 3 });
    assert.deepEqual(pathsOf(read), ['n0.md', 'n1.md', 'n2.md']);
    assert.deepEqual(
      read.skipped.map((s) => [s.path, s.reason]),
      [['n3.md', 'limit']],
    );
    assert.match(read.skipped[0].detail, /limit of 3 files/);
    const exact = await readFolder(root, { maxFiles: 5 });
    assert.equal(exact.skipped.length, 0, 'no limit entry when nothing was left unread');
  });

  it('applies extra exclude globs to files and whole folders, and custom include globs', async () => {
    await write('archive/old.md');
    await write('archive/older.md');
    await write('notes.draft.md');
    await write('notes.md');
    await write('data.csv', 'a,b\n1,2\n');
    const read = await readFolder(root, { exclude: ['archive/**', '**/*.draft.md'] });
    assert.deepEqual(pathsOf(read), ['notes.md']);
    assertSkipped(read, 'archive', 'ignored', /"archive\/\*\*"/);
    assertSkipped(read, 'notes.draft.md', 'ignored');
    assert.equal(read.skipped.length, 2);
    const csv = await readFolder(root, { include: ['**/*.csv'] });
    assert.deepEqual(pathsOf(csv), ['data.csv']);
  });

  it('reports progress in stage "read" and stops on abort with CancelledError', async () => {
    for (let i = 0; i < 6; i++) await write(`p${i}.md`);
    const events: ProgressEvent[] = [];
    await readFolder(root, {}, { onProgress: (event) => events.push(event) });
    assert.deepEqual(
      events.map((e) => [e.stage, e.done]),
      Array.from({ length: 6 }, (_, i) => ['read', i + 1]),
    );
    const controller = new AbortController();
    const seen: number[] = [];
    const run = readFolder(root, {}, { signal: controller.signal, onProgress: (e) => (seen.push(e.done), e.done === 2 && controller.abort()) });
    await assert.rejects(run, CancelledError);
    assert.deepEqual(seen, [1, 2]);
  });

  it('rejects a root that is missing or not a folder', async () => {
    await write('file.md');
    await assert.rejects(readFolder(path.join(root, 'missing')), /ENOENT/);
    await assert.rejects(readFolder(path.join(root, 'file.md')), /Not a folder/);
  });

  it('streams: the first file arrives before the rest of the tree is listed', async () => {
    await write('a/first.md');
    for (let i = 0; i < 20; i++) await write(`b/${i}/x.md`);
    const entries = discoverFiles(root);
    const first = await entries.next();
    assert.equal(first.done, false);
    assert.deepEqual(first.value, {
      kind: 'file',
      path: 'a/first.md',
      absolutePath: path.join(root, 'a', 'first.md'),
      bytes: (await fs.stat(path.join(root, 'a/first.md'))).size,
    });
    // Remove the rest: a walk that had listed everything up front would still report those files.
    for (let i = 0; i < 20; i++) await fs.rm(path.join(root, 'b', String(i)), { recursive: true });
    const rest: unknown[] = [];
    for await (const entry of { [Symbol.asyncIterator]: () => entries }) rest.push(entry);
    assert.deepEqual(rest, []);
  });
});

describe('readFolder on hostile input', () => {
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'topic-lens-hostile-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('sets aside UTF-16 with a lone surrogate, and NUL-laden binary under a text name', async () => {
    const loneSurrogate = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('text \ud800 more', 'utf16le')]);
    await write('broken-utf16.md', loneSurrogate);
    await write(
      'image.txt',
      new Uint8Array(4096).map((_, i) => (i * 37) % 256),
    );
    await write('good.md');
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read), ['good.md']);
    assertSkipped(read, 'broken-utf16.md', 'encoding', /not valid UTF-16LE/);
    assertSkipped(read, 'image.txt', 'binary');
    assertWellFormedSkips(read);
  });

  it('reads a 14 MB file of one line into documents within the word budget, every word kept in order', async () => {
    const words = Array.from({ length: 1_800_000 }, (_, i) => `word${i % 1000}`);
    const line = words.join(' ');
    assert.ok(line.length > 14_000_000);
    await write('one-line.txt', line);
    const tooLarge = await readFolder(root);
    assertSkipped(tooLarge, 'one-line.txt', 'too-large', /^The file is 1[34]\.\d MB, over the 1 MB limit\.$/);
    const read = await readFolder(root, { maxFileBytes: 16 * 1024 * 1024 });
    assert.deepEqual(read.skipped, []);
    const pieces = read.documents.map((d) => d.text.split(' '));
    assert.ok(pieces.every((piece) => piece.length <= DEFAULT_MAX_WORDS));
    assert.equal(read.documents.length, Math.ceil(words.length / DEFAULT_MAX_WORDS));
    assert.ok(read.documents.every((d) => d.startLine === 1 && d.endLine === 1));
    let at = 0;
    for (const piece of pieces) for (const word of piece) assert.equal(word, words[at++]);
    assert.equal(at, words.length);
  });

  it('reads a file of 50,000 headings: every heading in some document, each within budget, in line order', async () => {
    const sections = Array.from({ length: 50_000 }, (_, i) => `## Heading ${i}\n\nShort text number ${i}.\n`);
    await write('headings.md', sections.join('\n'));
    const read = await readFolder(root, { maxFileBytes: 8 * 1024 * 1024 });
    assert.deepEqual(read.skipped, []);
    const text = read.documents.map((d) => d.text).join('\n');
    for (const i of [0, 1, 12_345, 49_999]) assert.ok(text.includes(`Short text number ${i}.`), `section ${i}`);
    assert.ok(read.documents.every((d) => d.text.split(/\s+/).length <= DEFAULT_MAX_WORDS));
    for (let i = 1; i < read.documents.length; i++) assert.ok(read.documents[i].startLine > read.documents[i - 1].endLine);
    assert.equal(read.documents.at(-1)!.endLine, sections.length * 4 - 1);
  });

  it('reads a file 200 folders deep', async () => {
    const deep = `${Array.from({ length: 200 }, (_, i) => `level${i}`).join('/')}/bottom.md`;
    await write(deep);
    await write('top.md');
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read), [deep, 'top.md']);
  });

  it('passes over a named pipe under a document name with a reason, without waiting for a writer', async () => {
    await write('before.md');
    const made = spawnSync('mkfifo', [path.join(root, 'pipe.md')]);
    assert.equal(made.status, 0);
    await link('pipe-link.md', 'pipe.md');
    await write('after.md');
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read), ['after.md', 'before.md']);
    assertSkipped(read, 'pipe.md', 'ignored', /^It is a named pipe \(FIFO\), not a regular file\.$/);
    assertSkipped(read, 'pipe-link.md', 'ignored', /named pipe/);
    assertWellFormedSkips(read);
  });

  it('keeps non-Latin file names and text as they are', async () => {
    const files: Record<string, string> = {
      '文档/说明.md': '# 主题模型\n\n主题模型把文档按照它们讨论的内容分组，这一段足够长，可以单独成为一个文档。\n',
      'Документация.md': '# Тематическое моделирование\n\nТематические модели группируют документы по тому, о чём они говорят.\n',
      'مستند.txt': 'تجمع نماذج الموضوعات المستندات حسب ما تتحدث عنه، وهذه الفقرة طويلة بما يكفي.\n',
      'ελληνικά 😀.md': '# Ενότητα\n\nΤα μοντέλα θεμάτων ομαδοποιούν έγγραφα 😀 ανάλογα με το περιεχόμενό τους.\n',
    };
    for (const [rel, text] of Object.entries(files)) await write(rel, text);
    const read = await readFolder(root, { unit: 'file' });
    assert.deepEqual(read.skipped, []);
    assert.deepEqual(new Map(read.documents.map((d) => [d.path, `${d.text}\n`])), new Map(Object.entries(files)));
  });

  it('reads HTML in file names and contents as plain text', async () => {
    const name = '<img src=x onerror=alert(1)> & "quotes".md';
    const text = '# <script>alert("heading")</script>\n\n</script><!-- <b>bold</b> & more -->\n';
    await write(name, text);
    const read = await readFolder(root, { unit: 'file' });
    assert.deepEqual(
      read.documents.map((d) => [d.path, `${d.text}\n`]),
      [[name, text]],
    );
  });
});

describe('readFolder on the demo root (the repository node_modules)', () => {
  const modules = path.resolve(__dirname, '../../../node_modules');
  it('reads node_modules given as the root, nested node_modules included', async (t) => {
    if (!existsSync(modules)) return t.skip('node_modules is not installed');
    const started = performance.now();
    const read = await readFolder(modules, { maxFiles: 150 });
    t.diagnostic(`150 files → ${read.documents.length} documents, ${read.skipped.length} skipped, ${((performance.now() - started) / 1000).toFixed(2)} s`);
    // maxFiles counts files handed to the reader: those that gave documents and those set aside after reading.
    const setAsideAfterReading = read.skipped.filter((s) => ['binary', 'encoding', 'empty', 'unreadable'].includes(s.reason));
    assert.equal(new Set(read.documents.map((d) => d.path)).size + setAsideAfterReading.length, 150);
    assert.ok(!read.skipped.some((s) => s.path.endsWith('node_modules')), 'nested node_modules are scanned');
    assert.ok(
      read.documents.some((d) => d.path.includes('/node_modules/')),
      'documents from nested node_modules',
    );
    assert.equal(read.skipped.at(-1)?.reason, 'limit');
  });
});

// As root (CI) this runs again as `nobody`: root reads a chmod-000 file.
describeUnprivileged(__filename, 'readFolder on a file it may not read', () => {
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'topic-lens-documents-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('skips it as unreadable (chmod 000), next to one it may read', async () => {
    await write('locked.md');
    await write('open.md');
    await fs.chmod(path.join(root, 'locked.md'), 0o000);
    const read = await readFolder(root);
    assert.deepEqual(pathsOf(read), ['open.md']);
    assertSkipped(read, 'locked.md', 'unreadable', /EACCES/);
    assert.equal(read.skipped.length, 1);
  });
});
