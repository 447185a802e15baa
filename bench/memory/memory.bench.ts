import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgDatabase, freePort, MAIN, startServer } from '../lib';

const WINDOW_MS = 60_000;

/** VmHWM (the peak so far) and VmRSS of a process, in MiB. */
function vm(pid: number): { hwm: number; rss: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { hwm: Math.round(kb('VmHWM') / 1024), rss: Math.round(kb('VmRSS') / 1024) };
}

/** Starts the built BFF (30-guest demo lab), waits out the first minute, and reads its memory. */
async function firstMinute(env: Record<string, string>) {
  const server = await startServer('node', [MAIN], { RALF_DEMO_ACCOUNTS: 'on', ...env }, await freePort());
  const pid = server.child.pid!;
  let peak = 0;
  const started = Date.now();
  while (Date.now() - started < WINDOW_MS) {
    peak = Math.max(peak, vm(pid).hwm);
    await new Promise((r) => setTimeout(r, 500));
  }
  const at60 = vm(pid);
  await server.stop();
  return { peakMiB: Math.max(peak, at60.hwm), steadyMiB: at60.rss };
}

/**
 * Resident memory of the 30-guest demo (issue 24), as /proc reports it: the peak (VmHWM) within the
 * first minute and the resident set (VmRSS) at its end; embedded at a first start (a new data
 * folder) and at a restart of the same folder, and on PostgreSQL.
 */
export async function memoryBench() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ralf-bench-mem-'));
  const embeddedFirst = await firstMinute({ RALF_DATA_DIR: dataDir });
  const embeddedRestart = await firstMinute({ RALF_DATA_DIR: dataDir });
  const db = createPgDatabase();
  try {
    const postgres = await firstMinute({
      RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-bench-mem-')),
      DATABASE_URL: db.url,
      RALF_DEMO_LAB: 'on',
    });
    return { windowS: WINDOW_MS / 1000, embeddedFirst, embeddedRestart, postgres };
  } finally {
    db.drop();
  }
}
