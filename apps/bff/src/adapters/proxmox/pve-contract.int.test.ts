import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { servePveFixtures } from '../../../test/pve-fixture-server';
import { DEMO_PVE_TOKEN, DEMO_TEMPLATE } from '../demo-lab/pve-api';
import { ProxmoxInventory } from './proxmox-inventory';
import type { LabModel } from '../demo-lab/lab-model';

/** The cases every Proxmox VE source must show the same way, by the ids each source has them under. */
interface Cases {
  cluster: string;
  /** A node's storage of each kind the page shows, a ZFS pool that is not healthy, a failed disk, a worn SSD. */
  storage: {
    node: string;
    dir: string;
    pbs: string;
    pool: { name: string; health: string };
    failedDisk: string;
    wornDisk: string;
  };
  template: string;
  locked: { id: string; lock: string };
  ha: { id: string; state: string };
  vmWithAgent: { id: string; ips: string[] };
  containerWithIps: { id: string; ips: string[] };
  vmWithoutAgent: string;
  containerWithoutIps: string;
  offline: { node: string; guest: string };
}

interface Source {
  inventory: ProxmoxInventory;
  cases: Cases;
  /** Takes `cases.offline.node` offline, when the source is not recorded that way already. */
  takeOffline?: () => void;
}

const TOKEN = { tokenId: 'ralf@pve!ui', secret: '0b2a4c9e-1d7f-4e3a-9c5b-7a6d8e9f0a1b' };
const reader = (url: string, token: { tokenId: string; secret: string }) =>
  new ProxmoxInventory({ url, ...token, fingerprint: null, ca: null, timeoutMs: 5000, pollMs: 10_000 });

/**
 * One suite, two sources: the recorded answers of a real cluster's shapes and the demo lab's
 * Proxmox VE API, read by the same adapter. What a user sees of a guest (its addresses, why it has
 * none, its lock, its HA state) and of a node (versions, offline) must not depend on which it is.
 */
function contract(name: string, open: () => Promise<{ source: Source; close: () => Promise<void> }>) {
  describe(`the Proxmox VE contract: ${name}`, () => {
    let source: Source;
    let close: () => Promise<void>;
    beforeAll(async () => ({ source, close } = await open()));
    afterAll(() => close());

    it('reads nodes with their versions, and guests with their config, addresses, lock and HA state', async () => {
      const { reading, facts } = await source.inventory.read();
      const c = source.cases;
      expect(facts).toMatchObject({ cluster: c.cluster, quorate: true });
      expect(reading.guests.every((g) => g.id === `${g.type}/${g.vmid}` && g.nodeId.startsWith('node/'))).toBe(true);
      const online = reading.nodes.filter((n) => n.status === 'online');
      expect(online.length).toBeGreaterThan(0);
      for (const n of online) {
        expect(n.pve.version).toMatch(/^\d+\.\d+\.\d+$/);
        expect(n.pve.kernel).toMatch(/-pve$/);
        expect(n.pve.bootedAt).not.toBeNull();
      }
      const guest = (id: string) => reading.guests.find((g) => g.id === id)!.pve;
      expect(guest(c.vmWithAgent.id)).toMatchObject({ ips: c.vmWithAgent.ips, ipSource: 'agent' });
      expect(guest(c.vmWithAgent.id).nets[0]).toMatchObject({ name: 'net0', bridge: 'vmbr0' });
      expect(guest(c.vmWithAgent.id).nets[0]!.mac).toMatch(/^BC:24:11(:[0-9A-F]{2}){3}$/);
      expect(guest(c.vmWithAgent.id).disks[0]).toMatchObject({ name: expect.stringMatching(/^scsi0$/) as string });
      expect(guest(c.vmWithAgent.id).disks[0]!.sizeBytes).toBeGreaterThan(0);
      expect(guest(c.vmWithAgent.id).digest).toMatch(/^[0-9a-f]{40}$/);
      expect(guest(c.containerWithIps.id)).toMatchObject({ ips: c.containerWithIps.ips, ipSource: 'interfaces' });
      expect(guest(c.containerWithIps.id).disks[0]).toMatchObject({ name: 'rootfs' });
      expect(guest(c.vmWithoutAgent)).toMatchObject({ ips: [], ipSource: 'no-agent' });
      expect(guest(c.containerWithoutIps)).toMatchObject({ ips: [], ipSource: 'interfaces' });
      expect(guest(c.locked.id).lock).toBe(c.locked.lock);
      expect(guest(c.ha.id).haState).toBe(c.ha.state);
      expect(facts.templates.map((t) => t.id)).toContain(c.template);
      expect(reading.guests.some((g) => g.id === c.template)).toBe(false);
    });

    it("reads each node's storages, ZFS pools and disks with their health and wear", async () => {
      const { facts } = await source.inventory.read();
      const s = source.cases.storage;
      const on = <T extends { node: string }>(xs: T[]) => xs.filter((x) => x.node === s.node);
      expect(on(facts.storages).find((x) => x.name === s.dir)).toMatchObject({
        type: 'dir',
        shared: false,
        active: true,
      });
      expect(on(facts.storages).find((x) => x.name === s.dir)!.content).toContain('backup');
      expect(on(facts.storages).find((x) => x.name === s.pbs)).toMatchObject({ type: 'pbs', shared: true });
      expect(on(facts.pools)).toEqual([expect.objectContaining(s.pool)]);
      expect(on(facts.disks).find((d) => d.devpath === s.failedDisk)).toMatchObject({
        health: 'FAILED',
        wearout: null,
      });
      expect(on(facts.disks).find((d) => d.devpath === s.wornDisk)!.wearout).toBeGreaterThan(0);
    });

    it('shows a node that does not answer as offline, and its guests as unknown', async () => {
      source.takeOffline?.();
      const { reading } = await source.inventory.read();
      const c = source.cases.offline;
      expect(reading.nodes.find((n) => n.id === c.node)).toMatchObject({ status: 'offline' });
      expect(reading.nodes.find((n) => n.id === c.node)!.pve.bootedAt).toBeNull();
      expect(reading.guests.find((g) => g.id === c.guest)).toMatchObject({ status: 'unknown', nodeId: c.node });
    });
  });
}

contract('recorded answers', async () => {
  const server = await servePveFixtures(`PVEAPIToken=${TOKEN.tokenId}=${TOKEN.secret}`);
  return {
    source: {
      inventory: reader(server.url, TOKEN),
      cases: {
        cluster: 'homelab',
        storage: {
          node: 'pve1',
          dir: 'local',
          pbs: 'pbs-main',
          pool: { name: 'tank', health: 'DEGRADED' },
          failedDisk: '/dev/sdb',
          wornDisk: '/dev/nvme0n1',
        },
        template: 'qemu/9000',
        locked: { id: 'lxc/102', lock: 'backup' },
        ha: { id: 'qemu/100', state: 'started' },
        vmWithAgent: { id: 'qemu/100', ips: ['192.168.1.50', 'fd00::50'] },
        containerWithIps: { id: 'lxc/101', ips: ['192.168.1.53'] },
        vmWithoutAgent: 'qemu/103',
        containerWithoutIps: 'lxc/102',
        offline: { node: 'node/pve2', guest: 'qemu/200' },
      },
    },
    close: server.close,
  };
});

contract("the demo lab's API", async () => {
  const t = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  const lab = t.lab as LabModel;
  return {
    source: {
      inventory: reader(`http://127.0.0.1:${port}/demo-lab/pve`, DEMO_PVE_TOKEN),
      cases: {
        cluster: 'ralf-lab',
        storage: {
          node: 'pve3',
          dir: 'local',
          pbs: 'pbs-main',
          pool: { name: 'media', health: 'DEGRADED' },
          failedDisk: '/dev/sdb',
          wornDisk: '/dev/nvme0n1',
        },
        template: `qemu/${DEMO_TEMPLATE.vmid}`,
        // The demo's clock stands at 12:00, when nextcloud's hourly backup holds its lock.
        locked: { id: 'qemu/201', lock: 'backup' },
        ha: { id: 'lxc/101', state: 'started' },
        vmWithAgent: { id: 'qemu/200', ips: ['10.20.0.202'] },
        containerWithIps: { id: 'lxc/101', ips: ['10.20.0.103'] },
        vmWithoutAgent: 'qemu/212',
        containerWithoutIps: 'lxc/213',
        offline: { node: 'node/pve3', guest: 'qemu/200' },
      },
      takeOffline: () => void (lab.nodes.find((n) => n.name === 'pve3')!.status = 'offline'),
    },
    close: () => t.stop(),
  };
});
