import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { servePveFixtures } from '../../../test/pve-fixture-server';
import { mergeBackups } from '../../features/backups/backup-status';
import { DEMO_PBS_TOKEN } from '../demo-lab/pbs-api';
import { DEMO_PVE_TOKEN } from '../demo-lab/pve-api';
import type { BackupReading } from '../ports';
import { PbsBackups, PveBackups } from './backup-readers';

const PVE = { tokenId: 'ralf@pve!ui', secret: 'pve-secret' };
const PBS = { tokenId: 'ralf@pbs!ui', secret: 'pbs-secret' };
const cfg = (url: string, token: { tokenId: string; secret: string }) => ({
  url,
  ...token,
  fingerprint: null,
  ca: null,
  timeoutMs: 5000,
  pollMs: 10_000,
});

/** What every backup source must give, recorded or the demo lab's: guests' backups, where they lie, the jobs. */
function expectWellFormed(r: BackupReading) {
  expect(r.backups.length).toBeGreaterThan(0);
  for (const b of r.backups) {
    expect(b.guestId).toMatch(/^(qemu|lxc)\/\d+$/);
    expect(Number.isNaN(Date.parse(b.at))).toBe(false);
  }
  expect(r.datastores.length).toBeGreaterThan(0);
  for (const j of r.jobs) expect(j.everyHours).toBeGreaterThan(0);
}

describe('backups read from recorded Proxmox VE and PBS answers', () => {
  let pve: Awaited<ReturnType<typeof servePveFixtures>>;
  let pbs: Awaited<ReturnType<typeof servePveFixtures>>;
  beforeAll(async () => {
    pve = await servePveFixtures(`PVEAPIToken=${PVE.tokenId}=${PVE.secret}`);
    pbs = await servePveFixtures(`PBSAPIToken=${PBS.tokenId}:${PBS.secret}`, 'pbs');
  });
  afterAll(async () => {
    await pve.close();
    await pbs.close();
  });

  it("reads the cluster's jobs and the archives on its backup storages (an ISO on the same storage is not one)", async () => {
    const r = await new PveBackups(cfg(pve.url, PVE)).read();
    expectWellFormed(r);
    expect(r.jobs).toEqual([
      expect.objectContaining({
        id: 'backup-5f2c9a1e-77b4',
        cluster: 'homelab',
        all: true,
        exclude: [103],
        everyHours: 24,
        enabled: true,
      }),
      expect.objectContaining({ id: 'backup-weekly-media', vmids: [100, 101], everyHours: 168, enabled: false }),
    ]);
    expect(r.jobs[0]!.nextRunAt).toBe('2025-11-26T02:00:00.000Z');
    expect(r.backups.map((b) => [b.guestId, b.storage, b.protected]).sort()).toEqual([
      ['lxc/101', 'local', false],
      ['lxc/101', 'pbs-main', false],
      ['qemu/100', 'pbs-main', false],
      ['qemu/103', 'local', true],
    ]);
    expect(r.datastores.map((d) => [d.name, d.node, d.backups]).sort()).toEqual([
      ['local', 'pve1', 2],
      ['pbs-main', null, 2],
    ]);
  });

  it("reads a PBS's datastores and namespaces, leaves host backups out, and knows verification and protection", async () => {
    const r = await new PbsBackups(cfg(pbs.url, PBS)).read();
    expectWellFormed(r);
    expect(r.datastores).toEqual([
      {
        name: '127.0.0.1:tank',
        source: 'pbs',
        node: null,
        totalBytes: 3998614552576,
        usedBytes: 1099511627776,
        backups: 3,
      },
    ]);
    expect(r.backups.map((b) => [b.guestId, b.namespace, b.verified, b.protected])).toEqual([
      ['qemu/100', 'homelab', 'ok', false],
      ['lxc/101', 'homelab', 'none', true],
      ['lxc/101', 'homelab', 'failed', false],
    ]);
  });

  it('counts a backup PVE lists on its PBS storage and the PBS lists itself once, as the PBS describes it', async () => {
    const merged = mergeBackups([
      await new PveBackups(cfg(pve.url, PVE)).read(),
      await new PbsBackups(cfg(pbs.url, PBS)).read(),
    ]);
    expect(merged.filter((b) => b.guestId === 'qemu/100')).toEqual([
      expect.objectContaining({ source: 'pbs', namespace: 'homelab', storage: '127.0.0.1:tank' }),
    ]);
    expect(merged.filter((b) => b.guestId === 'lxc/101')).toHaveLength(3);
  });
});

describe("backups read from the demo lab's Proxmox VE and PBS APIs", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let base: string;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/demo-lab`;
  });
  afterAll(() => t.stop());

  it('gives the same kind of reading as the recorded answers', async () => {
    const pveReading = await new PveBackups(cfg(`${base}/pve`, DEMO_PVE_TOKEN)).read();
    const pbsReading = await new PbsBackups(cfg(`${base}/pbs`, DEMO_PBS_TOKEN)).read();
    expectWellFormed(pveReading);
    expectWellFormed(pbsReading);
    expect(pveReading.jobs).toHaveLength(1);
    expect(pbsReading.backups.every((b) => b.namespace === 'ralf-lab')).toBe(true);
    // PVE's listing of its PBS storage and the PBS's own are the same backups.
    const viaPve = pveReading.backups.filter((b) => b.storage === 'pbs-main').map((b) => `${b.guestId}@${b.at}`);
    expect(viaPve.sort()).toEqual(pbsReading.backups.map((b) => `${b.guestId}@${b.at}`).sort());
  });

  it('refuses a PBS token that is not its own, as PBS does', async () => {
    const err = await new PbsBackups(cfg(`${base}/pbs`, { ...DEMO_PBS_TOKEN, secret: 'wrong' }))
      .read()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'proxmox.token-refused' });
  });
});
