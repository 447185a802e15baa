import { describe, expect, it } from 'vitest';
import { jobsOf, pbsSnapshotOf, pveArchiveOf, scheduleHours } from './backup-shapes';

describe("readers of Proxmox's backup answers", () => {
  it("reads a job's interval from its calendar event", () => {
    expect(scheduleHours('02:00')).toBe(24);
    expect(scheduleHours('daily')).toBe(24);
    expect(scheduleHours('mon..fri 21:00')).toBe(24);
    expect(scheduleHours('sat 03:00')).toBe(168);
    expect(scheduleHours('weekly')).toBe(168);
    expect(scheduleHours('*/6:00')).toBe(6);
    expect(scheduleHours('hourly')).toBe(1);
    expect(scheduleHours('monthly')).toBe(744);
  });

  it('reads jobs whatever their vintage: enabled when Proxmox 7 leaves the flag out, vmids as a list, other job types skipped', () => {
    const jobs = jobsOf(
      [
        { id: 'a', schedule: '02:00', vmid: '100, 101 102', storage: 'pbs' },
        { id: 'b', type: 'vzdump', all: '1', exclude: '5', enabled: 0 },
        { id: 'c', type: 'sync', schedule: 'hourly' },
        'junk',
      ],
      'homelab',
    );
    expect(jobs.map((j) => [j.id, j.enabled, j.all, j.vmids, j.exclude, j.schedule])).toEqual([
      ['a', true, false, [100, 101, 102], [], '02:00'],
      ['b', false, true, [], [5], 'daily'],
    ]);
  });

  it('places an archive by its subtype, format or name, and leaves out what is not a guest backup', () => {
    const base = { content: 'backup', ctime: 1764036012, vmid: 100 };
    expect(pveArchiveOf({ ...base, volid: 'local:backup/vzdump-qemu-100-x.vma.zst' }, 'local')?.guestId).toBe(
      'qemu/100',
    );
    expect(pveArchiveOf({ ...base, format: 'pbs-ct' }, 'pbs')?.guestId).toBe('lxc/100');
    expect(pveArchiveOf({ ...base, subtype: 'lxc', verification: { state: 'ok' } }, 's')).toMatchObject({
      verified: 'ok',
      at: '2025-11-25T02:00:12.000Z',
    });
    expect(pveArchiveOf({ ...base, content: 'iso' }, 's')).toBeNull();
    expect(pveArchiveOf({ content: 'backup', ctime: 1 }, 's')).toBeNull();
    expect(pbsSnapshotOf({ 'backup-type': 'host', 'backup-id': 'pbs', 'backup-time': 1 }, 'x', '')).toBeNull();
    expect(
      pbsSnapshotOf({ 'backup-type': 'vm', 'backup-id': '200', 'backup-time': 1764036012 }, 'pbs:tank', 'lab'),
    ).toMatchObject({ guestId: 'qemu/200', namespace: 'lab', verified: 'none', protected: false });
  });
});
