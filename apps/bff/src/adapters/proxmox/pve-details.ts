import type { GuestPve, PveDisk, PveStorage, ZfsPool } from '@ralf/shared';
import { isObj, num, str } from './answer-values';

/**
 * Readers of the Proxmox VE answers beyond /cluster/resources (issue 19), each tolerant of what
 * it does not know: a field missing or of another shape leaves its value null or the list
 * shorter, never an error. Shapes as the API viewer of pve-docs and proxmox/proxmox-rs
 * `pve-api-types` describe them (fixtures in test/fixtures/proxmox/, with their sources).
 */

/** `GET /nodes/{node}/status`: the PVE version (`pve-manager/8.3.2/…` → `8.3.2`) and the running kernel. */
export function nodeVersions(status: unknown): { version: string | null; kernel: string | null } {
  if (!isObj(status)) return { version: null, kernel: null };
  const pve = str(status.pveversion);
  const version = pve ? (/^pve-manager\/([^/]+)/.exec(pve)?.[1] ?? pve) : null;
  const current = isObj(status['current-kernel']) ? str(status['current-kernel'].release) : null;
  const kversion = str(status.kversion);
  return { version, kernel: current ?? (kversion ? (kversion.split(/\s+/)[1] ?? null) : null) };
}

/** `32G`, `512M`, `1T`, or bytes without a unit, as Proxmox writes disk sizes. */
export function sizeBytes(s: string | undefined): number | null {
  const m = s ? /^(\d+(?:\.\d+)?)([KMGTP]?)$/i.exec(s) : null;
  if (!m) return null;
  const unit = { '': 0, K: 1, M: 2, G: 3, T: 4, P: 5 }[m[2]!.toUpperCase() as 'K'] ?? 0;
  return Math.round(Number(m[1]) * 1024 ** unit);
}

/** `a=1,b=2,virtio=BC:…` as its pairs, in order; a part without `=` keeps its text as key. */
function pairs(value: string): [string, string][] {
  return value.split(',').map((part) => {
    const i = part.indexOf('=');
    return i < 0 ? [part, ''] : [part.slice(0, i), part.slice(i + 1)];
  });
}

const VM_NET_MODELS =
  /^(virtio|e1000e?|rtl8139|vmxnet3|e1000-82540em|e1000-82544gc|e1000-82545em|i82551|i82557b|i82559er|ne2k_isa|ne2k_pci|pcnet)$/;
const VM_DISK = /^(scsi|virtio|sata|ide|efidisk|tpmstate)\d+$/;
const CT_DISK = /^(rootfs|mp\d+)$/;
/** Disks in the order the Proxmox UI lists them: data disks by bus, then EFI and TPM state. */
const rank = (key: string) =>
  ['rootfs', 'mp', 'scsi', 'virtio', 'sata', 'ide', 'efidisk', 'tpmstate'].findIndex((p) => key.startsWith(p)) + 1;

/**
 * `GET /nodes/{node}/{qemu|lxc}/{vmid}/config`: network devices (model, MAC, bridge), disks
 * (storage and size; CD drives left out), the config's digest, and for a VM whether the QEMU
 * guest agent is enabled (`agent: 1` or `enabled=1,…`).
 */
export function guestConfigOf(
  type: 'qemu' | 'lxc',
  config: unknown,
): Pick<GuestPve, 'nets' | 'disks' | 'digest'> & { agent: boolean } {
  const out = {
    nets: [] as GuestPve['nets'],
    disks: [] as GuestPve['disks'],
    digest: null as string | null,
    agent: false,
  };
  if (!isObj(config)) return out;
  out.digest = str(config.digest);
  const agent = config.agent;
  out.agent =
    type === 'qemu' &&
    (agent === 1 || agent === true || (typeof agent === 'string' && /^(1|enabled=1)(,|$)/.test(agent)));
  for (const key of Object.keys(config).sort(
    (a, b) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }),
  )) {
    const value = config[key];
    if (typeof value !== 'string') continue;
    if (/^net\d+$/.test(key)) {
      const p = new Map(pairs(value));
      const [first, firstValue] = pairs(value)[0] ?? ['', ''];
      const model =
        type === 'lxc' ? (p.get('type') ?? 'veth') : VM_NET_MODELS.test(first) ? first : (p.get('model') ?? null);
      const mac =
        type === 'lxc'
          ? (p.get('hwaddr') ?? null)
          : VM_NET_MODELS.test(first)
            ? firstValue
            : (p.get('macaddr') ?? null);
      out.nets.push({ name: key, model, mac: mac ? mac.toUpperCase() : null, bridge: p.get('bridge') ?? null });
    } else if ((type === 'qemu' ? VM_DISK : CT_DISK).test(key)) {
      const parts = pairs(value);
      const p = new Map(parts);
      if (p.get('media') === 'cdrom' || parts[0]?.[0] === 'none') continue;
      const volume = parts[0]?.[0] ?? '';
      const storage = volume.includes(':') ? volume.slice(0, volume.indexOf(':')) : null;
      out.disks.push({ name: key, storage, sizeBytes: sizeBytes(p.get('size')) });
    }
  }
  return out;
}

/** Addresses worth showing: not loopback, not link-local. */
const shown = (ip: string) => !/^(127\.|::1$|fe80:)/i.test(ip);

/** `GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces`: the guest agent's addresses. */
export function agentAddresses(answer: unknown): string[] {
  const result = isObj(answer) && Array.isArray(answer.result) ? answer.result : [];
  const ips: string[] = [];
  for (const iface of result) {
    if (!isObj(iface) || iface.name === 'lo' || !Array.isArray(iface['ip-addresses'])) continue;
    for (const a of iface['ip-addresses']) {
      const ip = isObj(a) ? str(a['ip-address']) : null;
      if (ip && shown(ip)) ips.push(ip);
    }
  }
  return [...new Set(ips)];
}

/** `GET /nodes/{node}/lxc/{vmid}/interfaces`: a container's addresses (`inet` and `inet6` carry a prefix). */
export function containerAddresses(answer: unknown): string[] {
  const ips: string[] = [];
  for (const iface of Array.isArray(answer) ? answer : []) {
    if (!isObj(iface) || iface.name === 'lo') continue;
    for (const key of ['inet', 'inet6']) {
      const v = iface[key];
      const list = Array.isArray(v) ? v : [v];
      for (const item of list) {
        const ip = str(item)?.split('/')[0];
        if (ip && shown(ip)) ips.push(ip);
      }
    }
  }
  return [...new Set(ips)];
}

/** The storage entries of `/cluster/resources` (a shared storage appears once per node, as Proxmox lists it). */
export function storagesOf(raw: readonly unknown[], cluster: string): PveStorage[] {
  const out: PveStorage[] = [];
  for (const r of raw) {
    if (!isObj(r) || r.type !== 'storage' || typeof r.storage !== 'string' || typeof r.node !== 'string') continue;
    out.push({
      id: `storage/${r.node}/${r.storage}`,
      cluster,
      node: r.node,
      name: r.storage,
      type: str(r.plugintype) ?? 'unknown',
      content: typeof r.content === 'string' ? r.content.split(',').filter(Boolean).sort() : [],
      usedBytes: num(r.disk),
      totalBytes: num(r.maxdisk),
      shared: r.shared === 1 || r.shared === true,
      active: r.status === 'available',
    });
  }
  return out.sort((a, b) => a.node.localeCompare(b.node) || a.name.localeCompare(b.name));
}

/** `GET /nodes/{node}/disks/zfs`: the node's pools and their health. */
export function zfsPoolsOf(raw: unknown, node: string): ZfsPool[] {
  return (Array.isArray(raw) ? raw : []).flatMap((p): ZfsPool[] =>
    isObj(p) && typeof p.name === 'string'
      ? [
          {
            node,
            name: p.name,
            health: str(p.health) ?? 'UNKNOWN',
            sizeBytes: num(p.size),
            allocBytes: num(p.alloc),
            fragPercent: num(p.frag),
          },
        ]
      : [],
  );
}

/** `GET /nodes/{node}/disks/list`: its disks, SMART health and wear (`wearout` is life left, or `N/A`). */
export function disksOf(raw: unknown, node: string): PveDisk[] {
  return (Array.isArray(raw) ? raw : []).flatMap((d): PveDisk[] =>
    isObj(d) && typeof d.devpath === 'string'
      ? [
          {
            node,
            devpath: d.devpath,
            model: str(d.model),
            serial: str(d.serial),
            type: str(d.type) ?? 'unknown',
            sizeBytes: num(d.size),
            health: str(d.health) ?? 'UNKNOWN',
            wearout: num(d.wearout),
            used: str(d.used),
          },
        ]
      : [],
  );
}
