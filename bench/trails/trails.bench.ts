import { execFileSync } from 'node:child_process';
import { createPgDatabase, freePort, MAIN, signIn, startServer } from '../lib';

const TRAILS = 100_000;
const RUNS = 40;

const q = (xs: number[], p: number) =>
  Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]! * 10) / 10;

/**
 * 100,000 trails in the machine's PostgreSQL (issue 7): the timeline's first page, its next
 * page, a full-text search with a filter, and a subject's "Why?" list, each timed at the BFF
 * (tRPC over HTTP, as the browser asks). The rows are written by SQL in bulk with the same
 * search vector the service computes (English and German), then ANALYZEd.
 */
export async function trailsBench() {
  const db = createPgDatabase();
  const env = { DATABASE_URL: db.url, RALF_DEMO_LAB: 'on', RALF_DEMO_ACCOUNTS: 'on', PROMETHEUS_URL: '' };
  try {
    await (await startServer('node', [MAIN], env, await freePort())).stop();
    const seedStart = performance.now();
    execFileSync('psql', [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      db.url.split('/').pop()!,
      '-qc',
      `
      insert into ralf.trail (id, title, trigger, outcome, agents, subjects, started_at, ended_at, events, decision, search)
      select 'bench-' || i,
        (array['Memory drift on pve', 'Nextcloud health check failing on pve', 'New host discovered near pve', 'Backup window missed on pve', 'Operator asked to deploy onto pve'])[1 + i % 5] || (1 + i % 7),
        (array['capacity_drift', 'alert', 'discovery', 'pbs_detected', 'operator_request'])[1 + i % 5],
        (array['succeeded', 'succeeded', 'failed', 'rolled_back', 'running'])[1 + i % 5],
        array['A_MON', (array['A_PLAN', 'A_INFRA', 'A_SEC'])[1 + i % 3]],
        array['node/pve' || (1 + i % 7), (array['qemu/', 'lxc/'])[1 + i % 2] || (100 + i % 3000)],
        now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval + interval '4 minutes', 6,
        (array['Migrate the guest to a quieter node', 'Restart the service, not the VM', 'Suggest the role proxmox-node', 'Retry the backup tonight', 'Place the guest on the node with most memory'])[1 + i % 5],
        to_tsvector('english', t.text) || to_tsvector('german', t.text)
      from generate_series(1, ${TRAILS}) as i,
        lateral (select (array['Migrationen entlasten den Knoten; migration restarted the guests', 'The service restarted after the workers were exhausted', 'Foreman discovered a host with 64 GiB', 'Die Sicherung wurde verschoben; backup postponed', 'Placement by free memory after deploy'])[1 + i % 5] || ' trail ' || i as text) as t;
      analyze ralf.trail;
    `,
    ]);
    const seedMs = Math.round(performance.now() - seedStart);
    const server = await startServer('node', [MAIN], env, await freePort());
    try {
      const s = await signIn(server.url, 'viewer');
      const ask = async (input: Record<string, unknown>) => {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/trpc/trails.list?input=${encodeURIComponent(JSON.stringify(input))}`, {
          headers: { cookie: s.cookie },
        });
        const body = (await res.json()) as { result: { data: { items: unknown[]; nextCursor: string | null } } };
        return { ms: performance.now() - t0, page: body.result.data };
      };
      const time = async (input: Record<string, unknown>) => {
        for (let i = 0; i < 3; i++) await ask(input);
        const ms: number[] = [];
        let rows = 0;
        for (let i = 0; i < RUNS; i++) {
          const r = await ask(input);
          ms.push(r.ms);
          rows = r.page.items.length;
        }
        return { p50Ms: q(ms, 0.5), p95Ms: q(ms, 0.95), rows };
      };
      const first = await ask({ limit: 50 });
      return {
        trails: TRAILS,
        seedMs,
        runs: RUNS,
        firstPage: await time({ limit: 50 }),
        nextPage: await time({ limit: 50, cursor: first.page.nextCursor }),
        search: await time({ q: 'Migration', outcome: 'succeeded', limit: 50 }),
        // The worst case: every match is read and none survives the filter.
        searchNoMatch: await time({ q: 'Migration', outcome: 'failed', limit: 50 }),
        searchGerman: await time({ q: 'Sicherungen', limit: 50 }),
        subject: await time({ subject: 'node/pve3', limit: 5 }),
      };
    } finally {
      await server.stop();
    }
  } finally {
    db.drop();
  }
}
