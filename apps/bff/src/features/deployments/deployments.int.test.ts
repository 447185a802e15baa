import { DEPLOYMENT_STATUSES, TRANSITIONS, type DeploymentStatus } from '@ralf/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../adapters/ports';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';

const params = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  node: 'auto' as const,
  kind: 'lxc' as const,
  cores: 2,
  memoryMiB: 2048,
  diskGiB: 16,
  vlan: null,
  settings: {},
  ...over,
});

describe.each(DB_KINDS)('deployments on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let op: Awaited<ReturnType<typeof callerAs>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, {}, { clock: systemClock });
    op = await callerAs(t, 'operator');
  });
  afterAll(async () => t?.stop());
  const done = (id: string) =>
    until(`deployment ${id} final`, async () => {
      const d = await op.deployments.byId({ id });
      return ['succeeded', 'failed', 'cancelled'].includes(d.status) && d;
    });

  it('holds exactly the legal transitions in the database, and refuses the others there', async () => {
    const rows = await sql<{
      from_status: string;
      to_status: string;
    }>`select from_status, to_status from ralf.deployment_transition`.execute(t.db.db);
    const table = Object.fromEntries(
      DEPLOYMENT_STATUSES.map((s) => [
        s,
        rows.rows
          .filter((r) => r.from_status === s)
          .map((r) => r.to_status)
          .sort(),
      ]),
    );
    expect(table).toEqual(Object.fromEntries(DEPLOYMENT_STATUSES.map((s) => [s, [...TRANSITIONS[s]].sort()])));
    const d = await op.deployments.create({
      templateId: 'uptime-kuma',
      params: params('sm-probe'),
      idempotencyKey: 'sm-probe-key',
    });
    await done(d.id);
    const illegal: [DeploymentStatus, DeploymentStatus][] = [
      ['succeeded', 'queued'],
      ['succeeded', 'failed'],
    ];
    for (const [, to] of illegal) {
      await expect(sql`update ralf.deployment set status = ${to} where id = ${d.id}`.execute(t.db.db)).rejects.toThrow(
        /illegal deployment transition succeeded -> /,
      );
    }
    // Every pair not in the table, tried on a row put in the from-state behind the trigger's back.
    await sql`alter table ralf.deployment disable trigger deployment_transition_check`.execute(t.db.db);
    let refused = 0;
    try {
      for (const from of DEPLOYMENT_STATUSES) {
        for (const to of DEPLOYMENT_STATUSES) {
          if (from === to || TRANSITIONS[from].includes(to)) continue;
          await sql`alter table ralf.deployment disable trigger deployment_transition_check`.execute(t.db.db);
          await sql`update ralf.deployment set status = ${from} where id = ${d.id}`.execute(t.db.db);
          await sql`alter table ralf.deployment enable trigger deployment_transition_check`.execute(t.db.db);
          await expect(
            sql`update ralf.deployment set status = ${to} where id = ${d.id}`.execute(t.db.db),
          ).rejects.toThrow(/illegal deployment transition/);
          refused++;
        }
      }
    } finally {
      await sql`alter table ralf.deployment enable trigger deployment_transition_check`.execute(t.db.db);
      await sql`alter table ralf.deployment disable trigger deployment_transition_check`.execute(t.db.db);
      await sql`update ralf.deployment set status = 'succeeded' where id = ${d.id}`.execute(t.db.db);
      await sql`alter table ralf.deployment enable trigger deployment_transition_check`.execute(t.db.db);
    }
    expect(refused).toBe(100 - 10 - Object.values(TRANSITIONS).flat().length);
  });

  it('deploys Jellyfin with automatic placement through every phase, and the guest joins the fleet', async () => {
    const pre = await op.deployments.preflight({ templateId: 'jellyfin', params: params('jellyfin2') });
    expect(pre.ok).toBe(true);
    expect(pre.placement[0]!.eligible).toBe(true);
    expect(pre.nodeId).toBe(pre.placement[0]!.nodeId);
    const d = await op.deployments.create({
      templateId: 'jellyfin',
      params: params('jellyfin2', { settings: { hwAccel: true } }),
      idempotencyKey: 'jellyfin-key-1',
    });
    expect(d.status).toBe('queued');
    const final = await done(d.id);
    expect(final.status).toBe('succeeded');
    expect(final.phases.map((p) => p.status)).toEqual([
      'checking',
      'queued',
      'provisioning',
      'configuring',
      'verifying',
      'succeeded',
    ]);
    expect(final.guestId).toMatch(/^lxc\/\d+$/);
    // Why it went where it went: the deployment's own trail.
    const trail = await op.trails.byId({ id: `deployment/${final.id}` });
    expect(trail.chain.map((e) => e.kind)).toEqual(['trigger', 'decision', 'action', 'outcome']);
    expect(trail).toMatchObject({
      trigger: 'operator_request',
      outcome: 'succeeded',
      title: 'user:operator möchte Jellyfin als jellyfin2 bereitstellen',
    });
    // ralf-ui writes its own trail events in RALF_LANGUAGE, German by default (issue 18).
    expect(trail.chain[1]!.title).toBe(`jellyfin2 auf ${final.nodeId!.slice(5)} platzieren`);
    expect(trail.chain[1]!.alternatives.length).toBeGreaterThan(0);
    expect(trail.subjects).toContain(final.guestId);
    const guest = await op.fleet.guest({ id: final.guestId! });
    expect(guest.guest).toMatchObject({ name: 'jellyfin2', nodeId: pre.nodeId, status: 'running', cores: 2 });
    const [audit] = (await t.services.audit.list({ action: 'deployment.create', limit: 1 })).events;
    expect(audit).toMatchObject({
      actor: 'user:operator',
      after: { template: 'jellyfin', name: 'jellyfin2', settings: { hwAccel: true } },
    });
  });

  it('makes one deployment of 20 identical requests sent at once', async () => {
    const body = { templateId: 'uptime-kuma', params: params('kuma-once'), idempotencyKey: 'same-key-20' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => op.deployments.create(body)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect((await op.deployments.list({})).filter((d) => d.name === 'kuma-once')).toHaveLength(1);
    await done(answers[0]!.id);
  });

  it("keeps idempotency keys per requester: another's key is another deployment, and a key reused for something else is refused", async () => {
    const first = await op.deployments.create({
      templateId: 'uptime-kuma',
      params: params('kuma-key-a'),
      idempotencyKey: 'shared-browser-key',
    });
    const other = await callerAs(t, 'admin');
    const theirs = await other.deployments.create({
      templateId: 'uptime-kuma',
      params: params('kuma-key-b'),
      idempotencyKey: 'shared-browser-key',
    });
    expect(theirs.id).not.toBe(first.id);
    expect(theirs.name).toBe('kuma-key-b');
    await expect(
      op.deployments.create({
        templateId: 'uptime-kuma',
        params: params('kuma-key-c'),
        idempotencyKey: 'shared-browser-key',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: /was used for another deployment request/ });
    expect(
      (
        await op.deployments.create({
          templateId: 'uptime-kuma',
          params: params('kuma-key-a'),
          idempotencyKey: 'shared-browser-key',
        })
      ).id,
    ).toBe(first.id);
    await done(first.id);
    await done(theirs.id);
  });

  it('refuses a second deployment to a name that is being deployed, naming the running one', async () => {
    const first = await op.deployments.create({
      templateId: 'gitea',
      params: params('gitea2'),
      idempotencyKey: 'gitea-key-a',
    });
    await expect(
      op.deployments.create({ templateId: 'gitea', params: params('gitea2'), idempotencyKey: 'gitea-key-b' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: new RegExp(first.id) });
    await expect(
      op.deployments.create({ templateId: 'gitea', params: params('jellyfin'), idempotencyKey: 'gitea-key-c' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: /a guest named jellyfin exists/ });
    await done(first.id);
  });

  it('fails a template set to fail, shows why, and retries it as a new deployment', async () => {
    const d = await op.deployments.create({
      templateId: 'broken-demo',
      params: params('broken1'),
      idempotencyKey: 'broken-1',
    });
    const failed = await done(d.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/configuring failed/);
    // It entered configuring and failed in it, as a real executor would report.
    expect(failed.phases.map((p) => p.status)).toEqual(['checking', 'queued', 'provisioning', 'configuring', 'failed']);
    const retry = await op.deployments.create({
      templateId: 'broken-demo',
      params: params('broken1', { settings: { fail: false } }),
      idempotencyKey: 'broken-1-retry',
      retryOf: d.id,
    });
    expect(retry.retryOf).toBe(d.id);
    expect((await done(retry.id)).status).toBe('succeeded');
    await expect(
      op.deployments.create({
        templateId: 'uptime-kuma',
        params: params('again'),
        idempotencyKey: 'retry-of-success',
        retryOf: retry.id,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('cancels a running deployment; its later steps are absorbed', async () => {
    const d = await op.deployments.create({
      templateId: 'immich',
      params: params('immich2'),
      idempotencyKey: 'immich-1',
    });
    const cancelled = await op.deployments.cancel({ id: d.id });
    expect(cancelled.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 300));
    const after = await op.deployments.byId({ id: d.id });
    expect(after.status).toBe('cancelled');
    expect(after.guestId).toBeNull();
    await expect(op.deployments.cancel({ id: d.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    // Its trail ends as cancelled, its own outcome: nobody reads a cancel as a failure.
    const trail = await op.trails.byId({ id: `deployment/${d.id}` });
    expect(trail.outcome).toBe('cancelled');
    expect((await op.trails.list({ outcome: 'cancelled' })).items.map((x) => x.id)).toContain(`deployment/${d.id}`);
  });

  it('refuses bad parameters, an unknown node and an unknown template, storing nothing', async () => {
    const before = (await op.deployments.list({ limit: 500 })).length;
    const bad = [
      { templateId: 'jellyfin', params: params('neg', { memoryMiB: -1 }) },
      { templateId: 'jellyfin', params: params('has space') },
      { templateId: 'jellyfin', params: params('x'.repeat(300)) },
      { templateId: 'jellyfin', params: { ...params('extra'), extra: 1 } },
      { templateId: 'jellyfin', params: params('setting', { settings: { mediaPath: 'relative/path' } }) },
      { templateId: 'jellyfin', params: params('unknown-setting', { settings: { turbo: true } }) },
      { templateId: 'jellyfin', params: params('nowhere', { node: 'node/nowhere' }) },
      { templateId: 'no-such-app', params: params('missing') },
    ];
    for (const [i, b] of bad.entries()) {
      await expect(op.deployments.create({ ...b, idempotencyKey: `bad-input-${i}` })).rejects.toMatchObject({
        code: expect.stringMatching(/BAD_REQUEST|NOT_FOUND/),
      });
    }
    expect((await op.deployments.list({ limit: 500 })).length).toBe(before);
  });

  it('lists the catalog, with the demo template only in demo mode', async () => {
    const c = await op.deployments.catalog();
    expect(c.templates.map((x) => x.id)).toEqual(
      expect.arrayContaining([
        'jellyfin',
        'nextcloud',
        'home-assistant',
        'paperless-ngx',
        'uptime-kuma',
        'immich',
        'vaultwarden',
        'gitea',
        'broken-demo',
      ]),
    );
    expect(c.errors).toEqual([]);
  });

  it('opens the form with a name that is free: not a guest, not a deployment under way', async () => {
    expect((await op.deployments.catalog()).freeNames['vaultwarden']).toBe('vaultwarden-2');
    const d = await op.deployments.create({
      templateId: 'vaultwarden',
      params: params('vaultwarden-2'),
      idempotencyKey: 'free-name-key',
    });
    expect((await op.deployments.catalog()).freeNames['vaultwarden']).toBe('vaultwarden-3');
    expect((await op.deployments.catalog()).freeNames['broken-demo']).toBe('broken-demo');
    await done(d.id);
  });
});
