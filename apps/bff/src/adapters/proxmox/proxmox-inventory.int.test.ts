import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { changeLog } from '../../lib/change-log';
import { createToken, ingest } from '../../../test/ingest-client';
import { BACKUP_POLICY } from '../../features/backups/backups.service';
import { DEMO_CLUSTER, DEMO_PVE_TOKEN } from '../demo-lab/pve-api';

const until = async (what: string, ok: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('a fleet read from a Proxmox VE cluster (the demo lab of another ralf-ui, through its Proxmox API)', () => {
  let lab: Awaited<ReturnType<typeof buildTestApp>>;
  let ui: Awaited<ReturnType<typeof buildTestApp>>;
  const log: string[] = [];
  let url: string;

  beforeAll(async () => {
    lab = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    await lab.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(lab.app.server.address() as AddressInfo).port}/demo-lab/pve`;
    ui = await buildTestApp(
      'pglite',
      {
        PROXMOX_URL: url,
        PROXMOX_TOKEN_ID: DEMO_PVE_TOKEN.tokenId,
        PROXMOX_TOKEN_SECRET: DEMO_PVE_TOKEN.secret,
        PROXMOX_POLL_INTERVAL: '100ms',
        RALF_DEMO_ACCOUNTS: 'on',
        LOG_LEVEL: 'info',
      },
      { log },
    );
  });
  afterAll(async () => {
    await ui?.stop();
    await lab?.stop().catch(() => {});
  });

  it('shows the cluster from the first page on, without the demo lab of its own', async () => {
    expect(ui.lab).toBeNull();
    const inv = await ui.services.fleet.inventory();
    expect(inv.nodes.map((n) => [n.id, n.cluster])).toEqual(lab.lab!.nodes.map((n) => [n.id, DEMO_CLUSTER]));
    expect(inv.guests.map((g) => [g.id, g.nodeId, g.status]).sort()).toEqual(
      lab.lab!.guests.map((g) => [g.id, g.nodeId, g.status]).sort(),
    );
  });

  it('writes nothing and announces nothing while nothing changes, and follows a change within a poll', async () => {
    // The first backup reading (not awaited at start) files its findings; after that, quiet.
    await until(
      'the backup findings',
      async () => (await ui.services.findings.report({ policy: BACKUP_POLICY })).findings.length > 0,
    );
    const before = await changeLog.bounds(ui.db.db);
    await new Promise((r) => setTimeout(r, 500)); // about five polls
    expect(await changeLog.bounds(ui.db.db)).toEqual(before);
    // The guest stops in the lab (whose memory is its stored inventory), as one would in Proxmox.
    const g = lab.lab!.guests.find((x) => x.status === 'running')!;
    await lab.db.db
      .transaction()
      .execute((trx) => lab.services.fleet.updateGuests(trx, [g.id], (x) => void (x.status = 'stopped')));
    await until(
      'the stopped guest',
      async () => (await ui.services.fleet.inventory()).guests.find((x) => x.id === g.id)?.status === 'stopped',
    );
    const after = await changeLog.bounds(ui.db.db);
    expect(after.latest).toBeGreaterThan(before.latest);
    const changes = await changeLog.listAfter(ui.db.db, before.latest, 10);
    expect(changes).toEqual([expect.objectContaining({ topic: 'inventory', kind: 'inventory.sync', subject: g.id })]);
  });

  it("takes an agent's role for a guest Proxmox describes, never its placement, so nothing flaps", async () => {
    const token = await createToken(ui.app, { name: 'a_infra', scopes: ['ingest:inventory'] });
    const g = (await ui.services.fleet.inventory()).guests.find((x) => x.status === 'running' && x.pve)!;
    const elsewhere = (await ui.services.fleet.inventory()).nodes.find((n) => n.id !== g.nodeId)!.id;
    const { updatedAt: _u, pve: _p, ...report } = g;
    const res = await ingest(
      ui.app,
      'inventory/events',
      {
        events: [
          { id: 'agent-1', type: 'guest.upsert', guest: { ...report, nodeId: elsewhere, cores: 64, role: 'media' } },
        ],
      },
      token,
    );
    expect(res.statusCode).toBe(200);
    const after = (await ui.services.fleet.guest(g.id)).guest;
    expect(after).toMatchObject({ nodeId: g.nodeId, cores: g.cores, role: 'media' });
    // The agent's snapshot that leaves the guest out does not remove what Proxmox lists.
    const snap = await ingest(
      ui.app,
      'inventory/snapshot',
      { id: 'agent-2', snapshot: { nodes: [], guests: [] } },
      token,
    );
    expect(snap.statusCode).toBe(200);
    expect((await ui.services.fleet.inventory()).guests.some((x) => x.id === g.id)).toBe(true);
    const quiet = await changeLog.bounds(ui.db.db);
    await new Promise((r) => setTimeout(r, 500)); // about five polls
    expect(await changeLog.bounds(ui.db.db)).toEqual(quiet);
  });

  it('keeps the last inventory when the cluster stops answering, logs it once, and logs its return', async () => {
    const port = (lab.app.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      lab.app.server.close(() => resolve());
      lab.app.server.closeAllConnections();
    });
    // The inventory source's outage (a backup reading still in flight may log its own, once).
    const outage = (l: string) => l.includes('inventory source') && l.includes('is unavailable');
    await until('the outage logged', async () => log.some(outage));
    await new Promise((r) => setTimeout(r, 300));
    expect(log.filter(outage)).toHaveLength(1);
    expect((await ui.services.fleet.inventory()).guests).toHaveLength(lab.lab!.guests.length);
    await new Promise<void>((resolve) => lab.app.server.listen(port, '127.0.0.1', () => resolve()));
    await until('the return logged', () => log.some((l) => l.includes('answers again')));
  });
});

describe('a Proxmox token that is refused', () => {
  it('leaves the fleet empty and says which token was refused', async () => {
    const lab = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    await lab.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(lab.app.server.address() as AddressInfo).port}/demo-lab/pve`;
    const log: string[] = [];
    const ui = await buildTestApp(
      'pglite',
      { PROXMOX_URL: url, PROXMOX_TOKEN_ID: 'ralf@pve!ui', PROXMOX_TOKEN_SECRET: 'not-it', LOG_LEVEL: 'info' },
      { log },
    );
    try {
      expect((await ui.services.fleet.inventory()).guests).toEqual([]);
      expect(log.some((l) => l.includes('the token ralf@pve!ui was refused (401'))).toBe(true);
    } finally {
      await ui.stop();
      await lab.stop();
    }
  });
});

describe('the embedded default', () => {
  it('reads its own demo lab through its Proxmox VE API once it listens: addresses, versions, locks reach the pages', async () => {
    const t = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    try {
      // Before it listens, the lab's agents' report stands (roles and services), with nothing Proxmox tells.
      expect((await t.services.fleet.guest('qemu/200')).guest.pve).toBeNull();
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      await until('the first reading', async () => (await t.services.fleet.guest('qemu/200')).guest.pve !== null);
      const jellyfin = await t.services.fleet.guest('qemu/200');
      expect(jellyfin.guest.role).toBe('user');
      expect(jellyfin.guest.pve).toMatchObject({ ips: ['10.20.0.202'], ipSource: 'agent', lock: null });
      expect((await t.services.fleet.guest('qemu/201')).guest.pve?.lock).toBe('backup');
      expect((await t.services.fleet.node('node/pve1')).node.pve).toMatchObject({
        version: '8.3.2',
        kernel: '6.8.12-4-pve',
      });
      const { sources } = await t.services.fleet.summary();
      expect(sources.clusters).toEqual([
        expect.objectContaining({
          name: DEMO_CLUSTER,
          state: 'ok',
          quorate: true,
          templates: [expect.objectContaining({ id: 'qemu/9000' })],
        }),
      ]);
    } finally {
      await t.stop();
    }
  });
});
