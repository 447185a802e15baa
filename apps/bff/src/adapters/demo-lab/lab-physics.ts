import type { Usage } from '@ralf/shared';
import { DAY_SECONDS, GiB, noise, type LabGuest, type LabModel, type LabNode } from './lab-model';

const KNOT = 300; // seconds between noise knots: load drifts smoothly, not per sample

/** Smooth noise in [-1, 1]: linear between knots every five minutes. */
function smooth(seed: number, t: number): number {
  const k = Math.floor(t / KNOT);
  const f = t / KNOT - k;
  return noise(seed, k) * (1 - f) + noise(seed, k + 1) * f;
}

/** 0 at night, 1 in the afternoon (Europe/Berlin, roughly UTC+1). */
export function daily(t: number): number {
  return 0.5 + 0.5 * Math.sin((2 * Math.PI * (t + 3600)) / DAY_SECONDS - Math.PI / 2 - Math.PI / 6);
}

function eveningHour(t: number): boolean {
  const hour = ((t + 3600) % DAY_SECONDS) / 3600;
  return hour >= 18 && hour < 23;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export interface GuestSample {
  up: boolean;
  cpu: number;
  memUsed: number;
  diskUsed: number;
  /** Monotonic byte counters, as prometheus-pve-exporter publishes them. */
  rxBytes: number;
  txBytes: number;
  rxRate: number;
  txRate: number;
}

/** Network rate r(t) = base·(1 + 0.6·sin(2πt/day)) and its integral, so counters only grow. */
function netRate(base: number, t: number): number {
  return base * (1 + 0.6 * Math.sin((2 * Math.PI * t) / DAY_SECONDS));
}
function netCounter(base: number, t: number): number {
  return (
    base *
    (t -
      ((0.6 * DAY_SECONDS) / (2 * Math.PI)) * Math.cos((2 * Math.PI * t) / DAY_SECONDS) +
      (0.6 * DAY_SECONDS) / (2 * Math.PI))
  );
}

export function guestAt(g: LabGuest, t: number): GuestSample {
  if (g.status !== 'running' || (g.bornAt !== undefined && t < g.bornAt))
    return {
      up: false,
      cpu: 0,
      memUsed: 0,
      diskUsed: g.diskBytes * g.profile.diskBase,
      rxBytes: 0,
      txBytes: 0,
      rxRate: 0,
      txRate: 0,
    };
  const p = g.profile;
  const d = daily(t);
  const burst = p.eveningBurst > 0 && eveningHour(t) ? p.eveningBurst * (0.8 + 0.2 * smooth(g.seed + 7, t)) : 0;
  const cpu = clamp(p.cpuBase + p.cpuAmp * d + 0.03 * smooth(g.seed, t) + burst, 0.002, 1);
  const mem = clamp(p.memBase + 0.05 * d + 0.02 * smooth(g.seed + 1, t), 0.05, 0.99);
  // Disks fill slowly: about 1% of the disk a month.
  const disk = clamp(p.diskBase + ((t / DAY_SECONDS) % 365) * 0.0003, 0, 0.99);
  const rx = netRate(p.netBase, t);
  return {
    up: true,
    cpu,
    memUsed: Math.round(mem * g.memoryBytes),
    diskUsed: Math.round(disk * g.diskBytes),
    rxBytes: Math.round(netCounter(p.netBase, t)),
    txBytes: Math.round(netCounter(p.netBase * 0.4, t)),
    rxRate: rx,
    txRate: rx * 0.4,
  };
}

/** A node's use is the sum of its guests' (given with their samples at t) plus the host's own share. */
export function nodeAt(n: LabNode, guests: Array<[LabGuest, GuestSample]>, t: number): GuestSample {
  let cpuCores = 0.04 * n.cpuCores;
  let mem = 3 * GiB;
  let disk = 20 * GiB;
  let rx = 0;
  let tx = 0;
  let rxRate = 0;
  let txRate = 0;
  for (const [g, s] of guests) {
    cpuCores += s.cpu * g.cores;
    mem += s.memUsed;
    disk += s.diskUsed;
    rx += s.rxBytes;
    tx += s.txBytes;
    rxRate += s.rxRate;
    txRate += s.txRate;
  }
  return {
    up: n.status === 'online',
    cpu: clamp(cpuCores / n.cpuCores + 0.02 * smooth(n.seed, t), 0, 1),
    memUsed: Math.min(mem, n.memoryBytes),
    diskUsed: disk,
    rxBytes: rx,
    txBytes: tx,
    rxRate,
    txRate,
  };
}

export function toUsage(s: GuestSample, memSize: number, diskSize: number): Usage {
  return {
    up: s.up,
    cpu: s.cpu,
    memUsed: s.memUsed,
    memSize,
    diskUsed: s.diskUsed,
    diskSize,
    netRx: s.rxRate,
    netTx: s.txRate,
  };
}

/** Every node's and guest's sample at time t, keyed by Proxmox id. */
export function sampleLab(
  model: LabModel,
  t: number,
): Map<string, { sample: GuestSample; memSize: number; diskSize: number }> {
  const out = new Map<string, { sample: GuestSample; memSize: number; diskSize: number }>();
  const byNode = new Map<string, Array<[LabGuest, GuestSample]>>();
  for (const g of model.guests) {
    const sample = guestAt(g, t); // once per guest: its node sums the same samples
    const list = byNode.get(g.nodeId) ?? [];
    list.push([g, sample]);
    byNode.set(g.nodeId, list);
    out.set(g.id, { sample, memSize: g.memoryBytes, diskSize: g.diskBytes });
  }
  for (const n of model.nodes)
    out.set(n.id, { sample: nodeAt(n, byNode.get(n.id) ?? [], t), memSize: n.memoryBytes, diskSize: n.diskBytes });
  return out;
}
