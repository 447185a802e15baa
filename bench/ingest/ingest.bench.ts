import { createPgDatabase, signIn, startBff } from '../lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GUESTS = 200;
const SUBSCRIBERS = 50;
const RATE = 500; // events per second during the latency run

const node = {
  id: 'node/bench',
  name: 'bench',
  cluster: 'lab',
  status: 'online',
  cpuCores: 64,
  memoryBytes: 274877906944,
  diskBytes: 0,
  tags: [],
};
const guest = (i: number, cores: number) => ({
  id: `lxc/${10_000 + i}`,
  vmid: 10_000 + i,
  type: 'lxc',
  nodeId: 'node/bench',
  name: `bench-${i}`,
  status: 'running',
  cores,
  memoryBytes: 1073741824,
  diskBytes: 0,
  tags: [],
  role: null,
});

let counter = 0;
const events = (n: number) =>
  Array.from({ length: n }, () => ({
    id: `bench-${++counter}`,
    type: 'guest.upsert',
    guest: guest(counter % GUESTS, 1 + (counter % 8)),
  }));

async function json(url: string, init: RequestInit) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return { res, body: await res.json() };
}

async function adminToken(url: string) {
  const { cookie, csrf } = await signIn(url, 'admin');
  const created = await json(`${url}/trpc/tokens.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-ralf-csrf': csrf },
    body: JSON.stringify({ name: `bench-${Date.now()}`, scopes: ['ingest:inventory'], expiresInDays: 1 }),
  });
  return { secret: created.body.result.data.secret as string, cookie };
}

/** Sends `size`-event requests from `workers` concurrent senders for SECONDS; events per second. */
async function throughput(url: string, secret: string, size: number, workers: number) {
  const post = (evs: unknown[]) =>
    json(`${url}/api/ingest/v1/inventory/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: evs }),
    });
  const end = Date.now() + SECONDS * 1000;
  let sent = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        await post(events(size));
        latencies.push(performance.now() - t0);
        sent += size;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    batch: size,
    workers,
    eventsPerSec: Math.round(sent / SECONDS),
    requestP50Ms: Math.round(latencies[Math.floor(latencies.length / 2)]!),
    requestP99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)]!),
  };
}

/** One browser's SSE stream: when each change seq arrived. */
function subscribe(url: string, cookie: string, arrivals: Map<number, number[]>, signal: AbortSignal) {
  return (async () => {
    const res = await fetch(`${url}/trpc/live.onChange`, { headers: { accept: 'text/event-stream', cookie }, signal });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = /^data: ?(.*)$/m.exec(block)?.[1];
          if (data?.includes('"type":"changes"')) {
            const now = performance.now();
            for (const c of (JSON.parse(data) as { changes: { seq: number }[] }).changes) {
              const list = arrivals.get(c.seq) ?? [];
              list.push(now);
              arrivals.set(c.seq, list);
            }
          }
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
}

/** From the ingest request leaving to the change arriving at each of 50 subscribers, at RATE events/s. */
async function fanOut(url: string, secret: string, cookie: string) {
  const arrivals = new Map<number, number[]>();
  const ctrl = new AbortController();
  const streams = Array.from({ length: SUBSCRIBERS }, () => subscribe(url, cookie, arrivals, ctrl.signal));
  await new Promise((r) => setTimeout(r, 1000));
  const sentAt = new Map<number, number>();
  const perTick = 10; // 50 requests of 10 events a second
  const ticks = SECONDS * (RATE / perTick);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < ticks; i++) {
    const due = start + (i * 1000 * perTick) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    inflight.push(
      json(`${url}/api/ingest/v1/inventory/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: events(perTick) }),
      }).then(({ body }) => {
        for (const r of body.results) sentAt.set(r.seq, t0);
      }),
    );
  }
  await Promise.all(inflight);
  const achieved = (ticks * perTick) / ((performance.now() - start) / 1000);
  await new Promise((r) => setTimeout(r, 2000));
  ctrl.abort();
  await Promise.all(streams);
  const lat: number[] = [];
  let missing = 0;
  for (const [seq, t0] of sentAt) {
    const got = arrivals.get(seq) ?? [];
    missing += SUBSCRIBERS - got.length;
    for (const t of got) lat.push(t - t0);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number) => Math.round(lat[Math.floor(lat.length * p)] ?? NaN);
  return {
    subscribers: SUBSCRIBERS,
    targetEventsPerSec: RATE,
    achievedEventsPerSec: Math.round(achieved),
    deliveries: lat.length,
    missing,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
  };
}

/** Ingest throughput and live fan-out latency on the machine's PostgreSQL (issue 4). */
export async function ingestBench() {
  const db = createPgDatabase();
  const bff = await startBff(30, { DATABASE_URL: db.url, RALF_DEMO_LAB: 'on' });
  try {
    const { secret, cookie } = await adminToken(bff.url);
    await json(`${bff.url}/api/ingest/v1/inventory/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          { id: 'bench-node', type: 'node.upsert', node },
          ...Array.from({ length: GUESTS }, (_, i) => ({
            id: `bench-seed-${i}`,
            type: 'guest.upsert',
            guest: guest(i, 1),
          })),
        ],
      }),
    });
    const single = await throughput(bff.url, secret, 1, 16);
    const batched = await throughput(bff.url, secret, 100, 4);
    const latency = await fanOut(bff.url, secret, cookie);
    return { seconds: SECONDS, single, batched, latency };
  } finally {
    await bff.stop();
    db.drop();
  }
}
