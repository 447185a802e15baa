import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgDatabase, freePort, rssMiB, signIn, startBff, startServer, type Server } from '../lib';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Row {
  name: string;
  path: string;
  bytes: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the serving process per request (user + system, from /proc/<pid>/stat), µs. */
  cpuUsPerReq: number | null;
  /** The process's CPU time per second without requests (measured just before), µs/s. */
  idleCpuUsPerSec: number | null;
  /** CPU per request above that idle work (what the requests themselves cost), µs. */
  cpuNetUsPerReq: number | null;
}

const IDLE_MS = 10_000;

/** User + system CPU time of a process so far, in µs (/proc/<pid>/stat counts clock ticks of 10 ms). */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * `session`: the cookie of a signed-in viewer, so each request also pays for its session check;
 * `pid`: the serving process, whose CPU time per request is measured over the run.
 */
async function hit(name: string, url: string, session?: string, pid?: number): Promise<Row> {
  const headers: Record<string, string> = session ? { cookie: `ralf_session=${session}` } : {};
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${name}: ${res.status}`);
  const bytes = (await res.arrayBuffer()).byteLength;
  // What the process does on its own (the BFF's demo lab reads its Proxmox API every 10 s, the
  // watchers look every 30 s): measured without requests, so a request's own cost can be told.
  let idle: number | null = null;
  if (pid) {
    const at = cpuUs(pid);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    idle = ((cpuUs(pid) - at) / IDLE_MS) * 1000;
  }
  // Warm up (caches, JIT), then measure.
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const cpuBefore = pid ? cpuUs(pid) : 0;
  const started = performance.now();
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  const seconds = (performance.now() - started) / 1000;
  const cpu = pid ? cpuUs(pid) - cpuBefore : null;
  const requests = Math.max(1, r.requests.total);
  return {
    name,
    path: new URL(url).pathname,
    bytes,
    reqPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
    cpuUsPerReq: cpu === null ? null : Math.round(cpu / requests),
    idleCpuUsPerSec: idle === null ? null : Math.round(idle),
    cpuNetUsPerReq: cpu === null || idle === null ? null : Math.round(Math.max(0, cpu - idle * seconds) / requests),
  };
}

/** The same 5,000 guests on PostgreSQL (connected mode): the BFF without a database inside it. */
async function connectedMemory() {
  const db = createPgDatabase();
  const bff = await startBff(5000, { DATABASE_URL: db.url, RALF_DEMO_LAB: 'on' });
  try {
    const session = (await signIn(bff.url)).value;
    const summary = await hit('fleet.summary (5,000 guests, PostgreSQL)', `${bff.url}/trpc/fleet.summary`, session);
    const rssAfterSummary = rssMiB(bff.child.pid!);
    const list = await hit('fleet.list (5,000 guests, all rows, PostgreSQL)', `${bff.url}/trpc/fleet.list`, session);
    return {
      rows: [summary, list],
      bffRssMiBAfterSummaryLoad: rssAfterSummary,
      bffRssMiBAfterLoad: rssMiB(bff.child.pid!),
    };
  } finally {
    await bff.stop();
    db.drop();
  }
}

/**
 * Fleet summary and list with 5,000 guests under 50 connections, beside a no-op tRPC procedure
 * and a bare Fastify route returning a payload the size of the summary (issue 2).
 */
export async function loadBench() {
  const bff = await startBff(5000);
  let base: Server | null = null;
  try {
    const summaryUrl = `${bff.url}/trpc/fleet.summary`;
    const session = (await signIn(bff.url)).value;
    const captured = (
      (await (await fetch(summaryUrl, { headers: { cookie: `ralf_session=${session}` } })).json()) as {
        result: { data: unknown };
      }
    ).result.data;
    const payloadFile = join(mkdtempSync(join(tmpdir(), 'ralf-bench-')), 'summary.json');
    writeFileSync(payloadFile, JSON.stringify(captured));
    // Node itself (with tsx's loader) is the server process, so its CPU time is the baseline's own.
    base = await startServer(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'baselines.ts')],
      { PAYLOAD_FILE: payloadFile },
      await freePort(),
    );
    const rows: Row[] = [];
    rows.push(await hit('bare Fastify route', `${base.url}/bare`, undefined, base.child.pid));
    rows.push(await hit('no-op tRPC procedure', `${base.url}/trpc/noop`, undefined, base.child.pid));
    rows.push(await hit('fleet.summary (5,000 guests)', summaryUrl, session, bff.child.pid));
    const rssAfterSummary = rssMiB(bff.child.pid!);
    rows.push(await hit('fleet.list (5,000 guests, all rows)', `${bff.url}/trpc/fleet.list`, session));
    rows.push(
      await hit(
        'fleet.list (5,000 guests, node filter + search)',
        `${bff.url}/trpc/fleet.list?input=${encodeURIComponent(JSON.stringify({ nodes: ['node/pve7'], q: 'svc-01' }))}`,
        session,
      ),
    );
    const rss = rssMiB(bff.child.pid!);
    await bff.stop();
    const connected = await connectedMemory();
    const noop = rows[1]!.reqPerSec;
    const summary = rows[2]!;
    return {
      connections: CONNECTIONS,
      seconds: SECONDS,
      rows,
      summaryVsNoop: Math.round((summary.reqPerSec / noop) * 100) / 100,
      summaryCpuVsNoop: Math.round((summary.cpuUsPerReq! / rows[1]!.cpuUsPerReq!) * 100) / 100,
      summaryNetCpuVsNoop: Math.round((summary.cpuNetUsPerReq! / rows[1]!.cpuNetUsPerReq!) * 100) / 100,
      summaryP99VsNoop: Math.round((summary.p99 / rows[1]!.p99) * 100) / 100,
      targets: {
        summaryVsNoop: '>= 0.80',
        summaryCpuVsNoop: '<= 1.25',
        summaryNetCpuVsNoop: '<= 1.25',
        summaryP99VsNoop: '<= 1.5',
      },
      bffRssMiBAfterSummaryLoad: rssAfterSummary,
      bffRssMiBAfterLoad: rss,
      connected,
    };
  } finally {
    await base?.stop();
    await bff.stop();
  }
}
