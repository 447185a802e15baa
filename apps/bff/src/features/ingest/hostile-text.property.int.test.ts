import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, FROZEN, signInHeaders } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';

/**
 * Issue 15: text that PostgreSQL cannot store as sent (NUL, lone UTF-16 surrogates) and text of
 * any other kind goes through every text input of every ingest route and a sample of procedures.
 * No answer is a 5xx, and the audit chain still verifies after all of it.
 */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('\0', '\uD800', '\uDFFF', '\uD83D', '\uDE00x\uD83D'),
      fc.string({ maxLength: 20 }),
    )
    .map(([a, bad, b]) => `${a}${bad}${b}`),
  // 63 characters and an emoji: a cut at 64 UTF-16 units would split it.
  fc.constant(`${'a'.repeat(63)}🦊`),
);

const at = FROZEN.toISOString();
const guest = {
  id: 'lxc/150',
  vmid: 150,
  type: 'lxc',
  nodeId: 'node/pve1',
  name: 'probe',
  status: 'running',
  cores: 1,
  memoryBytes: 1073741824,
  diskBytes: 0,
  tags: [],
  role: null,
};

/** Each ingest route with a valid body and a way to put a string into one of its text fields. */
const ROUTES: { path: () => string; scope: string; body: (s: string, field: number) => unknown; fields: number }[] = [
  {
    path: () => 'inventory/events',
    scope: 'ingest:inventory',
    fields: 4,
    body: (s, f) => ({
      events: [
        {
          id: f === 0 ? s : `e-${randomUUID()}`,
          type: 'guest.upsert',
          guest: { ...guest, name: f === 1 ? s : 'probe', role: f === 2 ? s : null, tags: f === 3 ? [s] : [] },
        },
      ],
    }),
  },
  {
    path: () => 'inventory/events',
    scope: 'ingest:inventory',
    fields: 2,
    body: (s, f) => ({
      events: [
        {
          id: `h-${randomUUID()}`,
          type: 'host.discovered',
          host: {
            mac: '52:54:00:aa:bb:cc',
            ip: '10.0.0.9',
            hostname: f === 0 ? s : 'new',
            facts: f === 1 ? { [s]: s } : {},
            suggestedRole: null,
            state: 'new',
          },
        },
      ],
    }),
  },
  {
    path: () => 'plans',
    scope: 'ingest:plans',
    fields: 3,
    body: (s, f) => ({
      key: f === 0 ? s : `p-${randomUUID()}`,
      trigger: 'capacity_drift',
      summary: f === 1 ? s : 'probe plan',
      details: f === 2 ? s : '',
      actions: [{ type: 'start', guestId: 'qemu/208' }],
      simulation: {
        nodes: ['node/pve1', 'node/pve2', 'node/pve3'].map((nodeId) => ({
          nodeId,
          cpuBefore: 0.3,
          cpuAfter: 0.3,
          memBefore: 0.5,
          memAfter: 0.5,
        })),
      },
      risk: 'low',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    }),
  },
  {
    path: () => 'trails',
    scope: 'ingest:trails',
    fields: 5,
    body: (s, f) => ({
      events: [
        {
          id: `t-${randomUUID()}`,
          trailId: `trail-${randomUUID()}`,
          kind: 'decision',
          at,
          agent: f === 0 ? s : 'A_PLAN',
          title: f === 1 ? s : 'probe',
          body: f === 2 ? s : '',
          inputs: [{ kind: 'metric', label: f === 3 ? s : 'cpu' }],
          alternatives: [{ option: f === 4 ? s : 'wait', whyNot: '' }],
        },
      ],
    }),
  },
  {
    path: () => 'loops',
    scope: 'ingest:loops',
    fields: 2,
    body: (s, f) => ({
      events: [
        {
          id: `l-${randomUUID()}`,
          loopId: 'main',
          runId: `r-${randomUUID()}`,
          type: 'phase',
          at,
          phase: f === 0 ? s : 'probe',
          trigger: f === 1 ? s : 'cron',
        },
      ],
    }),
  },
  {
    path: () => 'findings',
    scope: 'ingest:findings',
    fields: 3,
    body: (s, f) => ({
      findings: [
        {
          policy: f === 0 ? s : 'probe-policy',
          target: f === 1 ? s : 'lxc/150',
          status: 'warn',
          details: f === 2 ? s : '',
        },
      ],
    }),
  },
  {
    path: () => `deployments/${randomUUID()}/events`,
    scope: 'ingest:deployments',
    fields: 2,
    body: (s, f) => ({
      events: [
        {
          id: `d-${randomUUID()}`,
          status: 'provisioning',
          message: f === 0 ? s : 'probe',
          error: f === 1 ? s : undefined,
        },
      ],
    }),
  },
  {
    path: () => `plans/${randomUUID()}/events`,
    scope: 'ingest:plans',
    fields: 2,
    body: (s, f) => ({
      events: [
        {
          id: `pe-${randomUUID()}`,
          status: 'applying',
          message: f === 0 ? s : 'probe',
          error: f === 1 ? s : undefined,
        },
      ],
    }),
  },
];

describe.each(DB_KINDS)('hostile text on every input on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let agent: Awaited<ReturnType<typeof createToken>>;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    agent = await createToken(t.app, {
      name: 'hostile',
      scopes: [
        'ingest:inventory',
        'ingest:plans',
        'ingest:trails',
        'ingest:loops',
        'ingest:findings',
        'ingest:deployments',
      ],
    });
  });
  afterAll(async () => t?.stop());

  it('answers every ingest route with a 4xx or success, never a 5xx, and the audit chain verifies', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(ROUTES.length - 1), fc.nat(20), hostile, async (r, f, s) => {
        const route = ROUTES[r]!;
        const res = await ingest(t.app, route.path(), route.body(s, f % route.fields), agent);
        statuses.add(res.statusCode);
        expect(res.statusCode, `${route.path()} ${JSON.stringify(s)}: ${res.body}`).toBeLessThan(500);
        if (/\0|[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')))
          expect(res.statusCode).toBe(400);
      }),
      { numRuns: 300, seed: 20261130 },
    );
    // The generator reaches the database: some of it is accepted.
    expect(statuses.has(200)).toBe(true);
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, brokenCount: 0 });
  });

  it('answers a sample of procedures (five of them open to a viewer) with a 4xx, never a 5xx', async () => {
    const viewer = await signInHeaders(t.app, 'viewer');
    const admin = await signInHeaders(t.app, 'admin');
    const query = (path: string, input: unknown, headers: Record<string, string>) =>
      t.app.inject({ url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, headers });
    const mutate = (path: string, input: unknown, headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/trpc/${path}`,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(input),
      });
    const calls = [
      (s: string) => query('audit.list', { actor: s }, viewer),
      (s: string) => query('trails.list', { q: s }, viewer),
      (s: string) => query('trails.byId', { id: s }, viewer),
      (s: string) => query('findings.report', { q: s }, viewer),
      (s: string) => query('fleet.guest', { id: s }, viewer),
      (s: string) =>
        mutate(
          'users.create',
          { username: 'probe-user', displayName: s, password: 'long enough password', roles: ['viewer'] },
          admin,
        ),
      (s: string) => mutate('loops.pause', { id: 'main', reason: `${s} reason` }, admin),
      (s: string) => mutate('auth.signIn', { username: s, password: s || 'x' }, {}),
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(calls.length - 1), hostile, async (c, s) => {
        const res = await calls[c]!(s);
        expect(res.statusCode, `${c} ${JSON.stringify(s)}: ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 200, seed: 20261130 },
    );
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, brokenCount: 0 });
  });
});
