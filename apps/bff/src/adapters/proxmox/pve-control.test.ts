import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import answers from '../../../test/fixtures/proxmox/pve-tasks.json';
import { migrateCheckOf, parseUpid, PveControl, snapshotsOf, taskOf } from './pve-control';

describe("the Proxmox executor reads Proxmox's task and snapshot answers (recorded shapes)", () => {
  it('reads a UPID: the node to ask, when it started, its type, guest and user', () => {
    expect(parseUpid(answers.running.upid)).toEqual({
      node: 'pve2',
      startedAt: new Date(0x6745f0a0 * 1000),
      type: 'qmshutdown',
      id: '208',
      user: 'ralf@pve!ui',
    });
    expect(parseUpid('UPID:pve1:00003A00:00009000:67453C20:vzdump::root@pam:')).toMatchObject({
      id: '',
      type: 'vzdump',
    });
    expect(parseUpid('not a upid')).toBeNull();
  });

  it("tells a running task, one that ended OK and one that ended with Proxmox's error", () => {
    expect(taskOf(answers.running)).toMatchObject({ status: 'running', endedAt: null });
    expect(taskOf(answers.ok)).toMatchObject({ status: 'OK', type: 'qmstart', id: '200' });
    expect(taskOf(answers.error)).toMatchObject({ status: 'VM quit/powerdown failed - got timeout' });
    // In a task list the exit status stands in `status`; a running entry has none and no end.
    const list = answers.clusterTasks.map(taskOf);
    expect(list.map((t) => t?.status)).toEqual(['OK', 'job errors', 'running']);
    expect(list[0]!.endedAt).toEqual(new Date(1732591824 * 1000));
  });

  it("lists snapshots as a tree without Proxmox's 'current', and knows which one the guest hangs from", () => {
    const s = snapshotsOf(answers.snapshots);
    expect(s.currentParent).toBe('after-upgrade');
    expect(s.snapshots).toEqual([
      {
        name: 'pre-upgrade',
        description: 'before 8.3',
        parent: null,
        takenAt: '2024-11-19T07:06:40.000Z',
        withRam: true,
      },
      {
        name: 'after-upgrade',
        description: '',
        parent: 'pre-upgrade',
        takenAt: '2024-11-25T02:00:00.000Z',
        withRam: false,
      },
    ]);
  });
});

describe("Proxmox's migration check, as the plan page shows it before approval", () => {
  it('names local disks (copied, slower), a target without the storage (refused) and passed-through devices (refused)', () => {
    expect(migrateCheckOf(answers.migrateLocal, 'pve2')).toEqual({
      ok: true,
      reasons: ['has local disks (local-zfs:vm-204-disk-0) that would be copied over the network'],
    });
    expect(migrateCheckOf(answers.migrateLocal, 'pve3')).toEqual({
      ok: false,
      reasons: [
        'pve3 lacks the storage local-zfs',
        'has local disks (local-zfs:vm-204-disk-0) that would be copied over the network',
      ],
    });
    expect(migrateCheckOf(answers.migrateDevice, 'pve2')).toEqual({
      ok: false,
      reasons: [
        'uses devices of its node (hostpci0): it cannot be migrated',
        'Proxmox does not allow pve2 as a target',
      ],
    });
  });
});

describe('the Proxmox executor hears a refusal', () => {
  let server: Server;
  let control: PveControl;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const a = req.url!.includes('/status/stop') ? answers.forbidden : answers.refused;
      res.statusCode = a.status;
      res.statusMessage = a.statusMessage;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(a.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    control = new PveControl({
      url: `http://127.0.0.1:${port}`,
      tokenId: 'ralf@pve!ui',
      secret: 's3cret',
      fingerprint: null,
      ca: null,
      timeoutMs: 2000,
      pollMs: 10_000,
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const ref = { node: 'pve2', type: 'qemu' as const, vmid: 208 };

  it('names the privilege a token lacks (403), so the operator knows what to grant', async () => {
    await expect(control.power(ref, 'stop')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      reason: 'proxmox.privilege',
      params: expect.objectContaining({ privilege: 'VM.PowerMgmt', path: '/vms/208' }) as object,
      message: 'pve2.lan: the token ralf@pve!ui lacks the privilege VM.PowerMgmt on /vms/208'.replace(
        'pve2.lan',
        '127.0.0.1',
      ),
    });
  });

  it("passes Proxmox's own reason for any other refusal", async () => {
    await expect(control.power(ref, 'start')).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'proxmox.refused',
      message: '127.0.0.1: VM 208 already running',
    });
  });
});
