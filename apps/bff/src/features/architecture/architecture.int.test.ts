import { englishText, messageText, SEED_ARCHITECTURE } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { createToken, ingest } from '../../../test/ingest-client';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';

const postgresGuest = (status: string) => ({
  id: 'lxc/101',
  vmid: 101,
  type: 'lxc',
  nodeId: 'node/pve1',
  name: 'postgresql',
  status,
  cores: 4,
  memoryBytes: 8 * 1024 ** 3,
  diskBytes: 64 * 1024 ** 3,
  tags: ['core', 'db'],
  role: 'core',
});

describe.each(DB_KINDS)('the architecture page on %s', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let viewer: Awaited<ReturnType<typeof callerAs>>;
  let agent: { secret: string };
  beforeAll(async () => {
    t = await buildTestApp(kind);
    viewer = await callerAs(t, 'viewer');
    agent = await createToken(t.app, { name: 'agents', scopes: ['ingest:inventory', 'ingest:trails'] });
    await t.services.bots.check();
  });
  afterAll(async () => t?.stop());

  it('gives the seed’s graph and a status for every box, each with the reason of its sources', async () => {
    expect(await viewer.architecture.graph()).toEqual(SEED_ARCHITECTURE);
    const s = await viewer.architecture.status();
    expect(Object.keys(s.nodes).sort()).toEqual(SEED_ARCHITECTURE.nodes.map((n) => n.id).sort());
    expect([s.nodes.PG!.state, englishText(s.nodes.PG!.reason), messageText('de', s.nodes.PG!.reason)]).toEqual([
      'healthy',
      'PostgreSQL: postgresql (lxc/101) is running and up',
      'PostgreSQL: postgresql (lxc/101) läuft und ist erreichbar',
    ]);
    expect(s.nodes.PG!.sources[0]).toMatchObject({
      kind: 'service',
      id: 'service/postgresql',
      guestId: 'lxc/101',
      // The service's own page (issue 21); the panel links its guest beside it.
      href: '/services/service/postgresql',
    });
    expect(s.nodes.PG!.sources[0]!.cpu).toBeGreaterThan(0);
    // The demo lab's Foreman found nuc-13 (new) and pbs01 (accepted).
    expect([s.nodes.NEWNODE!.state, englishText(s.nodes.NEWNODE!.reason)]).toEqual([
      'degraded',
      '1 new host waiting for a decision: nuc-13',
    ]);
    expect([s.nodes.PBS!.state, englishText(s.nodes.PBS!.reason)]).toEqual([
      'healthy',
      'Proxmox Backup Server pbs01 is in use',
    ]);
    // Ralf-Core names its service and its bot; the demo lab's bots answer.
    expect(s.nodes.RALF!.sources.map((x) => `${x.kind}:${x.id}`)).toEqual([
      'service:service/exo-ralf-core',
      'bot:ralf-core',
    ]);
    // N8N names the main and adaptive loops; with no run yet they cannot tell, and its service can.
    expect(s.nodes.N8N!.sources.filter((x) => x.kind === 'loop').map((x) => x.state)).toEqual(['unknown', 'unknown']);
    expect(s.nodes.N8N!.state).toBe('healthy');
  });

  it('turns a box down when an agent reports its service’s guest stopped, and back when it runs', async () => {
    const send = (id: string, status: string) =>
      ingest(
        t.app,
        'inventory/events',
        { events: [{ id, type: 'guest.upsert', guest: postgresGuest(status) }] },
        agent,
      );
    expect((await send('arch-1', 'stopped')).statusCode).toBe(200);
    const down = await until('PG down', async () => {
      const n = (await viewer.architecture.status()).nodes.PG!;
      return n.state === 'down' && n;
    });
    expect(englishText(down.reason)).toBe('PostgreSQL: postgresql (lxc/101) is stopped');
    const physical = await viewer.architecture.physical();
    expect(physical.nodes.find((n) => n.id === 'node/pve1')!.guests.find((g) => g.id === 'lxc/101')).toMatchObject({
      status: 'stopped',
      health: 'down',
      services: [{ id: 'service/postgresql', name: 'PostgreSQL' }],
    });
    await send('arch-2', 'running');
    await until('PG up again', async () => (await viewer.architecture.status()).nodes.PG!.state === 'healthy');
  });

  it('takes an agent’s health from its last run: a failed trail degrades it', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const res = await ingest(
      t.app,
      'trails',
      {
        events: [
          {
            id: 'arch-t1',
            trailId: 'arch/sec-1',
            kind: 'trigger',
            at,
            agent: 'A_SEC',
            title: 'Rotation due',
            trigger: 'alert',
          },
          {
            id: 'arch-t2',
            trailId: 'arch/sec-1',
            kind: 'outcome',
            at,
            parentId: 'arch-t1',
            agent: 'A_SEC',
            title: 'Rotation failed',
            outcome: 'failed',
          },
        ],
      },
      agent,
    );
    expect(res.statusCode, res.body).toBe(200);
    const sec = (await viewer.architecture.status()).nodes.A_SEC!;
    expect(sec.sources.find((x) => x.kind === 'agent')).toMatchObject({
      state: 'degraded',
      href: '/trails?agent=A_SEC',
    });
    expect(sec.state).toBe('degraded');
  });

  it('draws a pending migration as a ghost edge, and drops it when the plan is rejected', async () => {
    const operator = await callerAs(t, 'operator');
    const { planId } = await operator.plans.propose({
      actions: [{ type: 'migrate', guestId: 'qemu/204', to: 'node/pve1' }],
      summary: 'Move immich off pve3',
    });
    const ghosts = (await viewer.architecture.physical()).ghosts;
    expect(ghosts).toEqual([
      {
        planId,
        planTitle: 'Move immich off pve3',
        planStatus: 'proposed',
        guestId: 'qemu/204',
        from: 'node/pve3',
        to: 'node/pve1',
      },
    ]);
    await (
      await callerAs(t, 'approver')
    ).plans.decide({ id: planId, decision: 'reject', revision: 1, comment: 'not now' });
    expect((await viewer.architecture.physical()).ghosts).toEqual([]);
  });
});
