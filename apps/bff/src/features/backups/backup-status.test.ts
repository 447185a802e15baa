import type { Backup, BackupJob, Guest, Node } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { guestBackupStates, jobFor } from './backup-status';

const guest = (vmid: number, nodeId = 'node/pve1'): Guest => ({
  id: `qemu/${vmid}`,
  vmid,
  type: 'qemu',
  nodeId,
  name: `vm${vmid}`,
  status: 'running',
  cores: 1,
  memoryBytes: 1,
  diskBytes: 1,
  tags: [],
  role: null,
  pve: null,
  updatedAt: '',
});
const node = (name: string, cluster: string): Node => ({
  id: `node/${name}`,
  name,
  cluster,
  status: 'online',
  cpuCores: 1,
  memoryBytes: 1,
  diskBytes: 1,
  tags: [],
  pve: null,
  updatedAt: '',
});
const job = (p: Partial<BackupJob>): BackupJob => ({
  id: 'nightly',
  cluster: 'homelab',
  schedule: '02:00',
  storage: 'pbs',
  enabled: true,
  nextRunAt: null,
  all: true,
  vmids: [],
  exclude: [],
  everyHours: 24,
  ...p,
});
const backup = (vmid: number, at: string): Backup => ({
  guestId: `qemu/${vmid}`,
  at,
  sizeBytes: 1,
  storage: 'pbs',
  source: 'pbs',
  namespace: null,
  verified: 'ok',
  protected: false,
});
const nodes = new Map([
  ['node/pve1', node('pve1', 'homelab')],
  ['node/far', node('far', 'garage')],
]);
const NOW = new Date('2026-11-25T12:00:00Z');

describe("a guest's backup state", () => {
  it("is stale past its job's interval plus two hours, and past 26 h without a job", () => {
    const states = guestBackupStates(
      [guest(1), guest(2), guest(3), guest(4)],
      nodes,
      [backup(1, '2026-11-24T10:30:00Z'), backup(2, '2026-11-24T09:30:00Z'), backup(3, '2026-11-24T10:30:00Z')],
      [job({ exclude: [3] })],
      NOW,
    );
    const by = new Map(states.map((s) => [s.guestId, s]));
    expect(by.get('qemu/1')).toMatchObject({ state: 'ok', dueBy: '2026-11-25T12:30:00.000Z' });
    expect(by.get('qemu/2')).toMatchObject({ state: 'stale', dueBy: '2026-11-25T11:30:00.000Z' });
    expect(by.get('qemu/3')).toMatchObject({ state: 'ok', job: null, dueBy: '2026-11-25T12:30:00.000Z' });
    expect(by.get('qemu/4')).toMatchObject({ state: 'none', last: null });
    expect(states.map((s) => s.guestId)).toEqual(['qemu/4', 'qemu/2', 'qemu/1', 'qemu/3']);
  });

  it("takes only enabled jobs of the guest's own cluster", () => {
    expect(jobFor(guest(1), 'homelab', [job({ enabled: false }), job({ id: 'other', cluster: 'garage' })])).toBeNull();
    expect(
      jobFor(guest(1, 'node/far'), 'garage', [job({ id: 'other', cluster: 'garage', all: false, vmids: [1] })])?.id,
    ).toBe('other');
  });
});
