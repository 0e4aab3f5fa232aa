import tseslint from 'typescript-eslint';

/** An import restriction for one layer: the modules it must not reach, and why. */
const layer = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });
const noVscode = { group: ['vscode'], message: 'Only src/extension may depend on VS Code.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'models/**', '.vscode-test/**', 'demo-output/**', 'test-output/**', 'bench-output/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  // The core must stay usable from the CLI, the worker and the tests: it knows no editor, worker or protocol.
  layer(
    ['src/core/**/*.ts', 'src/modelBuilder/**/*.ts'],
    [
      noVscode,
      { group: ['**/extension/**', '**/worker/**', '**/protocol/**', '**/cli/**'], message: 'src/core is the bottom layer: it imports nothing above it.' },
    ],
  ),
  // Each boundary speaks through its protocol file: the worker never reaches into the host, nor the host into the worker.
  layer(
    ['src/worker/**/*.ts'],
    [noVscode, { group: ['**/extension/**', '**/cli/**'], message: 'The worker speaks to the host only through src/protocol/worker.ts.' }],
  ),
  layer(['src/extension/**/*.ts'], [{ group: ['**/worker/**'], message: 'The host speaks to the worker only through src/protocol/worker.ts.' }]),
  layer(
    ['src/protocol/**/*.ts'],
    [noVscode, { group: ['**/extension/**', '**/worker/**'], message: 'A protocol file holds types both sides import, and imports neither side.' }],
  ),
  layer(['src/cli/**/*.ts'], [noVscode, { group: ['**/extension/**', '**/worker/**'], message: 'The CLI drives the core directly.' }]),
  // The webview runs in a browser: it may use its own code, the map protocol, the map data's types and the reader of
  // the packed strings the points arrive in (dependency-free), nothing else of the host.
  layer(
    ['webview/**/*.ts'],
    [
      noVscode,
      {
        regex: '^\\.\\./\\.\\./src/(?!protocol/map$|core/report/mapData$|core/packedStrings$)',
        message: 'The webview imports only src/protocol/map.ts, the map data types (src/core/report/mapData.ts) and src/core/packedStrings.ts.',
      },
    ],
  ),
);
