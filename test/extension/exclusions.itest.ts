import * as assert from 'node:assert/strict';
import { EXCLUDED_PATHS, fixtureFiles } from '../../scripts/vscode-test/fixture-workspace';
import { activatedApi } from './helpers';

/** Runs after detect.itest.ts, on the result it left. */
suite('Exclusion rules', () => {
  async function resultPaths(): Promise<Set<string>> {
    const result = (await activatedApi()).getResult();
    assert.ok(result, 'no result: the Detect Topics suite did not run first');
    return new Set(result.documents.map((d) => d.path));
  }

  test('files matched by search.exclude are not analysed', async () => {
    const paths = await resultPaths();
    assert.deepEqual(EXCLUDED_PATHS.searchExclude.filter((p) => paths.has(p)), []);
  });

  test('files matched by .gitignore are not analysed', async () => {
    const paths = await resultPaths();
    assert.deepEqual(EXCLUDED_PATHS.gitignore.filter((p) => paths.has(p)), []);
  });

  test('files matched by files.exclude are not analysed', async () => {
    const paths = await resultPaths();
    assert.deepEqual(EXCLUDED_PATHS.filesExclude.filter((p) => paths.has(p)), []);
  });

  test('every other fixture document is analysed', async () => {
    const paths = await resultPaths();
    const expected = fixtureFiles().filter((f) => f.subject !== null && !f.excluded);
    assert.deepEqual(expected.filter((f) => !paths.has(f.path)).map((f) => f.path), []);
  });
});
