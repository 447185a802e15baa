import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../adapters/ports';
import { buildTestApp, FROZEN } from '../../../test/build-test-app';
import { createToken, ingest, revokeToken } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';
import { sign } from '../../lib/signing';

const guest200 = {
  id: 'qemu/200',
  vmid: 200,
  type: 'qemu',
  nodeId: 'node/pve3',
  name: 'jellyfin',
  status: 'stopped',
  cores: 4,
  memoryBytes: 8589934592,
  diskBytes: 68719476736,
  tags: ['media'],
  role: 'media',
};

describe.each(DB_KINDS)('the ingest API on %s', (kind) => {
  let now = FROZEN.getTime();
  const clock: Clock = { now: () => new Date(now) };
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let plain: Awaited<ReturnType<typeof createToken>>;
  let signed: Awaited<ReturnType<typeof createToken>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock });
    plain = await createToken(t.app, { name: 'a_infra', scopes: ['ingest:inventory'] });
    signed = await createToken(t.app, { name: 'foreman', scopes: ['ingest:inventory'], signed: true });
  });
  afterAll(async () => t?.stop());
  const count = async (table: 'ralf.change' | 'ralf.ingest_event' | 'ralf.guest') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.db)).rows[0]!.n);
  const guest = (id: string) => t.services.fleet.guest(id);

  it('applies a change, answers with its position in the change log, and records who sent it', async () => {
    const before = await count('ralf.change');
    const res = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'evt-1', type: 'guest.upsert', guest: guest200 }] },
      plain,
    );
    expect(res.statusCode).toBe(200);
    const seq = res.json().results[0].seq;
    expect(res.json()).toEqual({ results: [{ id: 'evt-1', status: 'applied', seq }] });
    expect((await guest('qemu/200')).guest.status).toBe('stopped');
    expect(await count('ralf.change')).toBe(before + 1);
    const [event] = (await t.services.audit.list({ action: 'inventory.ingest', limit: 1 })).events;
    expect(event).toMatchObject({
      actor: 'token:a_infra',
      sourceIp: '127.0.0.1',
      details: { events: 1, kinds: ['guest.upsert'], ids: ['evt-1'] },
    });
  });

  it('stores an event id once and answers a repeat exactly as the first time', async () => {
    const body = { events: [{ id: 'evt-2', type: 'guest.upsert', guest: { ...guest200, status: 'running' } }] };
    const first = await ingest(t.app, 'inventory/events', body, plain);
    const changes = await count('ralf.change');
    const again = await ingest(t.app, 'inventory/events', body, plain);
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(await count('ralf.change')).toBe(changes);
    expect(
      Number(
        (await sql<{ n: string }>`select count(*) as n from ralf.ingest_event where id = 'evt-2'`.execute(t.db.db))
          .rows[0]!.n,
      ),
    ).toBe(1);
    // A batch that repeats one id and brings a new one applies only the new one.
    const mixed = await ingest(
      t.app,
      'inventory/events',
      { events: [body.events[0], { id: 'evt-3', type: 'guest.upsert', guest: { ...guest200, cores: 6 } }] },
      plain,
    );
    expect(
      mixed.json().results.map((r: { id: string; seq: number }) => [r.id, r.seq === first.json().results[0].seq]),
    ).toEqual([
      ['evt-2', true],
      ['evt-3', false],
    ]);
  });

  it('applies a batch all or nothing', async () => {
    const guests = await count('ralf.guest');
    const changes = await count('ralf.change');
    const res = await ingest(
      t.app,
      'inventory/events',
      {
        events: [
          {
            id: 'evt-10',
            type: 'guest.upsert',
            guest: { ...guest200, id: 'lxc/900', vmid: 900, type: 'lxc', name: 'new-one' },
          },
          {
            id: 'evt-11',
            type: 'guest.upsert',
            guest: { ...guest200, id: 'lxc/901', vmid: 901, type: 'lxc', name: 'orphan', nodeId: 'node/nowhere' },
          },
        ],
      },
      plain,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(
      /guest lxc\/901 \(event evt-11\) is on node\/nowhere, which is not in the inventory/,
    );
    expect(await count('ralf.guest')).toBe(guests);
    expect(await count('ralf.change')).toBe(changes);
    expect(
      Number(
        (
          await sql<{
            n: string;
          }>`select count(*) as n from ralf.ingest_event where id in ('evt-10', 'evt-11')`.execute(t.db.db)
        ).rows[0]!.n,
      ),
    ).toBe(0);
    const dup = await ingest(
      t.app,
      'inventory/events',
      {
        events: [
          { id: 'x', type: 'guest.delete', guestId: 'lxc/1' },
          { id: 'x', type: 'guest.delete', guestId: 'lxc/2' },
        ],
      },
      plain,
    );
    expect(dup.json().message).toBe('event id x appears twice in this request');
    const busy = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'evt-12', type: 'node.delete', nodeId: 'node/pve1' }] },
      plain,
    );
    expect(busy.statusCode).toBe(409);
    expect(busy.json().message).toMatch(/node\/pve1 still has \d+ guests/);
  });

  it('checks signatures: a good one passes once, a replay is refused, a wrong or stale one is refused', async () => {
    const body = { events: [{ id: 'sig-1', type: 'guest.upsert', guest: { ...guest200, cores: 8 } }] };
    const nowS = Math.floor(now / 1000);
    const ok = await ingest(t.app, 'inventory/events', body, { ...signed, t: nowS });
    expect(ok.statusCode).toBe(200);
    const changes = await count('ralf.change');
    const replay = await ingest(t.app, 'inventory/events', body, { ...signed, t: nowS });
    expect([replay.statusCode, replay.json().message]).toEqual([
      409,
      'this signed request was accepted before (a replay); sign every request anew, with the current time',
    ]);
    // Signed anew, the same events are answered as the first time (event ids are idempotent).
    const resent = await ingest(t.app, 'inventory/events', body, { ...signed, t: nowS + 1 });
    expect(resent.body).toBe(ok.body);
    expect(await count('ralf.change')).toBe(changes);

    const wrong = await ingest(t.app, 'inventory/events', body, {
      secret: signed.secret,
      signingSecret: 'not-the-secret',
      t: nowS,
    });
    expect([wrong.statusCode, wrong.json().message]).toEqual([401, 'the signature does not match the body']);
    const stale = await ingest(t.app, 'inventory/events', body, { ...signed, t: nowS - 301 });
    expect([stale.statusCode, stale.json().message]).toEqual([
      401,
      "the signature's timestamp is more than 300 s from now",
    ]);
    const future = await ingest(t.app, 'inventory/events', body, { ...signed, t: nowS + 301 });
    expect(future.statusCode).toBe(401);
    const missing = await ingest(t.app, 'inventory/events', body, { secret: signed.secret });
    expect([missing.statusCode, missing.json().message]).toEqual([
      401,
      'this token requires X-Ralf-Signature: t=<unix>,v1=<hex>',
    ]);
    // The signature covers the body: the same header on another body fails.
    const header = sign(signed.signingSecret!, nowS, JSON.stringify(body));
    const swapped = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/v1/inventory/events',
      headers: {
        authorization: `Bearer ${signed.secret}`,
        'content-type': 'application/json',
        'x-ralf-signature': header,
      },
      payload: JSON.stringify({ events: [{ ...body.events[0], id: 'sig-2' }] }),
    });
    expect(swapped.statusCode).toBe(401);
    expect(await count('ralf.change')).toBe(changes);
  });

  it('shows the admin the traffic per token, with the reason of the last refusal', async () => {
    // Traffic is recorded after the answer has gone out (onResponse): wait for the last request's row.
    const traffic = await until(
      'the last refusal recorded',
      async () => {
        const tr = await t.services.ingest.traffic();
        return tr.tokens.find((x) => x.tokenName === 'foreman')?.rejected === 6 && tr;
      },
      5000,
    );
    const byName = Object.fromEntries(traffic.tokens.map((x) => [x.tokenName, x]));
    expect(byName.a_infra).toMatchObject({
      accepted: 4,
      rejected: 3,
      events: 5,
      lastRejection: { status: 409, reason: expect.stringMatching(/still has/) },
    });
    expect(byName.foreman).toMatchObject({ accepted: 2, rejected: 6, lastRejection: { status: 401 } });
    expect(traffic.recent[0]).toMatchObject({
      tokenName: 'foreman',
      route: '/api/ingest/v1/inventory/events',
      status: 401,
      events: 0,
    });
  });

  it("accepts a signed request once: a replay cannot revert a plan's revision or reopen a finding", async () => {
    const agent = await createToken(t.app, {
      name: 'signed-agent',
      scopes: ['ingest:plans', 'ingest:findings'],
      signed: true,
    });
    const nowS = Math.floor(now / 1000);
    const plan = (summary: string) => ({
      key: 'replayed-plan',
      trigger: 'capacity_drift',
      summary,
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
      expiresAt: new Date(now + 3_600_000).toISOString(),
    });
    const first = plan('first revision');
    const firstPayload = JSON.stringify(first);
    expect((await ingest(t.app, 'plans', firstPayload, { ...agent, t: nowS })).statusCode).toBe(200);
    const second = await ingest(t.app, 'plans', plan('second revision'), { ...agent, t: nowS });
    expect(second.json()).toMatchObject({ revision: 2 });
    const replay = await ingest(t.app, 'plans', firstPayload, { ...agent, t: nowS });
    expect(replay.statusCode).toBe(409);
    expect((await t.services.plans.get(second.json().planId, 'user:viewer')).revision).toBe(2);

    const finding = (status: string) =>
      JSON.stringify({ findings: [{ policy: 'tls-expiry', target: 'lxc/101', status }] });
    const failing = finding('fail');
    expect((await ingest(t.app, 'findings', failing, { ...agent, t: nowS })).statusCode).toBe(200);
    expect((await ingest(t.app, 'findings', finding('pass'), { ...agent, t: nowS })).statusCode).toBe(200);
    expect((await ingest(t.app, 'findings', failing, { ...agent, t: nowS })).statusCode).toBe(409);
    const [f] = (await t.services.findings.report({ policy: 'tls-expiry', status: 'all' })).findings;
    expect(f).toMatchObject({ result: 'pass', resolvedAt: expect.any(String) });
  });

  it("keeps event ids apart per token: one agent cannot squat another's ids", async () => {
    const squatter = await createToken(t.app, { name: 'squatter', scopes: ['ingest:inventory'] });
    const id = 'shared-id-1';
    expect(
      (
        await ingest(
          t.app,
          'inventory/events',
          { events: [{ id, type: 'guest.upsert', guest: { ...guest200, name: 'squatted' } }] },
          squatter,
        )
      ).statusCode,
    ).toBe(200);
    const res = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id, type: 'guest.upsert', guest: { ...guest200, name: 'jellyfin-real' } }] },
      plain,
    );
    expect(res.statusCode).toBe(200);
    expect((await guest('qemu/200')).guest.name).toBe('jellyfin-real');
  });

  it('refuses expired and revoked tokens and a missing scope', async () => {
    const body = { events: [{ id: 'auth-1', type: 'guest.delete', guestId: 'lxc/999' }] };
    const noScope = await createToken(t.app, { name: 'a_plan', scopes: ['ingest:plans'] });
    const r1 = await ingest(t.app, 'inventory/events', body, noScope);
    expect([r1.statusCode, r1.json().message]).toEqual([403, 'API token a_plan lacks the scope ingest:inventory']);
    const shortLived = await createToken(t.app, { name: 'short', scopes: ['ingest:inventory'], expiresInDays: 1 });
    now += 86_400_001;
    const r2 = await ingest(t.app, 'inventory/events', body, shortLived);
    expect([r2.statusCode, r2.json().message]).toEqual([401, 'API token short has expired']);
    const revoked = await createToken(t.app, { name: 'gone', scopes: ['ingest:inventory'] });
    await revokeToken(t.app, revoked.token.id);
    const r3 = await ingest(t.app, 'inventory/events', body, revoked);
    expect([r3.statusCode, r3.json().message]).toEqual([401, 'API token gone was revoked']);
    expect(
      Number(
        (await sql<{ n: string }>`select count(*) as n from ralf.ingest_event where id = 'auth-1'`.execute(t.db.db))
          .rows[0]!.n,
      ),
    ).toBe(0);
  });

  it('answers bad bodies exactly: too large, not JSON, a wrong type deep inside, an unknown field', async () => {
    const changes = await count('ralf.change');
    const huge = await ingest(
      t.app,
      'inventory/events',
      JSON.stringify({
        events: [{ id: 'big', type: 'guest.delete', guestId: 'lxc/1', pad: 'x'.repeat(2 * 1024 * 1024) }],
      }),
      plain,
    );
    expect([huge.statusCode, huge.json().error]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const notJson = await ingest(t.app, 'inventory/events', '{"events": [', plain);
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().message).toMatch(/^invalid JSON/);
    const deep = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'deep', type: 'guest.upsert', guest: { ...guest200, memoryBytes: 'eight GiB' } }] },
      plain,
    );
    expect(deep.statusCode).toBe(400);
    expect(deep.json().issues).toEqual([
      expect.objectContaining({ path: 'events.0.guest.memoryBytes', message: 'expected a number', code: 'input.type' }),
    ]);
    const extra = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'extra', type: 'guest.delete', guestId: 'lxc/1', force: true }] },
      plain,
    );
    expect(extra.statusCode).toBe(400);
    expect(extra.json().issues[0].message).toMatch(/force/);
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/v1/inventory/events',
      headers: { authorization: `Bearer ${plain.secret}`, 'content-type': 'text/plain' },
      payload: '{}',
    });
    expect(form.statusCode).toBe(400);
    expect(await count('ralf.change')).toBe(changes);
  });

  it('replaces the whole inventory from a snapshot', async () => {
    const snapshot = {
      nodes: [
        {
          id: 'node/solo',
          name: 'solo',
          cluster: 'lab',
          status: 'online',
          cpuCores: 8,
          memoryBytes: 34359738368,
          diskBytes: 0,
          tags: [],
        },
      ],
      guests: [{ ...guest200, id: 'lxc/300', vmid: 300, type: 'lxc', nodeId: 'node/solo', name: 'only' }],
      services: [],
      discoveredHosts: [],
    };
    const res = await ingest(t.app, 'inventory/snapshot', { id: 'snap-1', snapshot }, plain);
    expect(res.statusCode).toBe(200);
    expect(await count('ralf.guest')).toBe(1);
  });

  it("takes what an agent knows: no cluster, role, tags or empty lists; a guest's role stays when none is sent", async () => {
    const node = { id: 'node/mini', name: 'mini', status: 'online', cpuCores: 4, memoryBytes: 1, diskBytes: 1 };
    const lean = { id: 'lxc/310', vmid: 310, type: 'lxc', nodeId: 'node/mini', name: 'lean', status: 'running' };
    const sizes = { cores: 1, memoryBytes: 1, diskBytes: 1 };
    const snap = await ingest(
      t.app,
      'inventory/snapshot',
      { id: 'snap-lean', snapshot: { nodes: [node], guests: [{ ...lean, ...sizes, role: 'core' }] } },
      plain,
    );
    expect(snap.statusCode).toBe(200);
    const inv = await t.services.fleet.node('node/mini');
    // A node without a cluster is a standalone host: its own cluster.
    expect(inv.node).toMatchObject({ cluster: 'mini', tags: [] });
    const again = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'lean-2', type: 'guest.upsert', guest: { ...lean, ...sizes, status: 'stopped' } }] },
      plain,
    );
    expect(again.statusCode).toBe(200);
    expect((await guest('lxc/310')).guest).toMatchObject({ status: 'stopped', role: 'core' });
  });

  it('answers a guest on a node, or a service in a guest, that the inventory does not have with 409, naming both', async () => {
    const before = await count('ralf.change');
    const orphan = { ...guest200, id: 'qemu/320', vmid: 320, nodeId: 'node/nowhere' };
    const res = await ingest(
      t.app,
      'inventory/events',
      { events: [{ id: 'orphan-1', type: 'guest.upsert', guest: orphan }] },
      plain,
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(
      'guest qemu/320 (event orphan-1) is on node/nowhere, which is not in the inventory: report it first (node.upsert, guest.upsert)',
    );
    // The same node reported first in the batch is fine.
    const node = { id: 'node/nowhere', name: 'nowhere', status: 'online', cpuCores: 1, memoryBytes: 1, diskBytes: 1 };
    const ok = await ingest(
      t.app,
      'inventory/events',
      {
        events: [
          { id: 'orphan-2', type: 'node.upsert', node },
          { id: 'orphan-3', type: 'guest.upsert', guest: orphan },
        ],
      },
      plain,
    );
    expect(ok.statusCode).toBe(200);
    const service = { id: 'service/ghost', name: 'Ghost', guestId: 'lxc/999', kind: 'user' };
    const snap = await ingest(
      t.app,
      'inventory/snapshot',
      { id: 'snap-orphan', snapshot: { nodes: [node], guests: [orphan], services: [service] } },
      plain,
    );
    expect(snap.statusCode).toBe(409);
    expect(snap.json().message).toMatch(/service service\/ghost runs in lxc\/999, which the snapshot does not list/);
    expect(await count('ralf.change')).toBe(before + 2);
  });

  it('describes itself in OpenAPI from the same schemas', async () => {
    const doc = (await t.app.inject('/api/ingest/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const events = doc.paths['/api/ingest/v1/inventory/events'].post;
    expect(events['x-ralf-scope']).toBe('ingest:inventory');
    const schema = events.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.events.maxItems).toBe(1000);
    expect(JSON.stringify(schema)).toContain('guest.upsert');
    // Every field of a reported guest says what it is, with an example.
    const snapshot = doc.paths['/api/ingest/v1/inventory/snapshot'].post.requestBody.content['application/json'].schema;
    const guestFields = snapshot.properties.snapshot.properties.guests.items.properties;
    for (const [name, field] of Object.entries<{ description?: string; examples?: unknown[] }>(guestFields)) {
      expect(field.description, name).toBeTruthy();
      expect(field.examples, name).toBeDefined();
    }
    expect(snapshot.properties.snapshot.required).toEqual(['nodes', 'guests']);
  });
});

describe('ingest housekeeping', () => {
  it('forgets traffic, event ids and changes older than a week, and keeps the rest', async () => {
    let now = FROZEN.getTime();
    const t = await buildTestApp('pglite', {}, { clock: { now: () => new Date(now) } });
    try {
      const token = await createToken(t.app, { name: 'old', scopes: ['ingest:inventory'] });
      await ingest(
        t.app,
        'inventory/events',
        { events: [{ id: 'old-1', type: 'guest.delete', guestId: 'lxc/4242' }] },
        token,
      );
      now += 8 * 86_400_000;
      await ingest(
        t.app,
        'inventory/events',
        { events: [{ id: 'new-1', type: 'guest.delete', guestId: 'lxc/4243' }] },
        token,
      );
      await t.services.ingest.housekeeping();
      const ids = (await sql<{ id: string }>`select id from ralf.ingest_event order by id`.execute(t.db.db)).rows.map(
        (r) => r.id,
      );
      expect(ids).toEqual(['new-1']);
      expect((await t.services.ingest.traffic()).recent.map((r) => r.events)).toEqual([1]);
      const { oldest } = (
        await sql<{ oldest: string }>`select min(at)::text as oldest from ralf.change`.execute(t.db.db)
      ).rows[0]!;
      expect(new Date(oldest).getTime()).toBeGreaterThanOrEqual(now - 7 * 86_400_000);
    } finally {
      await t.stop();
    }
  });
});
