import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BFF = join(import.meta.dirname, '..');
const MAIN = join(BFF, 'src/main.ts');

/** Every child a test started and that has not exited: `stopChildren()` ends them after a failure. */
const children = new Set<ChildProcess>();

/** SIGKILLs every child still running (afterEach), so a failed test leaves no process holding a port or a data folder. */
export async function stopChildren(): Promise<void> {
  await Promise.all(
    [...children].map(
      (c) =>
        new Promise<void>((r) => {
          c.once('exit', () => r());
          c.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * Runs the real entry point with only the given environment (plus PATH), as an operator would.
 * `ready` resolves on the process's own readiness line (`until`), and kills it if that never comes.
 */
export function runMain(env: Record<string, string>, until?: RegExp, limitMs = 90_000) {
  // tsx as a loader inside the one node process, not its wrapper: the wrapper relays SIGTERM and,
  // if the child does not confirm it within 30 ms (a loaded CI machine), kills it (exit 143).
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: BFF,
    env: { PATH: process.env.PATH ?? '', RALF_SERVE_WEB: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => (children.delete(child), r(code))));
  const ready = until
    ? new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`no readiness line within ${limitMs} ms: ${out}${err}`));
        }, limitMs);
        child.stdout.on('data', () => until.test(out) && (clearTimeout(timer), resolve()));
        void exited.then(() => (clearTimeout(timer), reject(new Error(`exited early: ${out}${err}`))));
      })
    : Promise.resolve();
  return { child, exited, ready, output: () => out + err, stderr: () => err };
}

/** The address a started `main.ts` printed, from its log. */
export const listeningAt = (p: ReturnType<typeof runMain>) =>
  /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(p.output())![1]!;

/** Signs in over real HTTP, as a browser would; the session cookie and CSRF token to send next. */
export async function signInOver(
  base: string,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  const body = (await res.json()) as { result: { data: { csrfToken: string } } };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: body.result.data.csrfToken };
}
