import { spawn } from 'node:child_process';
import { join } from 'node:path';

const TSX = join(import.meta.dirname, '../node_modules/.bin/tsx');
const MAIN = join(import.meta.dirname, '../src/main.ts');

/** Runs the real entry point with only the given environment (plus PATH), as an operator would. */
export function runMain(env: Record<string, string>, until?: RegExp) {
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
