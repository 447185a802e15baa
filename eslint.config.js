import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/test-results/**', '.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Configuration is parsed once in apps/bff/src/config.ts and passed down (house style).
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'read the environment only in apps/bff/src/config.ts (loadConfig) and pass Config down',
        },
      ],
    },
  },
  {
    // Features change each other through services (issue 17): a feature's tables are written
    // only from its own folder, so only it imports its repository.
    files: ['apps/bff/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+([a-z-]+/)*[a-z-]+\\.repository$',
              message:
                "import another feature's service, not its repository: its tables are written only from its own folder",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**', 'bench/**', 'scripts/**', 'apps/bff/test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
