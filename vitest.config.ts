import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two files at a time at least, integration ones included (issue 24): they mostly wait on
    // PostgreSQL, Prometheus and timers, each with its own database, in-memory PGlite and ports,
    // so two cores run them in about half the time (integration alone: 9 min serial, 6 min so).
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/*/src/**/*.test.ts', 'apps/bff/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.fault.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: [
            'apps/bff/src/**/*.int.test.ts',
            'apps/bff/src/**/*.fault.test.ts',
            'apps/bff/test/**/*.int.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: './apps/web/vite.config.ts',
        test: {
          name: 'web',
          root: './apps/web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test/setup-i18n.ts'],
        },
      },
    ],
  },
});
