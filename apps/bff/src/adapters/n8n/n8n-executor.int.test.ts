import { englishText } from '@ralf/shared';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../ports';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { createToken } from '../../../test/ingest-client';
import { startN8nStub } from '../../../test/n8n-stub';
import { until } from '../../../test/until';

const SECRET = 'n8n-shared-secret-for-tests';
const params = (name: string) => ({
  name,
  node: 'auto' as const,
  kind: 'lxc' as const,
  cores: 1,
  memoryMiB: 512,
  diskGiB: 4,
  vlan: null,
  settings: { adminToken: 'super-secret-admin-token' },
});

describe('the n8n executor against a webhook on loopback', () => {
  let n8n: Awaited<ReturnType<typeof startN8nStub>>;
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let op: Awaited<ReturnType<typeof callerAs>>;
  let token: Awaited<ReturnType<typeof createToken>>;
  let n = 0;
  beforeAll(async () => {
    n8n = await startN8nStub();
    t = await buildTestApp(
      'postgres',
      {
        RALF_DEMO_ACCOUNTS: 'on',
        N8N_WEBHOOK_URL: n8n.url,
        N8N_WEBHOOK_SECRET: SECRET,
        N8N_TIMEOUT: '300ms',
        N8N_CALLBACK_TIMEOUT: '1s',
        RALF_DISPATCH_RETRY_FOR: '1s',
        RALF_PUBLIC_URL: 'http://ralf.test',
      },
      { clock: systemClock, retryBaseMs: 40 },
    );
    op = await callerAs(t, 'operator');
    token = await createToken(t.app, { name: 'n8n', scopes: ['ingest:deployments'] });
  });
  afterAll(async () => {
    await t?.stop();
    await n8n?.stop();
  });
  beforeEach(() => n8n.answer('ok'));
  const deploy = () =>
    op.deployments.create({
      templateId: 'vaultwarden',
      params: params(`vw-${++n}`),
      idempotencyKey: `n8n-test-${n}-key`,
    });
  const byId = (id: string) => op.deployments.byId({ id });
  const callback = (id: string, events: unknown[]) =>
    t.app.inject({
      method: 'POST',
      url: `/api/ingest/v1/deployments/${id}/events`,
      headers: { authorization: `Bearer ${token.secret}`, 'content-type': 'application/json' },
      payload: { events },
    });

  it('posts a signed webhook once, then follows the callbacks forward and absorbs duplicates and late ones', async () => {
    const before = n8n.calls.length;
    const d = await deploy();
    const call = await until('webhook', async () => n8n.calls[before]);
    const [, ts, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(call.headers['x-ralf-signature']))!;
    expect(createHmac('sha256', SECRET).update(`${ts}.${call.body}`).digest('hex')).toBe(mac);
    // The executor's key is the deployment's own (browsers' keys are unique per requester only).
    expect(call.headers['idempotency-key']).toBe(`deployment:${d.id}`);
    const body = JSON.parse(call.body);
    expect(body).toMatchObject({
      deploymentId: d.id,
      template: 'vaultwarden',
      callbackUrl: `http://ralf.test/api/ingest/v1/deployments/${d.id}/events`,
      params: { settings: { adminToken: 'super-secret-admin-token' } },
    });
    expect((await byId(d.id)).status).toBe('queued');

    expect(
      (await callback(d.id, [{ id: 'cb-1', status: 'provisioning', message: 'creating the LXC' }])).statusCode,
    ).toBe(200);
    const done = await callback(d.id, [{ id: 'cb-2', status: 'succeeded', message: 'all green' }]);
    const again = await callback(d.id, [{ id: 'cb-2', status: 'succeeded', message: 'all green' }]);
    expect(again.body).toBe(done.body);
    const late = await callback(d.id, [{ id: 'cb-3', status: 'provisioning', message: 'late' }]);
    expect(late.statusCode).toBe(200);
    const final = await byId(d.id);
    expect(final.status).toBe('succeeded');
    expect(final.phases.map((p) => p.status)).toEqual([
      'checking',
      'queued',
      'provisioning',
      'configuring',
      'verifying',
      'succeeded',
    ]);
    expect(final.params.settings.adminToken).toBe('••••');
    expect(
      JSON.stringify((await t.services.audit.list({ action: 'deployment.create', limit: 1 })).events),
    ).not.toContain('super-secret-admin-token');
    expect(n8n.calls.length).toBe(before + 1);
  });

  it('hands an approved plan to the same webhook and applies it when n8n reports it done', async () => {
    const agent = await createToken(t.app, { name: 'a-plan', scopes: ['ingest:plans'] });
    const guest = (await t.services.fleet.guest('lxc/211')).guest;
    const to = guest.nodeId === 'node/pve2' ? 'node/pve1' : 'node/pve2';
    const plan = {
      key: 'n8n-plan',
      trigger: 'load_shift',
      summary: 'move the wiki',
      risk: 'low',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      actions: [{ type: 'migrate', guestId: 'lxc/211', from: guest.nodeId, to }],
      simulation: {
        nodes: ['node/pve1', 'node/pve2', 'node/pve3'].map((nodeId) => ({
          nodeId,
          cpuBefore: 0.2,
          cpuAfter: 0.2,
          memBefore: 0.5,
          memAfter: 0.5,
        })),
      },
    };
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/v1/plans',
      headers: { authorization: `Bearer ${agent.secret}`, 'content-type': 'application/json' },
      payload: plan,
    });
    const { planId } = sent.json();
    const before = n8n.calls.length;
    await (await callerAs(t, 'approver')).plans.decide({ id: planId, decision: 'approve', revision: 1 });
    const call = await until('plan webhook', async () => n8n.calls[before]);
    expect(call.headers['idempotency-key']).toBe(`plan:${planId}:1`);
    expect(JSON.parse(call.body)).toMatchObject({
      kind: 'plan',
      planId,
      revision: 1,
      actions: plan.actions,
      callbackUrl: `http://ralf.test/api/ingest/v1/plans/${planId}/events`,
    });
    const report = (events: unknown[]) =>
      t.app.inject({
        method: 'POST',
        url: `/api/ingest/v1/plans/${planId}/events`,
        headers: { authorization: `Bearer ${agent.secret}`, 'content-type': 'application/json' },
        payload: { events },
      });
    expect((await report([{ id: 'p-1', status: 'applying', message: 'qm migrate 211 running' }])).statusCode).toBe(200);
    expect((await report([{ id: 'p-2', status: 'applied', message: 'migrated' }])).statusCode).toBe(200);
    const done = await t.services.plans.get(planId, 'user:approver');
    expect(done.status).toBe('applied');
    expect(done.log.map((l) => englishText(l.message))).toContain('qm migrate 211 running');
    expect((await t.services.fleet.guest('lxc/211')).guest.nodeId).toBe(to);
    expect(n8n.calls.length).toBe(before + 1);
  });

  it("moves a plan whose webhook gets no answer to 'dispatch unknown', then 'needs attention', and lets an admin retry or mark it failed", async () => {
    const agent = await createToken(t.app, { name: 'a-plan-hang', scopes: ['ingest:plans'] });
    const admin = await callerAs(t, 'admin');
    const approver = await callerAs(t, 'approver');
    const submit = async (key: string, guestId: string) => {
      const guest = (await t.services.fleet.guest(guestId)).guest;
      const to = guest.nodeId === 'node/pve2' ? 'node/pve1' : 'node/pve2';
      const plan = {
        key,
        trigger: 'load_shift',
        summary: `move ${guestId}`,
        risk: 'low',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        actions: [{ type: 'migrate', guestId, from: guest.nodeId, to }],
        simulation: {
          nodes: ['node/pve1', 'node/pve2', 'node/pve3'].map((nodeId) => ({
            nodeId,
            cpuBefore: 0.2,
            cpuAfter: 0.2,
            memBefore: 0.5,
            memAfter: 0.5,
          })),
        },
      };
      const { planId } = (
        await t.app.inject({
          method: 'POST',
          url: '/api/ingest/v1/plans',
          headers: { authorization: `Bearer ${agent.secret}`, 'content-type': 'application/json' },
          payload: plan,
        })
      ).json();
      await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
      return planId as string;
    };
    const status = async (id: string) => (await t.services.plans.get(id, 'user:admin')).status;

    n8n.answer('hang');
    const before = n8n.calls.length;
    const planId = await submit('n8n-plan-hang', 'lxc/209');
    await until('dispatch unknown', async () => (await status(planId)) === 'dispatch_unknown');
    await until('needs attention', async () => (await status(planId)) === 'needs_attention', 5000);
    // Apply now and reject are not the way out; an admin's retry is, with the same key.
    n8n.answer('ok');
    await admin.plans.retryDelivery({ id: planId, revision: 1, reason: 'n8n was restarted' });
    await until('second delivery', async () => n8n.calls.length >= before + 2);
    expect(new Set(n8n.calls.slice(before).map((c) => c.headers['idempotency-key']))).toEqual(
      new Set([`plan:${planId}:1`]),
    );
    const retried = await t.services.plans.get(planId, 'user:admin');
    expect(retried.status).toBe('applying');
    expect(
      retried.log
        .filter((l) => /^delivery \d to n8n/.test(englishText(l.message)))
        .map((l) => englishText(l.message).slice(0, 10)),
    ).toEqual(['delivery 1', 'delivery 2']);
    expect(retried.deliveries).toBe(2);

    n8n.answer('hang');
    const second = await submit('n8n-plan-hang-2', 'lxc/215');
    await until('dispatch unknown again', async () => (await status(second)) === 'dispatch_unknown');
    const failed = await admin.plans.markFailed({ id: second, revision: 1, reason: 'migrated by hand instead' });
    expect(failed.status).toBe('failed');
    expect((await t.services.plans.get(second, 'user:admin')).error).toBe(
      'marked failed by user:admin: migrated by hand instead',
    );
    await expect(admin.plans.markFailed({ id: second, revision: 1, reason: 'again' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const actions = (await t.services.audit.list({ subject: `plan/${second}`, limit: 10 })).events.map((e) => e.action);
    expect(actions).toContain('plan.mark-failed');
    n8n.answer('ok');
  });

  it('retries a 500 with backoff and the same idempotency key, until n8n takes it', async () => {
    n8n.answer('ok', 'error500', 'error500');
    const before = n8n.calls.length;
    const d = await deploy();
    await until('third call', async () => n8n.calls.length >= before + 3);
    const calls = n8n.calls.slice(before);
    expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThan(calls[1]!.at - calls[0]!.at - 30);
    const log = (await byId(d.id)).log.map((l) => englishText(l.message)).join('\n');
    expect(log).toMatch(/dispatch attempt 1 failed \(n8n answered 500/);
    expect((await byId(d.id)).status).toBe('queued');
  });

  it('waits for a slow answer inside the timeout, and takes it as accepted', async () => {
    n8n.answer('slow');
    const before = n8n.calls.length;
    const d = await deploy();
    await until('logged hand-over', async () =>
      (await byId(d.id)).log.some((l) => englishText(l.message).startsWith('handed to n8n')),
    );
    expect((await byId(d.id)).status).toBe('queued');
    expect(n8n.calls.length).toBe(before + 1);
  });

  it('fails at once on a 4xx (an inactive workflow), showing the answer', async () => {
    n8n.answer('notFound');
    const before = n8n.calls.length;
    const d = await deploy();
    const failed = await until('failed', async () => (await byId(d.id)).status === 'failed' && byId(d.id));
    expect(failed.error).toMatch(/n8n answered 404: .*not registered/);
    expect(n8n.calls.length).toBe(before + 1);
  });

  it('retries a failing n8n with backoff for the whole retry window, then fails for good, saying so', async () => {
    n8n.answer('error500');
    const before = n8n.calls.length;
    const started = Date.now();
    const d = await deploy();
    const failed = await until('failed', async () => (await byId(d.id)).status === 'failed' && byId(d.id), 20_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const attempts = Number(
      /could not take it within 1 second \((\d+) attempts\): n8n answered 500/.exec(failed.error ?? '')?.[1],
    );
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(n8n.calls.length).toBe(before + attempts);
    // Each delivery was recorded before it was made.
    expect(failed.log.filter((l) => /^delivery \d+ to n8n/.test(englishText(l.message)))).toHaveLength(attempts);
  });

  it('shows "dispatch unknown" on a timeout, "needs attention" when no callback comes, and a late callback still settles it', async () => {
    n8n.answer('hang');
    const d = await deploy();
    await until('dispatch unknown', async () => (await byId(d.id)).status === 'dispatch_unknown');
    await until('needs attention', async () => (await byId(d.id)).status === 'needs_attention', 5000);
    expect(
      (await callback(d.id, [{ id: 'late-ok', status: 'succeeded', message: 'it worked after all' }])).statusCode,
    ).toBe(200);
    expect((await byId(d.id)).status).toBe('succeeded');
  });
});
