import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combinedGlob, createPathMatcher, enabledExcludePatterns, relativeUriPath } from '../../src/extension/excludes';

test('enabledExcludePatterns keeps patterns set to true, once, and drops sibling rules', () => {
  const patterns = enabledExcludePatterns(
    { '**/.git': true, '**/*.js': { when: '$(basename).ts' }, '**/off': false },
    { '**/node_modules': true, '**/.git': true },
    undefined,
  );
  assert.deepEqual(patterns.sort(), ['**/.git', '**/node_modules']);
});

test('combinedGlob groups brace-free patterns and leaves braced ones out', () => {
  assert.equal(combinedGlob([]), undefined);
  assert.equal(combinedGlob(['**/a']), '**/a');
  assert.equal(combinedGlob(['**/a', '**/b', '**/*.{js,map}']), '{**/a,**/b}');
  assert.equal(combinedGlob(['**/*.{js,map}']), undefined);
});

test('createPathMatcher excludes whatever lies inside a matched folder, dotfiles included', () => {
  const isExcluded = createPathMatcher(['**/node_modules', 'build', '**/*.{log,tmp}']);
  assert.equal(isExcluded('node_modules/x/README.md'), true);
  assert.equal(isExcluded('docs/node_modules/.hidden/a.md'), true);
  assert.equal(isExcluded('build/out.md'), true);
  assert.equal(isExcluded('docs/build/out.md'), false, 'a pattern without **/ is anchored at the root');
  assert.equal(isExcluded('logs/run.log'), true);
  assert.equal(isExcluded('docs/guide.md'), false);
  assert.equal(isExcluded('node_modules_docs/a.md'), false);
  assert.equal(createPathMatcher([])('anything.md'), false);
});

test('relativeUriPath is defined only inside the parent', () => {
  assert.equal(relativeUriPath('/ws', '/ws/docs/a.md'), 'docs/a.md');
  assert.equal(relativeUriPath('/ws/', '/ws/a.md'), 'a.md');
  assert.equal(relativeUriPath('/ws', '/ws2/a.md'), undefined);
  assert.equal(relativeUriPath('/ws', '/ws'), undefined);
});
