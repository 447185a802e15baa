import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../adapters/ports';
import { buildTestApp, contextAs, FROZEN, signInHeaders, TEST_META } from '../../../test/build-test-app';
import { createTestDb, DB_KINDS } from '../../../test/test-db';
import { argon2Passwords, type Passwords } from './passwords';

/** A clock the test moves by hand, and a password hasher that counts its checks. */
function harness() {
  let now = FROZEN.getTime();
  const clock: Clock = { now: () => new Date(now) };
  const counter = { verifies: 0 };
  const passwords: Passwords = {
    hash: (p) => argon2Passwords.hash(p),
    verify: (h, p) => {
      counter.verifies++;
      return argon2Passwords.verify(h, p);
    },
  };
  return { clock, passwords, counter, advance: (ms: number) => void (now += ms) };
}

const json = { 'content-type': 'application/json' };

describe.each(DB_KINDS)('signing in on %s', (kind) => {
  const h = harness();
  const log: string[] = [];
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock: h.clock, passwords: h.passwords, log });
  });
  afterAll(async () => t?.stop());
  beforeEach(() => h.advance(10 * 60_000)); // each test starts outside the previous one's limits
  const signIn = (username: string, password: string, ip = '127.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      payload: { username, password },
      remoteAddress: ip,
    });
  const events = async (action: string) => (await t.services.audit.list({ action, limit: 50 })).events;

  it('names the demo accounts on the sign-in page, and signs in with them', async () => {
    const options = (await t.app.inject('/trpc/auth.options')).json().result.data;
    expect(options.demoAccounts.map((a: { username: string; role: string }) => `${a.username}:${a.role}`)).toEqual([
      'viewer:viewer',
      'operator:operator',
      'approver:approver',
      'admin:admin',
    ]);
    expect(options.setupRequired).toBe(false);
    const res = await signIn('operator', 'demo-operator');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'ralf_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.json().result.data.user).toMatchObject({
      username: 'operator',
      roles: ['operator'],
      permissions: ['read', 'deploy'],
    });
  });

  it('uses the __Host- cookie, Secure, when served over TLS behind a proxy it trusts', async () => {
    const behind = await buildTestApp(kind, { TRUST_PROXY: 'true' });
    try {
      const res = await behind.app.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { ...json, 'x-forwarded-proto': 'https' },
        payload: { username: 'viewer', password: 'demo-viewer' },
      });
      const cookie = res.cookies.find((c) => c.name === '__Host-ralf_session')!;
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookie.domain).toBeUndefined();
    } finally {
      await behind.stop();
    }
  });

  it('records every sign-in, success and failure, with who and from where', async () => {
    await signIn('viewer', 'demo-viewer', '10.0.0.7');
    await signIn('viewer', 'not my password', '10.0.0.7');
    const [fail, ok] = await events('auth.sign-in');
    expect(fail).toMatchObject({
      actor: 'user:viewer',
      outcome: 'failure',
      sourceIp: '10.0.0.7',
      details: { reason: 'wrong password' },
    });
    expect(ok).toMatchObject({ actor: 'user:viewer', outcome: 'success', sourceIp: '10.0.0.7' });
  });

  it('refuses the sixth wrong password in a minute without checking the hash, and says when to retry', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('approver', `wrong ${i}`, '10.0.0.8')).statusCode).toBe(401);
    const before = h.counter.verifies;
    const sixth = await signIn('approver', 'wrong 6', '10.0.0.8');
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(h.counter.verifies).toBe(before);
    const retryAt = sixth.json().error.data.appError.retryAt;
    expect(new Date(retryAt).getTime()).toBeGreaterThan(h.clock.now().getTime());
    expect(sixth.json().error.message).toMatch(/try again at/);
    // The right password from that address is refused too while it is locked out.
    expect((await signIn('approver', 'demo-approver', '10.0.0.8')).statusCode).toBe(429);
    expect(h.counter.verifies).toBe(before);
    expect((await events('auth.sign-in'))[0]).toMatchObject({ outcome: 'denied', details: { reason: 'rate-limited' } });
    h.advance(61_000);
    expect((await signIn('approver', 'demo-approver', '10.0.0.8')).statusCode).toBe(200);
  });

  it("lets the owner in from an address without failures while a stranger's guesses are refused", async () => {
    for (let i = 0; i < 8; i++) await signIn('admin', `guess ${i}`, '203.0.113.5');
    expect((await signIn('admin', 'guess 9', '203.0.113.5')).statusCode).toBe(429);
    expect((await signIn('admin', 'demo-admin', '10.0.0.20')).statusCode).toBe(200);
  });

  it('holds the limit against parallel wrong passwords: no more hash checks than the limit', async () => {
    const before = h.counter.verifies;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signIn('operator', `parallel ${i}`, '10.0.0.30')),
    );
    expect(h.counter.verifies - before).toBe(5);
    expect(answers.filter((a) => a.statusCode === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(35);
    // A refused burst is one audit event for the window, not one per request.
    const denied = (await events('auth.sign-in')).filter(
      (e) => e.outcome === 'denied' && e.subject === 'user/operator',
    );
    expect(denied).toHaveLength(1);
  });

  it('limits one address trying many accounts', async () => {
    for (let i = 0; i < 20; i++) await signIn(`user${i}`, 'guess', '10.0.0.66');
    const res = await signIn('viewer', 'demo-viewer', '10.0.0.66');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(/this address/);
    expect((await signIn('viewer', 'demo-viewer', '10.0.0.67')).statusCode).toBe(200);
  });

  it('answers bad input with a clear 4xx and no crash', async () => {
    expect((await signIn('x'.repeat(300), 'pw')).statusCode).toBe(400);
    expect((await signIn('viewer', 'p'.repeat(300))).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'POST', url: '/trpc/auth.signIn', headers: json, payload: '' })).statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: 'POST', url: '/trpc/auth.signIn', headers: json, payload: '{"username":"viewer"' }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/trpc/auth.signIn',
          headers: json,
          payload: { username: 'viewer', password: 'demo-viewer', admin: true },
        })
      ).statusCode,
    ).toBe(400);
    const unicode = await signIn('Ädmin 🦊', 'pässwörd');
    expect(unicode.statusCode).toBe(401);
    // What a stranger typed is not shown to every viewer: "unknown user" and a hash.
    const [unknown] = await events('auth.sign-in');
    expect(unknown).toMatchObject({
      actor: 'system:anonymous',
      subject: 'user/unknown',
      outcome: 'failure',
      details: { reason: 'unknown user', typedHash: expect.stringMatching(/^[0-9a-f]{16}$/) },
    });
    expect(JSON.stringify(unknown)).not.toContain('Ädmin');
    expect((await signIn('nobody-here', 'my secret passphrase')).statusCode).toBe(401);
    expect((await events('auth.sign-in'))[0]).toMatchObject({ subject: 'user/unknown' });
    expect(JSON.stringify((await events('auth.sign-in'))[0])).not.toContain('nobody-here');
    // Text that cannot be stored as sent is refused before it is hashed or stored, and the chain holds.
    for (const name of ['a\uD800b', `${'a'.repeat(63)}\uD83D`, 'nul\u0000']) {
      const res = await signIn(name, 'pw');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/NUL character or a broken UTF-16 surrogate/);
    }
    expect((await signIn(`${'a'.repeat(63)}🦊`, 'pw')).statusCode).toBe(401);
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, brokenCount: 0 });
  });

  it('ends a session on sign-out, so a copy of the cookie is worthless', async () => {
    const headers = await signInHeaders(t.app, 'viewer');
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers })).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/trpc/auth.signOut',
      headers: { ...headers, ...json },
      payload: '{}',
    });
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((c) => c.name === 'ralf_session')?.value).toBe('');
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers })).statusCode).toBe(401);
    expect((await events('auth.sign-out'))[0]).toMatchObject({ actor: 'user:viewer' });
  });

  it('rotates the session at sign-in: the cookie sent along stops working', async () => {
    const old = await signInHeaders(t.app, 'viewer');
    const res = await t.app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { ...json, cookie: old.cookie },
      payload: { username: 'viewer', password: 'demo-viewer' },
    });
    expect(res.cookies.find((c) => c.name === 'ralf_session')!.value).not.toBe(old.cookie.split('=')[1]);
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers: old })).statusCode).toBe(401);
  });

  it('expires a session after the idle time and after the absolute lifetime', async () => {
    const idle = await signInHeaders(t.app, 'viewer');
    h.advance(t.config.auth.sessionIdleMs + 1000);
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers: idle })).statusCode).toBe(401);
    const busy = await signInHeaders(t.app, 'viewer');
    for (let spent = 0; spent < t.config.auth.sessionMaxMs; spent += t.config.auth.sessionIdleMs / 2) {
      expect((await t.app.inject({ url: '/trpc/auth.session', headers: busy })).json().result.data).not.toBeNull();
      h.advance(t.config.auth.sessionIdleMs / 2);
    }
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers: busy })).statusCode).toBe(401);
  });

  it("ends a disabled user's sessions at once, and refuses their cookie and password", async () => {
    const victim = await signInHeaders(t.app, 'operator');
    const admin = await contextAs(t, 'admin');
    const id = (await t.services.users.list()).find((u) => u.username === 'operator')!.id;
    await t.services.users.update(
      (await t.services.auth.authenticate(admin.cookie.current!))!,
      { id, disabled: true },
      TEST_META,
    );
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers: victim })).statusCode).toBe(401);
    const again = await signIn('operator', 'demo-operator');
    expect(again.statusCode).toBe(401);
    expect(again.json().error.message).toMatch(/disabled/);
    expect((await events('user.update'))[0]).toMatchObject({
      actor: 'user:admin',
      before: { disabled: false },
      after: { disabled: true },
      details: { sessionsEnded: 1 },
    });
  });

  it('lets a user change their own password, after proving the current one, and ends their other sessions', async () => {
    const other = await signInHeaders(t.app, 'approver');
    const h = await signInHeaders(t.app, 'approver');
    const change = (current: string, password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/trpc/auth.changePassword',
        headers: { ...h, ...json },
        payload: { current, password },
      });
    const wrong = await change('not it', 'a new approver passphrase');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe('The current password is wrong.');
    expect((await change('demo-approver', 'short')).statusCode).toBe(400);
    expect((await change('demo-approver', 'a new approver passphrase')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers: h })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/trpc/fleet.summary', headers: other })).statusCode).toBe(401);
    expect((await signIn('approver', 'demo-approver')).statusCode).toBe(401);
    expect((await signIn('approver', 'a new approver passphrase')).statusCode).toBe(200);
    expect((await events('user.change-password')).map((e) => e.outcome)).toEqual(['success', 'failure']);
    expect((await events('user.change-password'))[0]).toMatchObject({ details: { otherSessionsEnded: 1 } });
  });

  it('checks the current password under the sign-in limits', async () => {
    const session = await signInHeaders(t.app, 'viewer');
    const change = (current: string) =>
      t.app.inject({
        method: 'POST',
        url: '/trpc/auth.changePassword',
        headers: { ...session, ...json },
        payload: { current, password: 'a long new passphrase' },
      });
    for (let i = 0; i < 5; i++) expect((await change(`guess ${i}`)).statusCode).toBe(400);
    const before = h.counter.verifies;
    const refused = await change('demo-viewer');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(h.counter.verifies).toBe(before);
  });

  it('makes no change whose audit event cannot be written, and says so (fail closed)', async () => {
    const admin = await signInHeaders(t.app, 'admin');
    await sql`create function ralf.test_refuse() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(
      t.db.db,
    );
    await sql`create trigger test_refuse before insert on ralf.audit_event for each row execute function ralf.test_refuse()`.execute(
      t.db.db,
    );
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/trpc/users.create',
        headers: { ...admin, ...json },
        payload: { username: 'unrecorded', password: 'long enough pw', roles: ['viewer'] },
      });
      expect(res.statusCode).toBe(500);
      expect(res.json().error.message).toBe(
        'the audit event for user.create could not be written, so the change was not made',
      );
    } finally {
      await sql`drop trigger test_refuse on ralf.audit_event`.execute(t.db.db);
      await sql`drop function ralf.test_refuse()`.execute(t.db.db);
    }
    expect((await t.services.users.list()).some((u) => u.username === 'unrecorded')).toBe(false);
  });

  it('never lets a password, hash, session or token secret reach a response body, a log line or the audit trail', async () => {
    const admin = await signInHeaders(t.app, 'admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/trpc/tokens.create',
      headers: { ...admin, ...json },
      payload: { name: 'leak-check', scopes: ['ingest:plans'], expiresInDays: 30 },
    });
    const secret: string = created.json().result.data.secret;
    const user = await t.app.inject({
      method: 'POST',
      url: '/trpc/users.create',
      headers: { ...admin, ...json },
      payload: { username: 'leaky', password: 'correct horse battery', roles: ['viewer'] },
    });
    expect(user.statusCode).toBe(200);
    await signIn('leaky', 'correct horse battery');
    await signIn('leaky', 'wrong horse battery');
    await t.app.inject({ url: '/api/ingest/v1/token', headers: { authorization: `Bearer ${secret}` } });
    const bodies = [
      (await t.app.inject({ url: '/trpc/tokens.list', headers: admin })).body,
      (await t.app.inject({ url: '/trpc/users.list', headers: admin })).body,
      (await t.app.inject({ url: '/trpc/auth.session', headers: admin })).body,
      user.body,
    ].join('\n');
    const audit = (await t.app.inject({ url: '/api/audit/export', headers: admin })).body;
    const cookie = admin.cookie.split('=')[1]!;
    for (const [what, text] of [
      ['responses', bodies],
      ['log', log.join('\n')],
      ['audit', audit],
    ] as const) {
      for (const s of [
        secret,
        secret.slice(14),
        'correct horse battery',
        'wrong horse battery',
        'demo-admin',
        '$argon2id',
        cookie,
      ]) {
        expect({ what, leaks: text.includes(s) ? s.slice(0, 12) : null }).toEqual({ what, leaks: null });
      }
    }
    expect(log.length).toBeGreaterThan(0);
  });
});

describe.each(DB_KINDS)('the first admin on %s', (kind) => {
  it('is made from RALF_ADMIN_PASSWORD_FILE on a database without users, and no setup token is printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ralf-admin-'));
    writeFileSync(join(dir, 'pw'), 'from a secret file\n');
    const t = await buildTestApp(kind, { RALF_DEMO_LAB: 'off', RALF_ADMIN_PASSWORD_FILE: join(dir, 'pw') });
    try {
      expect(t.setupToken).toBeNull();
      expect((await t.app.inject('/trpc/auth.options')).json().result.data).toMatchObject({
        setupRequired: false,
        demoAccounts: [],
      });
      const h = await signInHeaders(t.app, 'admin', 'from a secret file');
      expect(
        (await t.app.inject({ url: '/trpc/users.list', headers: h }))
          .json()
          .result.data.map((u: { username: string }) => u.username),
      ).toEqual(['admin']);
    } finally {
      await t.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says in the log that RALF_ADMIN_PASSWORD is ignored while the demo accounts are on', async () => {
    const log: string[] = [];
    const t = await buildTestApp(kind, { RALF_ADMIN_PASSWORD: 'ignored here' }, { log });
    try {
      expect(log.some((l) => /RALF_ADMIN_PASSWORD is ignored: the demo accounts are on/.test(l))).toBe(true);
    } finally {
      await t.stop();
    }
  });
});

describe('demo accounts on a database that outlives demo mode', () => {
  it('keeps demo accounts to demo mode: they are gone when the same database starts without it', async () => {
    const db = await createTestDb('postgres');
    try {
      const demo = await buildTestApp('postgres', {}, { db });
      expect((await demo.services.users.list()).filter((u) => u.demo)).toHaveLength(4);
      await demo.stop();
      const real = await buildTestApp(
        'postgres',
        { RALF_DEMO_ACCOUNTS: 'off', RALF_ADMIN_PASSWORD: 'a real password' },
        { db },
      );
      const users = await real.services.users.list();
      expect(users.map((u) => u.username)).toEqual(['admin']);
      expect(users[0]!.demo).toBe(false);
      expect(
        (
          await real.app.inject({
            method: 'POST',
            url: '/trpc/auth.signIn',
            headers: json,
            payload: { username: 'viewer', password: 'demo-viewer' },
          })
        ).statusCode,
      ).toBe(401);
      await real.stop();
    } finally {
      await db.drop();
    }
  });
});

describe('the way back in: `ralf users reset-password`', () => {
  it('sets the password from standard input, ends the sessions and records it', async () => {
    const db = await createTestDb('postgres');
    const t = await buildTestApp(
      'postgres',
      { RALF_DEMO_ACCOUNTS: 'off', RALF_ADMIN_PASSWORD: 'forgotten password' },
      { db },
    );
    try {
      const old = await signInHeaders(t.app, 'admin', 'forgotten password');
      const child = spawn(
        join(import.meta.dirname, '../../../node_modules/.bin/tsx'),
        [join(import.meta.dirname, '../../cli.ts'), 'users', 'reset-password', 'admin'],
        {
          env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url! },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.stdin.end('a brand new passphrase\n');
      expect(await new Promise((r) => child.on('exit', r))).toBe(0);
      // The CLI speaks RALF_LANGUAGE, German by default (issue 18).
      expect(out).toMatch(/Passwort von admin zurückgesetzt/);
      expect(out).not.toContain('a brand new passphrase');
      expect((await t.app.inject({ url: '/trpc/users.list', headers: old })).statusCode).toBe(401);
      await signInHeaders(t.app, 'admin', 'a brand new passphrase');
      expect((await t.services.audit.list({ action: 'user.reset-password', limit: 1 })).events[0]).toMatchObject({
        actor: 'system:cli',
        subject: 'user/admin',
      });
    } finally {
      await t.stop();
      await db.drop();
    }
  });
});
