// Lint: typescript-eslint's recommended rules, plus the import boundaries of the architecture:
// only the Electron shell may import `electron`; shared/ runs in Node and the browser alike.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only the Electron shell (electron/main.ts, electron/preload.ts, electron/platform/) may import electron.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronOnlyInShell],
    },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/platform/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**', 'renderer/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            { group: ['node:*'], message: 'shared/ and renderer/ run in the browser too: no Node built-ins.' },
            { group: ['**/electron/**'], message: 'shared/ and renderer/ must not reach into the main process.' },
          ],
        },
      ],
    },
  },
);
