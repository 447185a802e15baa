import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/test-results/**', '.data/**', '.tmp/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  // Type-checked rules (issue 17): every file is linted with its package's tsconfig.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly' },
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
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
      // Fastify hooks and port methods are async by contract (a hook without `async` is taken as
      // callback-style), so an `async` with nothing to await is deliberate here.
      '@typescript-eslint/require-await': 'off',
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
  // The React hooks rules, with the React Compiler's checks, on the web app.
  { files: ['apps/web/**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },
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
    // Tests, journeys and benchmarks read HTTP answers as JSON (`any`) and assert on them: the
    // assertion is the check, so the `no-unsafe-*` family stays off there, and only there.
    files: [
      'e2e/**',
      'bench/**',
      'scripts/**',
      'apps/bff/test/**',
      '**/*.test.ts',
      '**/*.test.tsx',
      'vitest.config.ts',
    ],
    rules: {
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
