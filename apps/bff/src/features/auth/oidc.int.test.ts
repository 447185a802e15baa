import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../adapters/ports';
import { buildTestApp } from '../../../test/build-test-app';
import { startOidcProvider } from '../../../test/oidc-provider';
import { DB_KINDS } from '../../../test/test-db';
import { mapRoles } from './oidc.service';

describe('OIDC role mapping', () => {
  it('maps claim values to roles, from a list or a space-separated string, ignoring the unknown', () => {
    const map = { 'ralf-admins': 'admin', 'ralf-ops': 'operator' } as const;
    expect(mapRoles(['ralf-ops', 'staff', 'ralf-admins'], map)).toEqual(['operator', 'admin']);
    expect(mapRoles('ralf-ops other', map)).toEqual(['operator']);
    expect(mapRoles(undefined, map)).toEqual([]);
  });
});

describe.each(DB_KINDS)('OIDC sign-in against a provider on loopback, on %s', (kind) => {
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    idp = await startOidcProvider({ clientId: 'ralf-ui', clientSecret: 's3cret-client' });
    t = await buildTestApp(
      kind,
      {
        RALF_DEMO_ACCOUNTS: 'off',
        RALF_ADMIN_PASSWORD: 'local admin pw',
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: 'ralf-ui',
        OIDC_CLIENT_SECRET: 's3cret-client',
        OIDC_ROLE_MAP: 'ralf-admins=admin,ralf-ops=operator,ralf-view=viewer',
        OIDC_LABEL: 'Authentik',
        RALF_PUBLIC_URL: 'http://ralf.test',
      },
      { clock: systemClock },
    );
  });
  afterAll(async () => {
    await t?.stop();
    await idp?.stop();
  });

  /** The browser's round trip: ralf-ui → provider → ralf-ui, carrying the state cookie. */
  async function roundTrip(tamper?: (callback: URL) => void) {
    const start = await t.app.inject('/auth/oidc/start?next=/fleet');
    expect(start.statusCode).toBe(302);
    const state = start.cookies.find((c) => c.name === 'ralf_oidc_state')!;
    expect(state).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const atIdp = await fetch(start.headers.location as string, { redirect: 'manual' });
    const callback = new URL(atIdp.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe('http://ralf.test/auth/oidc/callback');
    tamper?.(callback);
    return t.app.inject({ url: callback.pathname + callback.search, cookies: { ralf_oidc_state: state.value } });
  }

  it('declares its two routes public (the browser is not signed in yet)', () => {
    const oidcRoutes = t.routes().filter((r) => r.url.startsWith('/auth/') && r.method === 'GET');
    expect(oidcRoutes.map((r) => [r.url, r.access])).toEqual([
      ['/auth/oidc/start', 'public'],
      ['/auth/oidc/callback', 'public'],
    ]);
  });

  it('names the provider on the sign-in page', async () => {
    expect((await t.app.inject('/trpc/auth.options')).json().result.data.oidc).toEqual({ label: 'Authentik' });
  });

  it('signs a user in with the roles their groups map to, and follows the groups at the next sign-in', async () => {
    idp.signInAs({ sub: 'kc-42', preferred_username: 'Alice', name: 'Alice Example', groups: ['ralf-ops', 'staff'] });
    const res = await roundTrip();
    expect(res.statusCode).toBe(302);
    expect(decodeURIComponent(res.headers.location as string)).toBe('/fleet');
    const cookie = res.cookies.find((c) => c.name === 'ralf_session')!;
    const session = (await t.app.inject({ url: '/trpc/auth.session', cookies: { ralf_session: cookie.value } })).json()
      .result.data;
    expect(session.user).toMatchObject({
      username: 'alice',
      displayName: 'Alice Example',
      roles: ['operator'],
      source: 'oidc',
    });

    idp.signInAs({ sub: 'kc-42', preferred_username: 'alice', groups: ['ralf-admins'] });
    const again = await roundTrip();
    const c2 = again.cookies.find((c) => c.name === 'ralf_session')!;
    expect(
      (await t.app.inject({ url: '/trpc/auth.session', cookies: { ralf_session: c2.value } })).json().result.data.user
        .roles,
    ).toEqual(['admin']);
    const events = (await t.services.audit.list({ actor: 'user:alice', limit: 10 })).events.map((e) => e.action);
    expect(events).toEqual(['auth.sign-in', 'user.update', 'auth.sign-in', 'user.create']);
  });

  it('refuses a user whose groups map to no role, and says why on the sign-in page', async () => {
    idp.signInAs({ sub: 'kc-7', preferred_username: 'mallory', groups: ['staff'] });
    const res = await roundTrip();
    expect(res.statusCode).toBe(302);
    // A code the page translates, never text in the address; the reason is in the audit trail.
    expect(res.headers.location).toBe('/sign-in?error=no-role');
    expect(res.cookies.find((c) => c.name === 'ralf_session')).toBeUndefined();
    expect((await t.services.audit.list({ actor: 'user:mallory', limit: 1 })).events[0]).toMatchObject({
      outcome: 'failure',
      details: { via: 'oidc', reason: expect.stringMatching(/no role is mapped from the claim groups/) },
    });
  });

  it('refuses a callback whose state is not the one this browser started with, or a replayed one', async () => {
    idp.signInAs({ sub: 'kc-42', preferred_username: 'alice', groups: ['ralf-view'] });
    const forged = await roundTrip((cb) => cb.searchParams.set('state', 'forged'));
    expect(forged.headers.location).toBe('/sign-in?error=refused');
    expect((await t.services.audit.list({ actor: 'system:oidc', limit: 1 })).events[0]).toMatchObject({
      details: { reason: expect.stringMatching(/state mismatch/) },
    });

    const start = await t.app.inject('/auth/oidc/start');
    const state = start.cookies.find((c) => c.name === 'ralf_oidc_state')!.value;
    const cb = new URL(
      (await fetch(start.headers.location as string, { redirect: 'manual' })).headers.get('location')!,
    );
    const first = await t.app.inject({ url: cb.pathname + cb.search, cookies: { ralf_oidc_state: state } });
    expect(first.cookies.some((c) => c.name === 'ralf_session' && c.value)).toBe(true);
    const replay = await t.app.inject({ url: cb.pathname + cb.search, cookies: { ralf_oidc_state: state } });
    expect(replay.headers.location).toBe('/sign-in?error=refused');
    expect((await t.services.audit.list({ actor: 'system:oidc', limit: 1 })).events[0]).toMatchObject({
      details: { reason: expect.stringMatching(/already used/) },
    });
  });

  it("shows the provider's refusal as a code, never its text", async () => {
    const res = await t.app.inject(
      '/auth/oidc/callback?error=access_denied&error_description=%3Cb%3ECall%20evil.example%3C%2Fb%3E',
    );
    expect(res.headers.location).toBe('/sign-in?error=provider-denied');
  });

  it('returns only to a path of this app after sign-in, whatever `next` says', async () => {
    for (const next of [
      '/%09/evil.example',
      '//evil.example',
      '/%5Cevil.example',
      'https://evil.example',
      '/\\evil.example',
      '/%0A/evil.example',
    ]) {
      idp.signInAs({ sub: 'kc-42', preferred_username: 'alice', groups: ['ralf-view'] });
      const start = await t.app.inject(`/auth/oidc/start?next=${next}`);
      const state = start.cookies.find((c) => c.name === 'ralf_oidc_state')!.value;
      const cb = new URL(
        (await fetch(start.headers.location as string, { redirect: 'manual' })).headers.get('location')!,
      );
      const back = await t.app.inject({ url: cb.pathname + cb.search, cookies: { ralf_oidc_state: state } });
      expect(back.headers.location, next).toBe('/');
    }
  });

  it('makes the redirect URI from RALF_PUBLIC_URL, never from the Host a request names', async () => {
    const start = await t.app.inject({
      url: '/auth/oidc/start',
      headers: { host: 'ralf.test', 'x-forwarded-host': 'evil.example' },
    });
    expect(new URL(start.headers.location as string).searchParams.get('redirect_uri')).toBe(
      'http://ralf.test/auth/oidc/callback',
    );
    // A name that is neither loopback, an address, the public URL's nor an allowed one gets no answer.
    expect((await t.app.inject({ url: '/auth/oidc/start', headers: { host: 'evil.example' } })).statusCode).toBe(403);
  });

  it('keeps local sign-in working beside it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': 'application/json' },
      payload: { username: 'admin', password: 'local admin pw' },
    });
    expect(res.statusCode).toBe(200);
  });
});
