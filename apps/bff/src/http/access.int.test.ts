import { initTRPC } from '@trpc/server';
import type { Role } from '@ralf/shared';
import { TRPCError } from '@trpc/server';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../trpc/app-router';
import { accessTable, createCallerFactory, procedure, router, type Access } from '../trpc/trpc';
import { buildTestApp, contextAs, signInHeaders } from '../../test/build-test-app';
import { DB_KINDS } from '../../test/test-db';
import { installAccessControl, type RouteAccess } from './access';

/**
 * The permission table, written out here on purpose: changing who may do what must change
 * this test too. Every procedure of the app router is listed; a new one fails the test until
 * it is added.
 */
const PROCEDURES: Record<string, Access> = {
  'system.info': 'public',
  'auth.options': 'public',
  'auth.session': 'public',
  'auth.signIn': 'public',
  'auth.setup': 'public',
  'auth.signOut': 'signed-in',
  'auth.changePassword': 'signed-in',
  'fleet.summary': 'read',
  'fleet.list': 'read',
  'fleet.sparklines': 'read',
  'fleet.node': 'read',
  'fleet.guest': 'read',
  'fleet.series': 'read',
  'backups.overview': 'read',
  'fleet.storage': 'read',
  'fleet.disagreements': 'read',
  'backups.guest': 'read',
  'backups.flags': 'read',
  'backups.summary': 'read',
  'tasks.act': 'deploy',
  'tasks.bulk': 'deploy',
  'tasks.control': 'read',
  'tasks.forGuest': 'read',
  'tasks.recent': 'read',
  'tasks.log': 'read',
  'tasks.planChecks': 'read',
  'search.find': 'read',
  'services.list': 'read',
  'services.get': 'read',
  'alerts.state': 'read',
  'alerts.silence': 'deploy',
  'alerts.unsilence': 'deploy',
  'discovered.list': 'read',
  'discovered.decide': 'deploy',
  'notifications.overview': 'admin',
  'notifications.test': 'admin',
  'notifications.failing': 'read',
  'notifications.saveChannel': 'admin',
  'notifications.removeChannel': 'admin',
  'matrixLink.get': 'signed-in',
  'matrixLink.start': 'signed-in',
  'matrixLink.verify': 'signed-in',
  'matrixLink.unlink': 'signed-in',
  'users.list': 'admin',
  'users.create': 'admin',
  'users.update': 'admin',
  'users.resetPassword': 'admin',
  'tokens.list': 'admin',
  'tokens.create': 'admin',
  'tokens.revoke': 'admin',
  'audit.list': 'read',
  'audit.verify': 'read',
  'ingest.traffic': 'admin',
  'live.onChange': 'read',
  'deployments.catalog': 'read',
  'deployments.preflight': 'read',
  'deployments.list': 'read',
  'deployments.byId': 'read',
  'deployments.create': 'deploy',
  'deployments.cancel': 'deploy',
  'plans.list': 'read',
  'plans.summary': 'read',
  'plans.byId': 'read',
  'plans.actions': 'read',
  'plans.compare': 'read',
  'plans.outcome': 'read',
  'plans.settings': 'read',
  'plans.decide': 'decide',
  'plans.propose': 'deploy',
  'plans.overridePolicy': 'admin',
  'plans.applyNow': 'admin',
  'plans.retryDelivery': 'admin',
  'plans.markFailed': 'admin',
  'plans.updateSettings': 'admin',
  'trails.list': 'read',
  'trails.byId': 'read',
  'loops.list': 'read',
  'loops.summary': 'read',
  'loops.runNow': 'deploy',
  'loops.pause': 'deploy',
  'loops.resume': 'deploy',
  'findings.report': 'read',
  'findings.summary': 'read',
  'bots.list': 'read',
  'bots.summary': 'read',
  'architecture.graph': 'read',
  'architecture.status': 'read',
  'architecture.physical': 'read',
};

const ROUTES: Record<string, RouteAccess> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'GET /demo-lab/metrics': 'public',
  'GET /demo-lab/http/:vmid': 'public',
  // The demo lab's Proxmox VE API: public to ralf-ui's own access control, guarded by its own API token.
  'GET /demo-lab/pve/api2/json/version': 'public',
  'GET /demo-lab/pve/api2/json/access/permissions': 'public',
  'GET /demo-lab/pve/api2/json/cluster/status': 'public',
  'GET /demo-lab/pve/api2/json/nodes': 'public',
  'GET /demo-lab/pve/api2/json/cluster/resources': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/status': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/qemu/:vmid/config': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/lxc/:vmid/config': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/qemu/:vmid/agent/network-get-interfaces': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/lxc/:vmid/interfaces': 'public',
  'GET /demo-lab/pve/api2/json/cluster/backup': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/disks/list': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/rrddata': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/qemu/:vmid/rrddata': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/lxc/:vmid/rrddata': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/disks/zfs': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/storage/:storage/content': 'public',
  'GET /demo-lab/pve/api2/json/cluster/tasks': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/tasks': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/tasks/:upid/status': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/tasks/:upid/log': 'public',
  'POST /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/status/:action': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/snapshot': 'public',
  'POST /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/snapshot': 'public',
  'POST /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/snapshot/:name/rollback': 'public',
  'DELETE /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/snapshot/:name': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/storage': 'public',
  'POST /demo-lab/pve/api2/json/nodes/:node/vzdump': 'public',
  'GET /demo-lab/pve/api2/json/cluster/nextid': 'public',
  'POST /demo-lab/pve/api2/json/nodes/:node/qemu/:vmid/clone': 'public',
  'GET /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/migrate': 'public',
  'POST /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/migrate': 'public',
  'POST /demo-lab/pve/api2/json/nodes/:node/qemu/:vmid/config': 'public',
  'PUT /demo-lab/pve/api2/json/nodes/:node/lxc/:vmid/config': 'public',
  'PUT /demo-lab/pve/api2/json/nodes/:node/:type/:vmid/resize': 'public',
  'GET /demo-lab/pbs/api2/json/version': 'public',
  'GET /demo-lab/pbs/api2/json/access/permissions': 'public',
  'GET /demo-lab/pbs/api2/json/admin/datastore': 'public',
  'GET /demo-lab/pbs/api2/json/status/datastore-usage': 'public',
  'GET /demo-lab/pbs/api2/json/admin/datastore/:store/namespace': 'public',
  'GET /demo-lab/pbs/api2/json/admin/datastore/:store/snapshots': 'public',
  'GET /api/audit/export': 'read',
  'GET /api/ingest/v1/token': { token: 'any' },
  'GET /api/ingest/openapi.json': 'public',
  'POST /api/ingest/v1/inventory/events': { token: 'ingest:inventory' },
  'POST /api/ingest/v1/inventory/snapshot': { token: 'ingest:inventory' },
  'POST /api/ingest/v1/deployments/:id/events': { token: 'ingest:deployments' },
  'POST /api/ingest/v1/plans': { token: 'ingest:plans' },
  'POST /api/ingest/v1/plans/:id/events': { token: 'ingest:plans' },
  'POST /api/ingest/v1/trails': { token: 'ingest:trails' },
  'POST /api/ingest/v1/loops': { token: 'ingest:loops' },
  'GET /api/ingest/v1/loops/:id/state': { token: 'ingest:loops' },
  'POST /api/ingest/v1/findings': { token: 'ingest:findings' },
  'GET /api/findings/export': 'read',
  'GET /api/trails/export': 'read',
  // tRPC's endpoint takes every method; the access middleware decides per procedure.
  'ALL /trpc/:path': 'trpc',
};

/** What each role may do, as DESIGN.md §8 and issue 3 say (not read from the code under test). */
const GRANTS: Record<Role, Access[]> = {
  viewer: ['read'],
  operator: ['read', 'deploy'],
  approver: ['read', 'decide'],
  admin: ['read', 'deploy', 'admin'],
};

const kuma = (name: string) => ({
  name,
  node: 'auto' as const,
  kind: 'lxc' as const,
  cores: 1,
  memoryMiB: 512,
  diskGiB: 4,
  vlan: null,
  settings: {},
});

const allowed = (role: Role | null, access: Access) =>
  access === 'public' || (role !== null && (access === 'signed-in' || GRANTS[role].includes(access)));

describe('every procedure and route declares its access', () => {
  it('lists each tRPC procedure with exactly the access of the permission table', () => {
    expect(accessTable(appRouter)).toEqual(PROCEDURES);
  });

  it('refuses to register a procedure that declares no access', () => {
    const foreign = initTRPC.create().procedure.query(() => 'secret');
    expect(() => router({ ok: procedure('read').query(() => 1), leak: foreign })).toThrow(
      /without a declared access: leak/,
    );
  });

  it('refuses to serve a Fastify route that declares no access', async () => {
    const app = Fastify();
    installAccessControl(app, { auth: {} as never, tokens: {} as never }, { publicOrigin: null });
    app.get('/classified', { config: { access: 'public' } }, async () => 'ok');
    app.get('/unclassified', async () => 'leak');
    await expect(app.ready()).rejects.toThrow(/routes without a declared access: GET \/unclassified/);
  });
});

describe.each(DB_KINDS)('access on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let victimId: string;
  let tokenId: string;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    victimId = (await t.services.users.list()).find((u) => u.username === 'viewer')!.id;
    const admin = await contextAs(t, 'admin');
    tokenId = (
      await createCallerFactory(appRouter)(admin).tokens.create({
        name: 'matrix',
        scopes: ['ingest:inventory'],
        expiresInDays: 1,
      })
    ).token.id;
  });
  afterAll(async () => t?.stop());

  it('classifies every Fastify route as the table says', () => {
    const table = Object.fromEntries(
      t
        .routes()
        .filter((r) => r.method !== 'HEAD')
        .map((r) => [`${r.method.includes(',') ? 'ALL' : r.method} ${r.url}`, r.access]),
    );
    expect(table).toEqual(ROUTES);
  });

  // A valid input per procedure, so that a refusal can only come from the access check.
  let n = 0;
  const inputs: Record<string, () => unknown> = {
    'auth.signIn': () => ({ username: 'viewer', password: 'demo-viewer' }),
    'auth.setup': () => ({ setupToken: 'x', username: 'someone', password: 'long enough pw' }),
    'auth.changePassword': () => ({ current: 'not it', password: 'long enough pw' }),
    'fleet.list': () => ({}),
    'fleet.sparklines': () => ({ ids: ['qemu/200'] }),
    'fleet.node': () => ({ id: 'node/pve1' }),
    'fleet.guest': () => ({ id: 'qemu/200' }),
    'fleet.series': () => ({ id: 'qemu/200', range: '1h' }),
    'backups.guest': () => ({ id: 'qemu/200' }),
    // Refused by the rules (no confirmation), after the access check: the lab is not acted on.
    'tasks.act': () => ({ guestId: 'qemu/200', action: 'stop', idempotencyKey: `matrix-task-${++n}` }),
    'tasks.bulk': () => ({ guestIds: ['qemu/200'], action: 'stop', idempotencyKey: `matrix-bulk-${++n}` }),
    'tasks.control': () => ({ id: 'qemu/200' }),
    'tasks.forGuest': () => ({ id: 'qemu/200' }),
    'tasks.log': () => ({ id: 'no-such-task' }),
    'tasks.planChecks': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    'users.create': () => ({ username: `matrix${++n}`, password: 'long enough pw', roles: ['viewer'] }),
    'users.update': () => ({ id: victimId, displayName: `Viewer ${++n}` }),
    'users.resetPassword': () => ({ id: victimId, password: 'demo-viewer' }),
    'tokens.create': () => ({ name: `matrix-${++n}`, scopes: ['ingest:plans'], expiresInDays: null }),
    'tokens.revoke': () => ({ id: tokenId }),
    'audit.list': () => ({ limit: 5 }),
    'deployments.preflight': () => ({ templateId: 'uptime-kuma', params: kuma(`pf-${++n}`) }),
    'deployments.list': () => ({}),
    'deployments.byId': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    'deployments.create': () => ({
      templateId: 'uptime-kuma',
      params: kuma(`matrix-${++n}`),
      idempotencyKey: `matrix-key-${n}`,
    }),
    'deployments.cancel': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    'plans.list': () => ({}),
    'plans.byId': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    'plans.actions': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    'plans.compare': () => ({ id: '00000000-0000-4000-8000-000000000000', from: 1, to: 2 }),
    'plans.outcome': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
    'plans.decide': () => ({ id: '00000000-0000-4000-8000-000000000000', decision: 'approve', revision: 1 }),
    'plans.propose': () => ({ actions: [{ type: 'migrate', guestId: 'qemu/200', to: 'node/pve1' }] }),
    'plans.overridePolicy': () => ({ id: '00000000-0000-4000-8000-000000000000', revision: 1, reason: 'matrix' }),
    'plans.applyNow': () => ({ id: '00000000-0000-4000-8000-000000000000', revision: 1, reason: 'matrix' }),
    'plans.retryDelivery': () => ({ id: '00000000-0000-4000-8000-000000000000', revision: 1, reason: 'matrix' }),
    'plans.markFailed': () => ({ id: '00000000-0000-4000-8000-000000000000', revision: 1, reason: 'matrix' }),
    'plans.updateSettings': () => ({ approvalsNeeded: 1, windows: [] }),
    'trails.list': () => ({}),
    'trails.byId': () => ({ id: 'no-such-trail' }),
    'loops.runNow': () => ({ id: 'discovery' }),
    'findings.report': () => ({}),
    'loops.pause': () => ({ id: 'discovery', reason: 'matrix probe' }),
    'loops.resume': () => ({ id: 'discovery', reason: 'matrix probe over' }),
  };

  it.each([null, 'viewer', 'operator', 'approver', 'admin'] as const)(
    'gives %s exactly the answers of the permission table',
    async (role) => {
      const outcomes: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const [path, access] of Object.entries(PROCEDURES)) {
        // A fresh session per call: signing out or a password reset must not spoil the next one.
        const ctx = await contextAs(t, role);
        const call = createCallerFactory(appRouter)(ctx) as unknown as Record<
          string,
          Record<string, (i?: unknown) => Promise<unknown>>
        >;
        const [ns, name] = path.split('.') as [string, string];
        let outcome = 'ok';
        try {
          await call[ns]![name]!(inputs[path]?.());
        } catch (err) {
          const code = err instanceof TRPCError ? err.code : 'THROWN';
          outcome = code === 'UNAUTHORIZED' || code === 'FORBIDDEN' ? code : 'ok';
        }
        outcomes[path] = outcome;
        expected[path] = allowed(role, access) ? 'ok' : role === null ? 'UNAUTHORIZED' : 'FORBIDDEN';
      }
      expect(outcomes).toEqual(expected);
    },
  );

  it('runs no mutation without the session CSRF token, whatever the role', async () => {
    const ctx = await contextAs(t, 'admin');
    const call = createCallerFactory(appRouter)({ ...ctx, csrfToken: null });
    await expect(
      call.tokens.create({ name: 'no-csrf', scopes: ['ingest:plans'], expiresInDays: 1 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: /CSRF/ });
    await expect(createCallerFactory(appRouter)({ ...ctx, csrfToken: 'guess' }).auth.signOut()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Queries need no token.
    expect((await call.tokens.list()).some((x) => x.name === 'no-csrf')).toBe(false);
  });

  describe('over HTTP, as a browser sends it', () => {
    const body = JSON.stringify({ name: 'via-http', scopes: ['ingest:plans'], expiresInDays: 1 });
    it('accepts a same-origin JSON mutation with the CSRF token', async () => {
      const h = await signInHeaders(t.app, 'admin');
      const res = await t.app.inject({
        method: 'POST',
        url: '/trpc/tokens.create',
        headers: { ...h, 'content-type': 'application/json', origin: 'http://localhost:80', host: 'localhost:80' },
        payload: body,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().result.data.secret).toMatch(/^ralf_/);
    });

    it('refuses the mutation without the token, as text/plain, as a form, or from another site', async () => {
      const h = await signInHeaders(t.app, 'admin');
      const { 'x-ralf-csrf': _csrf, ...noToken } = h;
      const tries = [
        { name: 'no token', headers: { ...noToken, 'content-type': 'application/json' }, payload: body },
        { name: 'text/plain', headers: { ...h, 'content-type': 'text/plain' }, payload: body },
        { name: 'form', headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' },
        {
          name: 'other origin',
          headers: { ...h, 'content-type': 'application/json', origin: 'https://evil.example' },
          payload: body,
        },
        {
          name: 'cross-site fetch',
          headers: { ...h, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
          payload: body,
        },
      ];
      for (const x of tries) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/trpc/tokens.create',
          headers: x.headers,
          payload: x.payload,
        });
        expect({ name: x.name, status: res.statusCode }).toEqual({ name: x.name, status: 403 });
      }
      expect((await t.services.tokens.list()).filter((x) => x.name === 'via-http')).toHaveLength(1);
    });

    it('answers a signed-out browser with 401 and a viewer on an admin procedure with 403', async () => {
      expect((await t.app.inject('/trpc/fleet.summary')).statusCode).toBe(401);
      const h = await signInHeaders(t.app, 'viewer');
      const res = await t.app.inject({ url: '/trpc/users.list', headers: h });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.data.appError.code).toBe('FORBIDDEN');
      expect((await t.app.inject({ url: '/api/audit/export' })).statusCode).toBe(401);
    });
  });
});
