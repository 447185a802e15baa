import { describe, expect, it } from 'vitest';
import { agentAddresses, containerAddresses, guestConfigOf, nodeVersions, sizeBytes } from './pve-details';

describe("readers of Proxmox VE's per-node and per-guest answers", () => {
  it('reads the PVE version and kernel, from current-kernel or from the older kversion', () => {
    expect(
      nodeVersions({ pveversion: 'pve-manager/8.3.2/3e76eec2', 'current-kernel': { release: '6.8.12-4-pve' } }),
    ).toEqual({ version: '8.3.2', kernel: '6.8.12-4-pve' });
    expect(nodeVersions({ pveversion: 'pve-manager/7.4-3/9002ab8a', kversion: 'Linux 5.15.102-1-pve #1 SMP' })).toEqual(
      {
        version: '7.4-3',
        kernel: '5.15.102-1-pve',
      },
    );
    expect(nodeVersions(null)).toEqual({ version: null, kernel: null });
  });

  it('reads sizes as Proxmox writes them', () => {
    expect(sizeBytes('32G')).toBe(32 * 1024 ** 3);
    expect(sizeBytes('631M')).toBe(631 * 1024 ** 2);
    expect(sizeBytes('1T')).toBe(1024 ** 4);
    expect(sizeBytes('4096')).toBe(4096);
    expect(sizeBytes('lots')).toBeNull();
  });

  it("reads a VM's devices in both net syntaxes, leaves CD drives out, and knows whether its agent is on", () => {
    const vm = guestConfigOf('qemu', {
      agent: 'enabled=1,fstrim_cloned_disks=1',
      scsi1: 'tank:vm-1-disk-1,size=1T',
      scsi0: 'local-lvm:vm-1-disk-0,size=64G',
      ide2: 'local:iso/debian.iso,media=cdrom,size=631M',
      efidisk0: 'local-lvm:vm-1-disk-2,efitype=4m,size=4M',
      net0: 'virtio=BC:24:11:5E:7A:01,bridge=vmbr0,firewall=1',
      net1: 'model=e1000,macaddr=bc:24:11:5e:7a:02,bridge=vmbr1',
      digest: 'abc',
    });
    expect(vm.agent).toBe(true);
    expect(vm.digest).toBe('abc');
    expect(vm.disks.map((d) => d.name)).toEqual(['scsi0', 'scsi1', 'efidisk0']);
    expect(vm.nets).toEqual([
      { name: 'net0', model: 'virtio', mac: 'BC:24:11:5E:7A:01', bridge: 'vmbr0' },
      { name: 'net1', model: 'e1000', mac: 'BC:24:11:5E:7A:02', bridge: 'vmbr1' },
    ]);
    expect(guestConfigOf('qemu', { agent: '0' }).agent).toBe(false);
    expect(guestConfigOf('qemu', 'not an object')).toEqual({ nets: [], disks: [], digest: null, agent: false });
  });

  it("reads a container's root disk, mount points and veth", () => {
    const ct = guestConfigOf('lxc', {
      rootfs: 'local-lvm:subvol-101-disk-0,size=8G',
      mp0: 'tank:subvol-101-disk-1,mp=/data,size=2G',
      net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:3A:00:65,ip=dhcp,type=veth',
    });
    expect(ct.disks).toEqual([
      { name: 'rootfs', storage: 'local-lvm', sizeBytes: 8 * 1024 ** 3 },
      { name: 'mp0', storage: 'tank', sizeBytes: 2 * 1024 ** 3 },
    ]);
    expect(ct.nets).toEqual([{ name: 'net0', model: 'veth', mac: 'BC:24:11:3A:00:65', bridge: 'vmbr0' }]);
  });

  it('shows addresses, not loopback or link-local ones', () => {
    expect(
      agentAddresses({
        result: [
          { name: 'lo', 'ip-addresses': [{ 'ip-address': '127.0.0.1' }] },
          { name: 'ens18', 'ip-addresses': [{ 'ip-address': '192.168.1.5' }, { 'ip-address': 'fe80::1' }] },
          { name: 'ens19' },
        ],
      }),
    ).toEqual(['192.168.1.5']);
    expect(
      containerAddresses([
        { name: 'lo', inet: '127.0.0.1/8' },
        { name: 'eth0', inet: '10.0.0.5/24', inet6: 'fd00::5/64' },
      ]),
    ).toEqual(['10.0.0.5', 'fd00::5']);
    expect(containerAddresses('garbage')).toEqual([]);
  });
});
