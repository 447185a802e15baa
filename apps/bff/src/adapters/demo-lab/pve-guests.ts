import { createHash } from 'node:crypto';
import type { LabGuest, LabModel } from './lab-model';

/**
 * What the demo lab's guests show beyond /cluster/resources, in Proxmox VE's shapes: their
 * config (`/nodes/{node}/{qemu|lxc}/{vmid}/config`), their addresses (the QEMU guest agent's
 * `network-get-interfaces`, a container's `/interfaces`), locks and HA states. Each guest is the
 * same every time it is asked (its values come from its vmid), so a reading changes only when
 * the lab does.
 */

/** The VM whose QEMU guest agent is not installed: Proxmox cannot tell its addresses or disk use. */
export const NO_AGENT = new Set([212]);
/** The container that has no address (its network is set to manual and nobody configured it). */
export const NO_ADDRESS = new Set([213]);
/** Guests HA manages (the seed's core state: database, git, secrets). */
export const HA_MANAGED = new Set([101, 102, 103]);
/** The guest whose nightly backup holds its lock for the first five minutes of every hour in the demo. */
export const BACKUP_LOCKED = 201;

const GiB = 1024 ** 3;
const hex2 = (n: number) => (n & 0xff).toString(16).padStart(2, '0').toUpperCase();

/** Proxmox's own MAC prefix (BC:24:11) and three bytes from the vmid. */
export const macOf = (vmid: number) => `BC:24:11:${hex2(vmid >> 16)}:${hex2(vmid >> 8)}:${hex2(vmid)}`;
/** The lab's guest network is 10.20.0.0/16; each guest keeps its address wherever it runs. */
export const ipOf = (vmid: number) => `10.20.${Math.floor(vmid / 250)}.${(vmid % 250) + 2}`;

export const lockOf = (g: LabGuest, t: number): string | null =>
  g.vmid === BACKUP_LOCKED && g.status === 'running' && t % 3600 < 300 ? 'backup' : null;

export const haStateOf = (g: LabGuest): string | null =>
  HA_MANAGED.has(g.vmid) ? (g.status === 'running' ? 'started' : 'stopped') : null;

/** Seconds since the guest booted: each reboots every few weeks at its own moment. */
export const guestUptime = (g: LabGuest, t: number) =>
  g.status === 'running' ? 3 * 86_400 + ((t + g.seed) % (27 * 86_400)) : 0;

function digestOf(config: Record<string, unknown>): string {
  return createHash('sha1').update(JSON.stringify(config)).digest('hex');
}

/** `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`: the guest's config as Proxmox stores it (sizes as `64G`, memory in MiB). */
export function guestConfig(g: LabGuest): Record<string, unknown> {
  const size = `${Math.round(g.diskBytes / GiB)}G`;
  const tags = g.tags.join(';');
  const config: Record<string, unknown> =
    g.type === 'qemu'
      ? {
          name: g.name,
          cores: g.cores,
          sockets: 1,
          memory: String(Math.round(g.memoryBytes / 1024 ** 2)),
          ostype: g.name === 'win11-test' ? 'win11' : 'l26',
          ...(!NO_AGENT.has(g.vmid) && { agent: '1' }),
          scsihw: 'virtio-scsi-single',
          scsi0: `local-lvm:vm-${g.vmid}-disk-0,iothread=1,size=${size}`,
          ide2: 'none,media=cdrom',
          net0: `virtio=${macOf(g.vmid)},bridge=vmbr0,firewall=1`,
          boot: 'order=scsi0;net0',
          ...(tags && { tags }),
        }
      : {
          hostname: g.name,
          cores: g.cores,
          memory: Math.round(g.memoryBytes / 1024 ** 2),
          swap: 512,
          ostype: 'debian',
          arch: 'amd64',
          unprivileged: 1,
          rootfs: `local-lvm:subvol-${g.vmid}-disk-0,size=${size}`,
          net0: NO_ADDRESS.has(g.vmid)
            ? `name=eth0,bridge=vmbr0,hwaddr=${macOf(g.vmid)},type=veth`
            : `name=eth0,bridge=vmbr0,hwaddr=${macOf(g.vmid)},ip=${ipOf(g.vmid)}/16,gw=10.20.0.1,type=veth`,
          ...(tags && { tags }),
        };
  return { ...config, digest: digestOf(config) };
}

/**
 * `GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces`: the guest agent's answer, or why
 * there is none (Proxmox answers 500 with the reason in the status line).
 */
export function agentInterfaces(g: LabGuest): { result: unknown[] } | { error: string } {
  if (g.status !== 'running') return { error: `VM ${g.vmid} is not running` };
  if (NO_AGENT.has(g.vmid)) return { error: 'No QEMU guest agent configured' };
  const mac = macOf(g.vmid).toLowerCase();
  return {
    result: [
      {
        name: 'lo',
        'hardware-address': '00:00:00:00:00:00',
        'ip-addresses': [
          { 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 },
          { 'ip-address-type': 'ipv6', 'ip-address': '::1', prefix: 128 },
        ],
      },
      {
        name: 'ens18',
        'hardware-address': mac,
        'ip-addresses': [
          { 'ip-address-type': 'ipv4', 'ip-address': ipOf(g.vmid), prefix: 16 },
          { 'ip-address-type': 'ipv6', 'ip-address': linkLocal(mac), prefix: 64 },
        ],
        statistics: { 'rx-bytes': 0, 'tx-bytes': 0, 'rx-packets': 0, 'tx-packets': 0 },
      },
    ],
  };
}

/** The IPv6 link-local address a MAC gives (EUI-64), as Linux forms it. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const word = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return `fe80::${word(b[0]! ^ 2, b[1]!)}:${word(b[2]!, 0xff)}:${word(0xfe, b[3]!)}:${word(b[4]!, b[5]!)}`;
}

/** `GET /nodes/{node}/lxc/{vmid}/interfaces`: a running container's interfaces as Proxmox lists them. */
export function containerInterfaces(g: LabGuest): { data: unknown[] } | { error: string } {
  if (g.status !== 'running') return { error: `CT ${g.vmid} not running` };
  const lo = { name: 'lo', hwaddr: '00:00:00:00:00:00', inet: '127.0.0.1/8', inet6: '::1/128' };
  if (NO_ADDRESS.has(g.vmid)) return { data: [lo] };
  return { data: [lo, { name: 'eth0', hwaddr: macOf(g.vmid).toLowerCase(), inet: `${ipOf(g.vmid)}/16` }] };
}

/** The guest a path names on that node, as Proxmox finds it (a guest on another node is "does not exist"). */
export function guestOn(model: LabModel, node: string, type: string, vmid: string): LabGuest | null {
  return model.guests.find((g) => g.type === type && String(g.vmid) === vmid && g.nodeId === `node/${node}`) ?? null;
}
