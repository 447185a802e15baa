import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium with the flags this machine needs (DEVELOPERS.md); never a downloaded browser. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PORT = Number(process.env.E2E_PORT ?? 4173);
const DOWN_PORT = PORT + 1;
const main = join(import.meta.dirname, '../apps/bff/dist/main.js');
// The journeys read English (en-GB): ralf-ui and the demo lab's agents write English too (issue 18).
const base = {
  PATH: process.env.PATH ?? '',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  RALF_LANGUAGE: 'en',
  RALF_AGENT_LANGUAGE: 'en',
};

export default defineConfig({
  testDir: 'specs',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      // The built app on its embedded default: PGlite in a fresh folder and the demo lab.
      command: `node ${main}`,
      env: { ...base, PORT: String(PORT), RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-')) },
      url: `http://127.0.0.1:${PORT}/readyz`,
      reuseExistingServer: false,
      timeout: 90_000,
    },
    {
      // The same app told to read metrics from a Prometheus that is not there.
      command: `node ${main}`,
      env: {
        ...base,
        PORT: String(DOWN_PORT),
        RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-down-')),
        RALF_DEMO_LAB: 'on',
        PROMETHEUS_URL: 'http://127.0.0.1:9',
        PROMETHEUS_TIMEOUT: '500ms',
      },
      url: `http://127.0.0.1:${DOWN_PORT}/readyz`,
      reuseExistingServer: false,
      timeout: 90_000,
    },
  ],
});

export const DOWN_URL = `http://127.0.0.1:${DOWN_PORT}`;
