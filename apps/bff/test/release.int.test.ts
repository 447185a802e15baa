import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RALF_VERSION } from '../src/version';
import { createTestDb, type TestDb } from './test-db';
import { signInOver } from './run-main';
import { until } from './until';

/**
 * The release as an operator gets it (issue 25): `npm run release`'s tarball unpacked into an
 * empty folder and run with nothing but PATH. scripts/test.sh builds the tarball before the tests.
 */
const ROOT = join(import.meta.dirname, '../../..');
const VERSION = RALF_VERSION;
const TARBALL = join(ROOT, `release/ralf-ui-${VERSION}.tar.gz`);
/** The embedded default's port: an empty environment sets no other. */
const BASE = 'http://127.0.0.1:8080';

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

describe('the release tarball', () => {
  let dir: string;
  let home: string;
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(join(home, 'bin/ralf-ui'), args, {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });

  beforeAll(() => {
    if (!existsSync(TARBALL))
      throw new Error(`${TARBALL} is missing: run npm run release first (scripts/test.sh does)`);
    dir = mkdtempSync(join(tmpdir(), 'ralf-release-'));
    execFileSync('tar', ['-xzf', TARBALL, '-C', dir]);
    home = join(dir, `ralf-ui-${VERSION}`);
  });
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.drop();
  });

  it('holds the launcher, the web app, PGlite and argon2 for linux x64 and arm64', () => {
    const files = execFileSync('tar', ['-tzf', TARBALL], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
    const has = (re: RegExp) =>
      expect(
        files.some((f) => re.test(f)),
        String(re),
      ).toBe(true);
    has(/^ralf-ui-[^/]+\/bin\/ralf-ui$/);
    has(/\/app\/web\/dist\/index\.en\.html$/);
    has(/\/app\/bff\/dist\/main\.js$/);
    has(/\/app\/bff\/dist\/pglite-seed\.tar\.gz$/);
    has(/\/pglite\/dist\/pglite\.wasm$/);
    has(/argon2\.linux-x64-gnu\.node$/);
    has(/argon2\.linux-arm64-gnu\.node$/);
    has(/argon2\.linux-arm64-musl\.node$/);
    has(/\/ralf-ui\.service$/);
    // What stays behind: our sources and tests, TypeScript.
    const ours = files.filter((f) => !f.includes('/node_modules/'));
    expect(ours.filter((f) => /\.tsx?$|\.test\.|\.map$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.includes('/typescript@'))).toEqual([]);
  });

  it('starts the embedded default with only PATH set and serves the overview; backs up and restores', async () => {
    expect(await portFree(8080), 'port 8080 (the default) must be free for this test').toBe(true);
    const child = spawn(join(home, 'bin/ralf-ui'), [], {
      env: { PATH: process.env.PATH ?? '' },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await until('the release listening', async () => /listening on http:\/\/127\.0\.0\.1:8080/.test(out), 90_000);
      const page = await fetch(`${BASE}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      expect(await (await fetch(`${BASE}/healthz`)).json()).toEqual({ status: 'ok', release: VERSION });
      const { cookie } = await signInOver(BASE, 'viewer', 'demo-viewer');
      const summary = (await (await fetch(`${BASE}/trpc/fleet.summary`, { headers: { cookie } })).json()) as {
        result: { data: { guests: { total: number } } };
      };
      expect(summary.result.data.guests.total).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The data folder is beside the release when nothing else is said.
    expect(existsSync(join(home, 'data/pglite/PG_VERSION'))).toBe(true);

    const backup = join(dir, 'state.ralf.gz');
    const b = run(['backup', backup], { RALF_LANGUAGE: 'en' });
    expect(b.stdout + b.stderr).toMatch(
      /backup written to .*state\.ralf\.gz: \d+ rows in \d+ tables \(ralf-ui [\d.]+, embedded\)/,
    );
    expect(b.status).toBe(0);
    const target = await createTestDb('postgres');
    dbs.push(target);
    const r = run(['restore', backup], { RALF_LANGUAGE: 'en', DATABASE_URL: target.url! });
    expect(r.stdout).toMatch(/restored \d+ rows/);
    expect(r.stdout).toMatch(/audit chain verifies: \d+ events/);
    expect(r.status).toBe(0);
    const v = run(['version']);
    expect(v.stdout.trim()).toBe(`ralf-ui ${VERSION}`);
  });
});
