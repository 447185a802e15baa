import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs, FROZEN, TEST_META } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';
import { until } from '../../../test/until';
import { tasksRepository } from './tasks.repository';
import { PveControl } from '../../adapters/proxmox/pve-control';
import { DEMO_PVE_TOKEN } from '../../adapters/demo-lab/pve-api';

const key = () => randomUUID();

describe.each(DB_KINDS)('acting on the demo lab through the Proxmox executor (%s)', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let operator: Awaited<ReturnType<typeof callerAs>>;
  beforeAll(async () => {
    t = await buildTestApp(kind, { RALF_DEMO_LAB: 'on' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.firstLabReading;
    operator = await callerAs(t, 'operator');
  });
  afterAll(() => t.stop());

  const ended = (id: string) =>
    until(`task ${id} ended`, async () => {
      const log = await operator.tasks.log({ id, start: 0 });
      return ['ok', 'failed', 'unknown'].includes(log.task.status) && log;
    });
  const status = async (id: string) => (await t.services.fleet.guest(id)).guest.status;

  it('starts a stopped VM as a Proxmox task, follows it to its end and the inventory shows it running', async () => {
    const k = key();
    const task = await operator.tasks.act({ guestId: 'qemu/208', action: 'start', idempotencyKey: k, reason: 'test' });
    expect(task).toMatchObject({ status: 'running', type: 'qmstart', node: 'pve2', cluster: 'ralf-lab' });
    expect(task.upid).toMatch(/^UPID:pve2:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:208:ralf@pve!demo:$/);
    // The same request again starts nothing new.
    expect((await operator.tasks.act({ guestId: 'qemu/208', action: 'start', idempotencyKey: k })).id).toBe(task.id);
    const log = await ended(task.id);
    expect(log.task).toMatchObject({ status: 'ok', exitStatus: 'OK' });
    expect(log.lines.map((l) => l.t)).toEqual(['generating cloud-init ISO', 'VM 208 started', 'TASK OK']);
    expect(await status('qemu/208')).toBe('running');
    // Audited, and told in a trail of its own.
    const audit = await t.services.audit.list({ limit: 5, action: 'guest.start' });
    expect(audit.events[0]).toMatchObject({ actor: 'user:operator', subject: 'qemu/208', sourceIp: TEST_META.ip });
    const trail = await t.services.trails.get(`task/${task.id}`);
    expect(trail.chain.map((e) => e.kind)).toEqual(['trigger', 'action', 'outcome']);
    expect(trail.chain[0]!.title).toBe('operator möchte win11-test starten');
    expect(trail.chain[0]!.body).toBe(`Warum: test\nVon ${TEST_META.ip}.`);
  });

  it('asks for the guest name before a stop, and keeps core services for plans', async () => {
    await expect(operator.tasks.act({ guestId: 'qemu/208', action: 'stop', idempotencyKey: key() })).rejects.toThrow(
      /type the guest's name, win11-test/,
    );
    await expect(
      operator.tasks.act({ guestId: 'lxc/101', action: 'stop', idempotencyKey: key(), confirm: 'postgresql' }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/postgresql is a core service: a stop goes through a plan/),
    });
    const stop = await operator.tasks.act({
      guestId: 'qemu/208',
      action: 'stop',
      idempotencyKey: key(),
      confirm: 'win11-test',
    });
    expect((await ended(stop.id)).task.status).toBe('ok');
    expect(await status('qemu/208')).toBe('stopped');
    // Viewers read, never act.
    const viewer = await callerAs(t, 'viewer');
    await expect(
      viewer.tasks.act({ guestId: 'qemu/208', action: 'start', idempotencyKey: key() }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('names the privilege a refusal lacks, and shows a task that failed in Proxmox as failed with its reason', async () => {
    const refused = operator.tasks.act({
      guestId: 'qemu/200',
      action: 'backup',
      storage: 'local',
      idempotencyKey: key(),
    });
    await expect(refused).rejects.toMatchObject({
      message: expect.stringMatching(/lacks the privilege Datastore\.AllocateSpace on \/storage\/local/),
    });
    // dev-sandbox ignores ACPI: its shutdown times out in Proxmox, and nothing is stopped.
    const down = await operator.tasks.act({
      guestId: 'qemu/212',
      action: 'shutdown',
      timeoutSeconds: 10,
      idempotencyKey: key(),
    });
    const log = await ended(down.id);
    expect(log.task).toMatchObject({ status: 'failed', exitStatus: 'VM quit/powerdown failed - got timeout' });
    expect(log.lines.at(-1)!.t).toBe('TASK ERROR: VM quit/powerdown failed - got timeout');
    expect(await status('qemu/212')).toBe('running');
  });

  it('takes a snapshot, lists it in the tree and rolls back to it after confirmation', async () => {
    const snap = await operator.tasks.act({
      guestId: 'qemu/200',
      action: 'snapshot',
      name: 'before-upgrade',
      description: 'Jellyfin 10.11',
      idempotencyKey: key(),
    });
    expect((await ended(snap.id)).task.status).toBe('ok');
    const control = await operator.tasks.control({ id: 'qemu/200' });
    expect(control.snapshots.map((s) => [s.name, s.parent])).toEqual([
      ['jellyfin-10-10', null],
      ['before-upgrade', 'jellyfin-10-10'],
    ]);
    expect(control).toMatchObject({ available: true, core: false, currentParent: 'before-upgrade', consoleUrl: null });
    expect(control.backupStorages.map((s) => s.name)).toEqual(['pbs-main', 'local']);
    await expect(
      operator.tasks.act({ guestId: 'qemu/200', action: 'rollback', name: 'before-upgrade', idempotencyKey: key() }),
    ).rejects.toThrow(/type the guest's name, jellyfin/);
    const back = await operator.tasks.act({
      guestId: 'qemu/200',
      action: 'rollback',
      name: 'before-upgrade',
      confirm: 'jellyfin',
      idempotencyKey: key(),
    });
    expect((await ended(back.id)).task.status).toBe('ok');
    // A snapshot without RAM: the VM comes back stopped, as Proxmox leaves it.
    expect(await status('qemu/200')).toBe('stopped');
  });

  it('starts several guests at once, one request each, and one refusal does not stop the others', async () => {
    const results = await operator.tasks.bulk({
      guestIds: ['qemu/200', 'qemu/208', 'lxc/205'],
      action: 'start',
      idempotencyKey: key(),
    });
    expect(results.map((r) => [r.guestId, r.task?.status ?? r.error?.message])).toEqual([
      ['qemu/200', 'running'],
      ['qemu/208', 'running'],
      ['lxc/205', expect.stringMatching(/CT 205 already running/)],
    ]);
    await Promise.all(results.filter((r) => r.task).map((r) => ended(r.task!.id)));
    expect([await status('qemu/200'), await status('qemu/208')]).toEqual(['running', 'running']);
  });

  it('after a crash finds a task asked but not answered in the task list, and marks a forgotten one unknown', async () => {
    // ralf-ui recorded a reboot of uptime-kuma and crashed before Proxmox's answer (its UPID) was stored.
    const asked = {
      idempotency_key: key(),
      cluster: 'ralf-lab',
      node: 'pve1',
      guest_id: 'lxc/205',
      guest_name: 'uptime-kuma',
      action: 'reboot',
      type: 'vzreboot',
      target: null,
      params: {},
      actor: 'user:operator',
      source_ip: null,
      reason: null,
      created_at: new Date(FROZEN.getTime() - 60_000),
    };
    const ghost = await t.db.db.transaction().execute((trx) => tasksRepository.insert(trx, asked));
    // Proxmox had started it.
    const address = t.app.server.address() as AddressInfo;
    const lab = new PveControl({
      url: `http://127.0.0.1:${address.port}/demo-lab/pve`,
      ...DEMO_PVE_TOKEN,
      fingerprint: null,
      ca: null,
      timeoutMs: 5000,
      pollMs: 10_000,
    });
    const upid = await lab.power({ node: 'pve1', type: 'lxc', vmid: 205 }, 'reboot');
    await t.services.tasks.follow();
    const found = (await tasksRepository.findById(t.db.db, ghost!.id))!;
    expect(found).toMatchObject({ upid, status: 'running' });
    expect((await ended(ghost!.id)).task.status).toBe('ok');
    // A UPID the cluster does not know (its host restarted): unknown, not failed.
    const lost = await t.db.db
      .transaction()
      .execute((trx) => tasksRepository.insert(trx, { ...asked, idempotency_key: key(), created_at: FROZEN }));
    await tasksRepository.started(t.db.db, lost!.id, 'UPID:pve1:00001234:00005678:6745A000:vzstop:205:ralf@pve!demo:');
    await t.services.tasks.follow();
    const gone = (await operator.tasks.log({ id: lost!.id, start: 0 })).task;
    expect(gone.status).toBe('unknown');
    expect(gone.exitStatus).toMatch(/Proxmox no longer knows this task/);
  });

  it("lists recent tasks with the backup job's, and a guest's own", async () => {
    const recent = await operator.tasks.recent();
    expect(recent.unavailable).toEqual([]);
    expect(recent.tasks.some((x) => x.type === 'vzdump' && x.user === 'root@pam' && x.origin === 'proxmox')).toBe(true);
    expect(recent.tasks.some((x) => x.origin === 'ralf-ui' && x.user === 'user:operator')).toBe(true);
    const mine = await operator.tasks.forGuest({ id: 'qemu/208' });
    expect(mine.tasks.length).toBeGreaterThan(2);
    expect(new Set(mine.tasks.map((x) => x.upid)).size).toBe(mine.tasks.length);
    expect(mine.tasks.every((x) => x.guestId === 'qemu/208')).toBe(true);
  });
});
