import { describe, expect, it } from 'vitest';
import { DemoLabMetrics } from './demo-lab-metrics';
import { renderExposition } from './exposition';
import { createLabModel } from './lab-model';
import { guestAt } from './lab-physics';

const T = Date.parse('2026-11-25T12:00:00Z');
const clock = { now: () => new Date(T) };

/** Parses `name{id="x",...} value` lines of the exposition format. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{id="([^"]+)"[^}]*\} (\S+)$/.exec(line);
    if (m) out.set(`${m[1]}|${m[2]}`, Number(m[3]));
  }
  return out;
}

describe('demo lab', () => {
  const model = createLabModel();

  it('is three nodes and about thirty guests with the seed core services, one of them stopped', () => {
    expect(model.nodes.map((n) => n.name)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(model.guests).toHaveLength(30);
    const names = model.guests.map((g) => g.name);
    for (const core of [
      'postgresql',
      'gitea',
      'vaultwarden',
      'qdrant',
      'n8n',
      'prometheus',
      'loki',
      'grafana',
      'foreman',
      'synapse',
      'exo-ralf-core',
    ])
      expect(names).toContain(core);
    expect(model.guests.filter((g) => g.status === 'stopped').map((g) => g.name)).toEqual(['win11-test']);
    expect(new Set(model.guests.map((g) => g.id)).size).toBe(30);
  });

  it('keeps one node under memory pressure and the others comfortable', async () => {
    const lab = new DemoLabMetrics(model, clock, 15_000);
    const snap = await lab.snapshot();
    const mem = (id: string) => snap.usage.get(id)!.memUsed! / snap.usage.get(id)!.memSize!;
    expect(mem('node/pve3')).toBeGreaterThan(0.75);
    expect(mem('node/pve1')).toBeLessThan(0.7);
  });

  it('publishes in the exposition format the same values it serves in process', async () => {
    const lab = new DemoLabMetrics(model, clock, 15_000);
    const snap = await lab.snapshot();
    const text = renderExposition(model, snap.sampledAt.getTime() / 1000);
    expect(text).toContain('# TYPE pve_network_receive_bytes counter');
    const values = parse(text);
    const jelly = snap.usage.get('qemu/200')!;
    expect(values.get('pve_cpu_usage_ratio|qemu/200')).toBeCloseTo(jelly.cpu!, 6);
    expect(values.get('pve_memory_usage_bytes|qemu/200')).toBe(jelly.memUsed);
    expect(values.get('pve_up|qemu/208')).toBe(0);
    expect(values.get('pve_up|node/pve1')).toBe(1);
  });

  it('escapes label values so a strange guest name cannot break the exposition', () => {
    const m = createLabModel();
    m.guests[0]!.name = 'x"} or vector(1) #\nnext';
    const text = renderExposition(m, T / 1000);
    expect(text).toContain('name="x\\"} or vector(1) #\\nnext"');
  });

  it('counts network bytes up only', () => {
    const g = model.guests.find((x) => x.name === 'jellyfin')!;
    let prev = -1;
    for (let t = T / 1000; t < T / 1000 + 86_400; t += 900) {
      const s = guestAt(g, t);
      expect(s.rxBytes).toBeGreaterThan(prev);
      prev = s.rxBytes;
    }
  });

  it('varies load over the day (a daily rhythm, not a flat line)', () => {
    const g = model.guests.find((x) => x.name === 'jellyfin')!;
    const cpus = Array.from({ length: 24 }, (_, h) => guestAt(g, T / 1000 + h * 3600).cpu);
    expect(Math.max(...cpus) - Math.min(...cpus)).toBeGreaterThan(0.2);
  });

  it('scales to 5,000 guests on enough nodes for benchmarks', async () => {
    const big = createLabModel({ guests: 5000 });
    expect(big.guests).toHaveLength(5000);
    expect(big.nodes.length).toBe(100);
    expect(new Set(big.guests.map((g) => g.vmid)).size).toBe(5000);
    const lab = new DemoLabMetrics(big, clock, 15_000);
    expect((await lab.snapshot()).usage.size).toBe(5100);
  });

  it('returns a chart series on the range grid with one value per point', async () => {
    const lab = new DemoLabMetrics(model, clock, 15_000);
    const s = await lab.series('node/pve1', { start: T / 1000 - 3600, end: T / 1000, step: 60 });
    expect(s.t).toHaveLength(61);
    expect(s.values.cpu).toHaveLength(61);
    expect(s.values.cpu.every((v) => v !== null && v > 0 && v <= 1)).toBe(true);
  });
});
