import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { discoverFiles } from '../../../src/core/documents/discover';
import { gitignoreMatcher, type GitignoreFile } from '../../../src/core/documents/ignoreRules';

test('gitignoreMatcher applies each .gitignore below its own folder', () => {
  const isIgnored = gitignoreMatcher([
    { folder: '', content: 'generated/\n*.draft.md\n!keep.draft.md\n' },
    { folder: 'docs/api', content: 'internal.md\n' },
  ]);
  assert.equal(isIgnored('generated/a.md'), true);
  assert.equal(isIgnored('docs/generated/a.md'), true, 'a pattern without a slash matches at any depth');
  assert.equal(isIgnored('notes/x.draft.md'), true);
  assert.equal(isIgnored('notes/keep.draft.md'), false, 'negation re-includes');
  assert.equal(isIgnored('docs/api/internal.md'), true);
  assert.equal(isIgnored('docs/internal.md'), false, 'a nested .gitignore does not reach its parent');
  assert.equal(isIgnored('docs/api-internal.md'), false, 'folder prefixes match whole segments');
  assert.equal(isIgnored('docs/guide.md'), false);
});

test('a deeper .gitignore re-includes what a shallower one ignored, whatever order the files come in', () => {
  const files: GitignoreFile[] = [
    { folder: 'docs', content: '!important.log\n' },
    { folder: '', content: '*.log\n/build\n' },
  ];
  for (const order of [files, [...files].reverse()]) {
    const isIgnored = gitignoreMatcher(order);
    assert.equal(isIgnored('docs/important.log'), false);
    assert.equal(isIgnored('docs/other.log'), true);
    assert.equal(isIgnored('important.log'), true, 'the re-inclusion speaks only for its own folder');
    assert.equal(isIgnored('build/a.md'), true);
    assert.equal(isIgnored('docs/build/a.md'), false, 'an anchored pattern matches only at its own folder');
  }
});

test('a file inside an ignored folder stays ignored even when a rule re-includes it (as in git)', () => {
  const isIgnored = gitignoreMatcher([{ folder: '', content: 'drafts/\n!drafts/keep.md\n' }]);
  assert.equal(isIgnored('drafts/keep.md'), true);
});

test('the editor’s matcher and the CLI’s folder walk pick the same files from the same folder', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'topic-lens-ignore-'));
  try {
    const files: Record<string, string> = {
      '.gitignore': '*.log\ndrafts/\n/out.md\nsecret*\n',
      'docs/.gitignore': '!keep.log\n*.tmp.md\n',
      'docs/api/.gitignore': '!secret-ok.md\n',
      'a.md': '',
      'out.md': '',
      'docs/out.md': '',
      'x.log': '',
      'docs/keep.log': '',
      'docs/drop.log': '',
      'docs/page.tmp.md': '',
      'drafts/d.md': '',
      'docs/drafts/e.md': '',
      'secret.md': '',
      'docs/api/secret-ok.md': '',
      'docs/api/secret-no.md': '',
      'docs/api/ref.md': '',
    };
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), content);
    }
    const walked: string[] = [];
    for await (const entry of discoverFiles(root, { include: ['**/*.md', '**/*.log'] })) if (entry.kind === 'file') walked.push(entry.path);

    const gitignores = Object.keys(files)
      .filter((name) => path.basename(name) === '.gitignore')
      .map((name) => ({ folder: path.dirname(name) === '.' ? '' : path.dirname(name), content: readFileSync(path.join(root, name), 'utf8') }));
    const isIgnored = gitignoreMatcher(gitignores);
    const matched = Object.keys(files).filter((name) => /\.(md|log)$/.test(name) && !isIgnored(name));

    assert.deepEqual(matched.sort(), walked.sort());
    assert.deepEqual(walked.sort(), ['a.md', 'docs/api/ref.md', 'docs/api/secret-ok.md', 'docs/keep.log', 'docs/out.md']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
