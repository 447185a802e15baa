import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { BACKUP_POLICY } from './backups.service';

describe("the embedded default's backups, read through the Proxmox VE and PBS adapters", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.firstLabReading;
  });
  afterAll(() => t.stop());

  it("knows each guest's newest backup and flags the stale, the never backed up and those no job covers", async () => {
    const o = await t.services.backups.overview();
    const state = (id: string) => o.guests.find((g) => g.guestId === id)!;
    // The clock stands at 12:00 on the 25th; last night's run took jellyfin (vmid 200) first, at 02:00.
    expect(state('qemu/200')).toMatchObject({ state: 'ok', job: { id: 'backup-ralf-nightly', schedule: '02:00' } });
    expect(state('qemu/200').last).toMatchObject({
      source: 'pbs',
      storage: 'demo lab PBS:backup',
      namespace: 'ralf-lab',
    });
    expect(state('qemu/200').last!.at).toBe('2026-11-25T02:00:00.000Z');
    // Immich's last three nightly runs failed: its newest backup is from the 22nd, stale since the 23rd at 04:00.
    expect(state('qemu/204')).toMatchObject({ state: 'stale', dueBy: '2026-11-23T04:02:40.000Z' });
    expect(state('qemu/208')).toMatchObject({ state: 'none', job: null, last: null });
    // The dev sandbox: no job, one manual archive on pve2's local storage five days ago.
    expect(state('qemu/212')).toMatchObject({ state: 'stale', job: null, last: { source: 'pve', storage: 'local' } });
    // Pi-hole: its manual archive of yesterday and its nightly ones, each counted once.
    expect(state('lxc/206').count).toBe(8);
    // Never backed up first, then the longest overdue (the sandbox since the 21st, Immich since the 23rd).
    expect(o.guests.slice(0, 3).map((g) => g.guestId)).toEqual(['qemu/208', 'qemu/212', 'qemu/204']);
    expect(o.counts).toEqual({ ok: 27, stale: 2, none: 1, noJob: 2 });
    expect(o.jobs).toEqual([
      expect.objectContaining({ id: 'backup-ralf-nightly', all: true, exclude: [208, 212], everyHours: 24 }),
    ]);
    expect(o.datastores.map((d) => `${d.name}@${d.node ?? 'shared'}`).sort()).toEqual([
      'demo lab PBS:backup@shared',
      'local@pve1',
      'local@pve2',
      'local@pve3',
      'pbs-main@shared',
    ]);
    expect(o.sources.map((s) => [s.name, s.freshness.state])).toEqual([
      ['demo lab', 'ok'],
      ['demo lab PBS', 'ok'],
    ]);
  });

  it("counts the overview's tile", async () => {
    expect(await t.services.backups.summary()).toEqual({
      read: true,
      total: 30,
      counts: { ok: 27, stale: 2, none: 1, noJob: 2 },
    });
  });

  it('names the guests the fleet table marks', async () => {
    expect(await t.services.backups.flags()).toEqual({
      stale: ['qemu/212', 'qemu/204'],
      none: ['qemu/208'],
      noJob: ['qemu/208', 'qemu/212'],
    });
  });

  it('shows a guest its backups, newest first, with their verification', async () => {
    const g = await t.services.backups.guest('lxc/102');
    expect(g.status?.state).toBe('ok');
    expect(g.backups).toHaveLength(7);
    expect(g.backups.map((b) => b.verified).slice(0, 3)).toEqual(['none', 'failed', 'ok']);
  });

  it('files a compliance finding for each guest whose backups are stale or missing', async () => {
    const report = await t.services.findings.report({ policy: BACKUP_POLICY, status: 'open' });
    expect(report.findings.map((f) => [f.target, f.result, f.severity]).sort()).toEqual([
      ['qemu/204', 'fail', 'high'],
      ['qemu/208', 'fail', 'high'],
      ['qemu/212', 'fail', 'high'],
    ]);
    expect(report.findings.find((f) => f.target === 'qemu/204')!.details).toMatch(
      /newest backup is 82 h old \(job backup-ralf-nightly/,
    );
  });
});
