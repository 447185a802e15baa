import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../adapters/ports';
import { buildTestApp, FROZEN, signInHeaders } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';

const json = { 'content-type': 'application/json' };

describe.each(DB_KINDS)('API tokens on %s', (kind) => {
  let now = FROZEN.getTime();
  const clock: Clock = { now: () => new Date(now) };
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let admin: Awaited<ReturnType<typeof signInHeaders>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock });
    admin = await signInHeaders(t.app, 'admin');
  });
  afterAll(async () => t?.stop());
  const create = (payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/trpc/tokens.create',
      headers: { ...admin, ...json },
      payload: payload as object,
    });
  const whoami = (secret: string) =>
    t.app.inject({ url: '/api/ingest/v1/token', headers: { authorization: `Bearer ${secret}` } });

  it('shows the secret once, lists the token without it, and lets the agent use it', async () => {
    const res = await create({ name: 'a_plan', scopes: ['ingest:plans', 'ingest:trails'], expiresInDays: 90 });
    expect(res.statusCode).toBe(200);
    const { token, secret } = res.json().result.data;
    expect(secret).toMatch(new RegExp(`^ralf_${token.prefix}_`));
    expect(token.expiresAt).toBe(new Date(now + 90 * 86_400_000).toISOString());
    const list = (await t.app.inject({ url: '/trpc/tokens.list', headers: admin })).body;
    expect(list).toContain('a_plan');
    expect(list).not.toContain(secret.slice(14));
    const me = await whoami(secret);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ name: 'a_plan', scopes: ['ingest:plans', 'ingest:trails'] });
    expect((await create({ name: 'a_plan', scopes: ['ingest:plans'], expiresInDays: null })).statusCode).toBe(409);
  });

  it('refuses a missing, malformed or unknown token with 401', async () => {
    expect((await t.app.inject('/api/ingest/v1/token')).statusCode).toBe(401);
    expect((await whoami('nonsense')).statusCode).toBe(401);
    const unknown = await whoami(`ralf_AAAAAAAA_${'x'.repeat(43)}`);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ error: 'UNAUTHENTICATED', message: 'unknown API token' });
  });

  it('refuses a revoked and an expired token, and records that someone still uses them', async () => {
    const revoked = (await create({ name: 'old-agent', scopes: ['ingest:inventory'], expiresInDays: null })).json()
      .result.data;
    const rv = await t.app.inject({
      method: 'POST',
      url: '/trpc/tokens.revoke',
      headers: { ...admin, ...json },
      payload: { id: revoked.token.id },
    });
    expect(rv.json().result.data.revokedAt).not.toBeNull();
    const r1 = await whoami(revoked.secret);
    expect(r1.statusCode).toBe(401);
    expect(r1.json().message).toMatch(/old-agent was revoked/);

    const short = (await create({ name: 'short-lived', scopes: ['ingest:inventory'], expiresInDays: 1 })).json().result
      .data;
    expect((await whoami(short.secret)).statusCode).toBe(200);
    now += 86_400_000 + 1;
    const r2 = await whoami(short.secret);
    expect(r2.statusCode).toBe(401);
    expect(r2.json().message).toMatch(/has expired/);
    const denied = (await t.services.audit.list({ action: 'token.use', limit: 5 })).events;
    expect(denied.map((e) => [e.actor, e.outcome, (e.details as { reason: string }).reason])).toEqual([
      ['token:short-lived', 'denied', 'has expired'],
      ['token:old-agent', 'denied', 'was revoked'],
    ]);
  });

  it('validates what an admin types: names, scopes, expiry', async () => {
    admin = await signInHeaders(t.app, 'admin'); // the clock moved past the idle time above
    for (const bad of [
      { name: '', scopes: ['ingest:plans'], expiresInDays: 1 },
      { name: 'x'.repeat(65), scopes: ['ingest:plans'], expiresInDays: 1 },
      { name: 'ok', scopes: [], expiresInDays: 1 },
      { name: 'ok', scopes: ['root'], expiresInDays: 1 },
      { name: 'ok', scopes: ['ingest:plans'], expiresInDays: 0 },
      { name: 'bad name', scopes: ['ingest:plans'], expiresInDays: 1 },
    ]) {
      expect((await create(bad)).statusCode).toBe(400);
    }
  });
});

describe.each(DB_KINDS)('the audit page and its export on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let viewer: Awaited<ReturnType<typeof signInHeaders>>;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    viewer = await signInHeaders(t.app, 'viewer');
    await t.app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      payload: { username: '=cmd|calc', password: 'x' },
    });
  });
  afterAll(async () => t?.stop());

  it('filters by actor, action and time, newest first, page by page', async () => {
    const page = await t.services.audit.list({ action: 'auth.sign-in', limit: 1 });
    expect(page.events).toHaveLength(1);
    expect(page.events[0]!.actor).toBe('system:anonymous');
    const next = await t.services.audit.list({ action: 'auth.sign-in', limit: 1, cursor: page.nextCursor! });
    expect(next.events[0]).toMatchObject({ actor: 'user:viewer', outcome: 'success' });
    expect((await t.services.audit.list({ actor: 'viewer' })).events.every((e) => e.actor.includes('viewer'))).toBe(
      true,
    );
    expect((await t.services.audit.list({ from: '2030-01-01T00:00:00Z' })).events).toEqual([]);
    // Whose: people, agents' tokens or ralf-ui itself.
    const whose = async (who: 'people' | 'agents' | 'system') =>
      new Set((await t.services.audit.list({ who, limit: 500 })).events.map((e) => e.actor.split(':')[0]));
    expect(await whose('people')).toEqual(new Set(['user']));
    expect(await whose('system')).toEqual(new Set(['system']));
    const bad = await t.app.inject({
      url: `/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ limit: 10_000 }))}`,
      headers: viewer,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('exports JSON Lines and CSV with the same events', async () => {
    const jsonl = await t.app.inject({ url: '/api/audit/export?format=jsonl&action=auth.', headers: viewer });
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    expect(jsonl.headers['content-disposition']).toMatch(/attachment; filename="ralf-audit-.*\.jsonl"/);
    const lines = jsonl.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((e) => e.action.startsWith('auth.'))).toBe(true);
    const csv = await t.app.inject({ url: '/api/audit/export?format=csv&action=auth.', headers: viewer });
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toBe('seq,id,at,actor,action,subject,outcome,sourceIp,before,after,details,prevHash,hash');
    expect(rows).toHaveLength(lines.length + 1);
    expect((await t.app.inject({ url: '/api/audit/export?format=xml', headers: viewer })).statusCode).toBe(400);
  });

  it('says the chain verifies', async () => {
    const res = await t.app.inject({ url: '/trpc/audit.verify', headers: viewer });
    expect(res.json().result.data).toMatchObject({ ok: true, broken: [], brokenCount: 0 });
  });
});
