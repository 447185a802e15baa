import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const TSX = join(import.meta.dirname, '../node_modules/.bin/tsx');
const MAIN = join(import.meta.dirname, 'main.ts');

/** Runs the real entry point with only the given environment (plus PATH), as an operator would. */
function run(env: Record<string, string>, until?: RegExp) {
  const child = spawn(TSX, [MAIN], { env: { PATH: process.env.PATH ?? '', RALF_SERVE_WEB: 'false', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ready = until
    ? new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready: ${out}${err}`)), 45_000);
        child.stdout.on('data', () => until.test(out) && (clearTimeout(timer), resolve()));
        void exited.then(() => reject(new Error(`exited early: ${out}${err}`)));
      })
    : Promise.resolve();
  return { child, exited, ready, output: () => out + err, stderr: () => err };
}

describe('starting and stopping ralf-ui', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ralf-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits non-zero naming DATABASE_URL when the database cannot be reached', async () => {
    const p = run({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing', PORT: '0' });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/DATABASE_URL: cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/nothing/);
  });

  it('exits non-zero naming the variable when a setting is malformed', async () => {
    const p = run({ PORT: 'eighty' });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/PORT: expected/);
  });

  it('starts embedded with no settings, keeps its data folder across restarts, and stops cleanly on SIGTERM', async () => {
    for (let i = 0; i < 2; i++) {
      const p = run({ RALF_DATA_DIR: dataDir, PORT: '0' }, /listening on/);
      await p.ready;
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(p.output())![1];
      const res = await fetch(`http://127.0.0.1:${port}/trpc/fleet.summary`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { result: { data: { guests: { total: number } } } }).result.data.guests.total).toBe(30);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(p.output()).toMatch(i === 0 ? /migrations applied/ : /listening on/);
      if (i === 1) expect(p.output()).not.toMatch(/migrations applied/);
    }
  });
});
