import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const ROOT = join(import.meta.dirname, '..');
export const MAIN = join(ROOT, 'apps/bff/dist/main.js');
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a process that serves HTTP on `port` and waits until `readyPath` answers. */
export async function startServer(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  readyPath = '/readyz',
): Promise<Server> {
  const child = spawn(cmd, args, {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (
    !(await fetch(url + readyPath).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${cmd} not ready`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The built BFF with `guests` demo guests: on its embedded default in a data folder that was
 * created by an earlier start (as an operator's second start onwards), or on `DATABASE_URL`.
 */
export async function startBff(guests: number, extra: Record<string, string> = {}): Promise<Server> {
  const env: Record<string, string> = {
    RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-bench-')),
    RALF_DEMO_GUESTS: String(guests),
    RALF_DEMO_ACCOUNTS: 'on',
    ...extra,
  };
  if (!env.DATABASE_URL) await (await startServer('node', [MAIN], env, await freePort())).stop();
  return startServer('node', [MAIN], env, await freePort());
}

/** A fresh database on the machine's PostgreSQL, and a function that drops it. */
export function createPgDatabase(): { url: string; drop: () => void } {
  const name = `ralf_bench_${Date.now().toString(36)}`;
  const psql = (sql: string) =>
    execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-qc', sql]);
  psql(`create database ${name}`);
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: () => psql(`drop database if exists ${name} with (force)`),
  };
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export function machine() {
  return {
    date: new Date().toISOString(),
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 1024 ** 3)} GiB`,
    node: process.version,
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/**
 * Signs in as a demo account (every page needs a session since issue 3): the session cookie's
 * value, the header to send it with, and the CSRF token mutations need.
 */
export async function signIn(url: string, role: 'viewer' | 'operator' | 'admin' = 'viewer') {
  const res = await fetch(`${url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: role, password: `demo-${role}` }),
  });
  const value = /ralf_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!res.ok || !value) throw new Error(`sign-in as ${role} failed: ${res.status}`);
  const csrf = ((await res.json()) as { result: { data: { csrfToken: string } } }).result.data.csrfToken;
  return { value, cookie: `ralf_session=${value}`, csrf };
}
