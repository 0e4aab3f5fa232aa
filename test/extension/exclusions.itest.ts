import * as assert from 'node:assert/strict';
import { EXCLUDED_PATHS, fixtureFiles } from '../../scripts/vscode-test/fixture-workspace';
import { fixtureResult } from './helpers';

suite('Exclusion rules', () => {
  async function resultPaths(): Promise<Set<string>> {
    return new Set((await fixtureResult()).documents.map((d) => d.path));
  }

  test('files matched by search.exclude are not analysed', async () => {
    const paths = await resultPaths();
    assert.deepEqual(
      EXCLUDED_PATHS.searchExclude.filter((p) => paths.has(p)),
      [],
    );
  });

  test('files matched by .gitignore are not analysed', async () => {
    const paths = await resultPaths();
    assert.deepEqual(
      EXCLUDED_PATHS.gitignore.filter((p) => paths.has(p)),
      [],
    );
  });

  test('files matched by files.exclude are not analysed', async () => {
    const paths = await resultPaths();
    assert.deepEqual(
      EXCLUDED_PATHS.filesExclude.filter((p) => paths.has(p)),
      [],
    );
  });

  test('every other fixture document is analysed', async () => {
    const paths = await resultPaths();
    const expected = fixtureFiles().filter((f) => f.subject !== null && !f.excluded);
    assert.deepEqual(
      expected.filter((f) => !paths.has(f.path)).map((f) => f.path),
      [],
    );
  });
});
