import { englishText } from '@ralf/shared';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';
import { DEMO_PVE_TOKEN } from '../../adapters/demo-lab/pve-api';
import { PveControl } from '../../adapters/proxmox/pve-control';
import { tasksRepository } from './tasks.repository';

describe.each(DB_KINDS)('approved plans carried out through Proxmox on the demo lab (%s)', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let operator: Awaited<ReturnType<typeof callerAs>>;
  let approver: Awaited<ReturnType<typeof callerAs>>;
  let lab: PveControl;
  beforeAll(async () => {
    t = await buildTestApp(kind, { RALF_DEMO_LAB: 'on' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.firstLabReading;
    operator = await callerAs(t, 'operator');
    approver = await callerAs(t, 'approver');
    const port = (t.app.server.address() as AddressInfo).port;
    lab = new PveControl({
      url: `http://127.0.0.1:${port}/demo-lab/pve`,
      ...DEMO_PVE_TOKEN,
      fingerprint: null,
      ca: null,
      timeoutMs: 5000,
      pollMs: 10_000,
    });
  });
  afterAll(() => t.stop());

  const settled = (id: string) =>
    until(`plan ${id} settled`, async () => {
      const p = await operator.plans.byId({ id });
      return ['applied', 'failed', 'proposed'].includes(p.status) && p;
    });

  it('migrates a running container by restart and resizes a VM, each a Proxmox task, and the inventory follows', async () => {
    const { planId } = await operator.plans.propose({
      actions: [
        { type: 'migrate', guestId: 'lxc/210', to: 'node/pve1' },
        { type: 'resize', guestId: 'qemu/202', resource: 'memoryMiB', to: 5120 },
      ],
    });
    // A cold inventory cache: whether Proxmox carries the plan out is asked of the database, which
    // on PGlite must not happen inside the apply's transaction (one connection: it would wait forever).
    t.services.fleet.invalidate();
    await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    const p = await settled(planId);
    expect(p.status).toBe('applied');
    const log = p.log.map((l) => englishText(l.message));
    expect(log).toContain('applying revision 1 through Proxmox');
    expect(
      log.some((m) => /^done: migration of lxc\/210 pve3 → pve1 \(Proxmox task UPID:pve3:.*:vzmigrate:210:/.test(m)),
    ).toBe(true);
    expect(
      log.some((m) => /^done: qemu\/202 memoryMiB 4096 → 5120 \(Proxmox task UPID:pve3:.*:qmconfig:202:/.test(m)),
    ).toBe(true);
    const guest = (await t.services.fleet.guest('lxc/210')).guest;
    expect(guest.nodeId).toBe('node/pve1');
    expect((await t.services.fleet.guest('qemu/202')).guest.memoryBytes).toBe(5120 * 1024 ** 2);
    const steps = await Promise.all([0, 1].map((i) => tasksRepository.findByKey(t.db.db, `plan:${planId}:1:${i}`)));
    expect(steps.map((s) => [s?.type, s?.status])).toEqual([
      ['vzmigrate', 'ok'],
      ['qmconfig', 'ok'],
    ]);
    const migration = await operator.tasks.log({ id: steps[0]!.id, start: 0 });
    expect(migration.lines.map((l) => l.t)).toContain('start container on target node');
  });

  it("shows Proxmox's own refusal: a VM bound to its node by a passed-through device fails the plan, naming it", async () => {
    expect(await lab.migrateCheck({ node: 'pve3', type: 'qemu', vmid: 214 }, 'pve1')).toEqual({
      ok: false,
      reasons: [
        'uses devices of its node (hostpci0): it cannot be migrated',
        'Proxmox does not allow pve1 as a target',
      ],
    });
    expect(await lab.migrateCheck({ node: 'pve3', type: 'qemu', vmid: 207 }, 'pve1')).toEqual({
      ok: true,
      reasons: [],
    });
    const { planId } = await operator.plans.propose({
      actions: [{ type: 'migrate', guestId: 'qemu/214', to: 'node/pve2' }],
    });
    await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    const p = await settled(planId);
    expect(p.status).toBe('failed');
    expect(englishText(p.log.at(-1)!.message)).toMatch(
      /migration of qemu\/214 pve3 → pve2: failed \(.*can't migrate VM which uses local devices: hostpci0\)/,
    );
    expect((await t.services.fleet.guest('qemu/214')).guest.nodeId).toBe('node/pve3');
    // The move after the refused one was never asked.
    expect(await tasksRepository.findByKey(t.db.db, `plan:${planId}:1:1`)).toBeUndefined();
  });

  it('refuses a config change against a stale digest, as Proxmox does for a guest changed by hand', async () => {
    const ref = { node: 'pve3', type: 'qemu' as const, vmid: 207 };
    await expect(lab.setConfig(ref, { cores: 6 }, 'not-the-current-digest')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /detected modified configuration - file changed by other user\? Try again\./,
      ) as string,
    });
    expect((await t.services.fleet.guest('qemu/207')).guest.cores).toBe(4);
  });
  it('deploys a catalog template that clones the cluster template through Proxmox: clone, cloud-init, disk, start', async () => {
    const d = await operator.deployments.create({
      templateId: 'debian-vm',
      params: {
        name: 'build-box',
        node: 'node/pve2',
        kind: 'qemu',
        cores: 2,
        memoryMiB: 3072,
        diskGiB: 24,
        vlan: null,
        settings: { sshKeys: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2e alice@laptop', ipConfig: 'ip=dhcp' },
      },
      idempotencyKey: 'clone-build-box',
    });
    const final = await until('the clone deployment ended', async () => {
      const x = await operator.deployments.byId({ id: d.id });
      return ['succeeded', 'failed'].includes(x.status) && x;
    });
    expect(final.status, JSON.stringify(final.log)).toBe('succeeded');
    // Proxmox handed out the VMID: the lab's first free one.
    expect(final.guestId).toBe('qemu/100');
    const messages = final.log.map((l) => englishText(l.message));
    expect(messages).toContain('handed to Proxmox: a clone of template 9000');
    expect(messages).toContain('cloning template 9000 as VM 100 on pve2');
    expect(
      messages.some((m) => m.startsWith('VM 100 cloned; setting 2 cores, 3 GiB and cloud-init (user debian, ip=dhcp)')),
    ).toBe(true);
    const g = (await t.services.fleet.guest('qemu/100')).guest;
    expect(g).toMatchObject({ name: 'build-box', nodeId: 'node/pve2', status: 'running', cores: 2 });
    expect(g.memoryBytes).toBe(3072 * 1024 ** 2);
    expect(g.diskBytes).toBe(24 * 1024 ** 3);
    const steps = await Promise.all(
      ['clone', 'configure', 'resize', 'start'].map((s) => tasksRepository.findByKey(t.db.db, `deploy:${d.id}:${s}`)),
    );
    expect(steps.map((x) => [x?.type, x?.status])).toEqual([
      ['qmclone', 'ok'],
      ['qmconfig', 'ok'],
      ['resize', 'ok'],
      ['qmstart', 'ok'],
    ]);
    const clone = await operator.tasks.log({ id: steps[0]!.id, start: 0 });
    expect(clone.lines.map((l) => l.t)).toContain('transferred 10.0 GiB of 10.0 GiB (100.00%)');
  });
  it("rolls a core service back to a snapshot only through a plan, as Proxmox's rollback task", async () => {
    await expect(
      operator.tasks.act({
        guestId: 'lxc/101',
        action: 'rollback',
        name: 'pre-pg16',
        confirm: 'postgresql',
        idempotencyKey: 'direct-rb',
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/postgresql is a core service/) as string });
    const { planId } = await operator.plans.propose({
      actions: [{ type: 'rollback', guestId: 'lxc/101', snapshot: 'pre-pg16' }],
    });
    const proposed = await operator.plans.byId({ id: planId });
    // ralf-ui titles a hand-made plan in RALF_LANGUAGE, German by default (issue 18).
    expect(proposed.summary).toBe('postgresql auf seinen Snapshot pre-pg16 zurücksetzen');
    await approver.plans.decide({ id: planId, decision: 'approve', revision: 1 });
    const p = await settled(planId);
    expect(p.status, p.log.map((l) => englishText(l.message)).join('\n')).toBe('applied');
    const step = await tasksRepository.findByKey(t.db.db, `plan:${planId}:1:0`);
    expect(step).toMatchObject({ type: 'vzrollback', status: 'ok', target: 'pre-pg16', action: 'rollback' });
    // A container rolled back without RAM comes back stopped, as Proxmox leaves it.
    expect((await t.services.fleet.guest('lxc/101')).guest.status).toBe('stopped');
  });
});
