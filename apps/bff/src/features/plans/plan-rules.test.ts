import { englishText, messageText } from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import { applyAction, describeAction, ownChecks, planProblems, simulate, type InventoryView } from './plan-rules';
import { drift, fingerprint } from './plan-fingerprint';

const inv = {
  nodes: new Map([
    ['node/pve1', { id: 'node/pve1', name: 'pve1' }],
    ['node/pve3', { id: 'node/pve3', name: 'pve3' }],
  ]),
  guests: new Map([
    ['qemu/207', { id: 'qemu/207', name: 'minecraft' }],
    ['lxc/210', { id: 'lxc/210', name: 'mosquitto' }],
  ]),
  services: new Set<string>(),
} as unknown as InventoryView;

const title = (a: Parameters<typeof describeAction>[0], v: InventoryView) => englishText(describeAction(a, v));

describe("a hand-made plan's title", () => {
  it('names guests and nodes and says sizes in their units, never ids or field names', () => {
    expect(title({ type: 'migrate', guestId: 'qemu/207', from: 'node/pve3', to: 'node/pve1' }, inv)).toBe(
      'Move minecraft from pve3 to pve1',
    );
    expect(title({ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', from: 1024, to: 2048 }, inv)).toBe(
      'Give mosquitto 2 GiB of memory (now 1 GiB)',
    );
    expect(title({ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', from: 512, to: 768 }, inv)).toBe(
      'Give mosquitto 768 MiB of memory (now 512 MiB)',
    );
    expect(title({ type: 'resize', guestId: 'lxc/210', resource: 'cores', from: 1, to: 2 }, inv)).toBe(
      'Give mosquitto 2 cores (now 1)',
    );
    expect(title({ type: 'resize', guestId: 'lxc/210', resource: 'diskGiB', from: 4, to: 8 }, inv)).toBe(
      'Grow the disk of mosquitto to 8 GiB (now 4 GiB)',
    );
    expect(title({ type: 'start', guestId: 'qemu/207' }, inv)).toBe('Start minecraft');
    expect(title({ type: 'stop', guestId: 'qemu/999' }, inv)).toBe('Stop qemu/999');
    // Written by ralf-ui in RALF_LANGUAGE: the same titles in German.
    const de = (a: Parameters<typeof describeAction>[0]) => messageText('de', describeAction(a, inv));
    expect(de({ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', from: 1024, to: 2048 })).toBe(
      'mosquitto 2 GiB Arbeitsspeicher geben (jetzt 1 GiB)',
    );
    expect(de({ type: 'migrate', guestId: 'qemu/207', from: 'node/pve3', to: 'node/pve1' })).toBe(
      'minecraft von pve3 nach pve1 verschieben',
    );
  });
});

const GiB = 1024 ** 3;
/** Two 16-core, 64 GiB nodes; a running 4-core, 8 GiB guest on pve1 using half its CPU and 6 GiB. */
const lab = {
  nodes: new Map([
    ['node/pve1', { id: 'node/pve1', name: 'pve1', status: 'online', cpuCores: 16, memoryBytes: 64 * GiB }],
    ['node/pve2', { id: 'node/pve2', name: 'pve2', status: 'online', cpuCores: 16, memoryBytes: 64 * GiB }],
  ]),
  guests: new Map([
    [
      'qemu/300',
      {
        id: 'qemu/300',
        name: 'nextcloud',
        nodeId: 'node/pve1',
        status: 'running',
        cores: 4,
        memoryBytes: 8 * GiB,
        diskBytes: 64 * GiB,
        tags: ['core'],
      },
    ],
  ]),
  services: new Set(['nextcloud/app']),
} as unknown as InventoryView;
const usage = (pve1Mem: number, pve2Mem: number) =>
  new Map([
    ['node/pve1', { cpu: 0.5, memUsed: pve1Mem * 64 * GiB, memSize: 64 * GiB }],
    ['node/pve2', { cpu: 0.1, memUsed: pve2Mem * 64 * GiB, memSize: 64 * GiB }],
    ['qemu/300', { cpu: 0.5, memUsed: 6 * GiB, memSize: 8 * GiB }],
  ]) as unknown as Parameters<typeof simulate>[2];
const node = (sim: ReturnType<typeof simulate>, id: string) => sim.nodes.find((n) => n.nodeId === id)!;

describe('the simulation of a hand-made plan', () => {
  it('moves what a migrated guest uses from its node to the target', () => {
    const sim = simulate(
      [{ type: 'migrate', guestId: 'qemu/300', from: 'node/pve1', to: 'node/pve2' }],
      lab,
      usage(0.5, 0.2),
    );
    // 0.5 of 4 cores = 2 cores = 0.125 of a 16-core node; 6 GiB = 0.094 of 64 GiB.
    expect(node(sim, 'node/pve1')).toEqual({
      nodeId: 'node/pve1',
      cpuBefore: 0.5,
      cpuAfter: 0.375,
      memBefore: 0.5,
      memAfter: 0.406,
    });
    expect(node(sim, 'node/pve2')).toEqual({
      nodeId: 'node/pve2',
      cpuBefore: 0.1,
      cpuAfter: 0.225,
      memBefore: 0.2,
      memAfter: 0.294,
    });
  });

  it('frees what a stopped guest used, on its node only', () => {
    const sim = simulate([{ type: 'stop', guestId: 'qemu/300' }], lab, usage(0.5, 0.2));
    expect(node(sim, 'node/pve1')).toMatchObject({ cpuAfter: 0.375, memAfter: 0.406 });
    expect(node(sim, 'node/pve2')).toMatchObject({ cpuAfter: 0.1, memAfter: 0.2 });
  });
});

describe("ralf-ui's own checks", () => {
  it('blocks a plan only when memory would be overcommitted (above 100 %), and warns above the threshold', () => {
    const at = (memAfter: number) =>
      ownChecks(
        [{ type: 'start', guestId: 'qemu/999' }],
        {
          nodes: [{ nodeId: 'node/pve2', cpuBefore: 0.1, cpuAfter: 0.1, memBefore: 0.5, memAfter }],
          thresholds: { cpu: 0.85, mem: 0.9 },
        },
        lab,
      ).checks[0];
    expect(at(1.01)).toMatchObject({ result: 'failed', blocking: true });
    expect(at(1)).toMatchObject({ result: 'warned', blocking: false });
    expect(at(0.9)).toMatchObject({ result: 'passed' });
    expect(at(0.91)).toMatchObject({ result: 'warned' });
  });

  it('warns when a core service is touched, and rates the risk by the worst check', () => {
    const r = ownChecks(
      [{ type: 'stop', guestId: 'qemu/300' }],
      { nodes: [], thresholds: { cpu: 0.85, mem: 0.9 } },
      lab,
    );
    expect(r.checks[1]).toMatchObject({ policy: 'core-services', result: 'warned' });
    expect(r.risk).toBe('medium');
  });
});

describe('what an applied action leaves of a guest', () => {
  it('moves, starts, stops and resizes in the units the action names', () => {
    const g = {
      nodeId: 'node/pve1',
      status: 'running',
      cores: 4,
      memoryBytes: 8 * GiB,
      diskBytes: 64 * GiB,
    } as Parameters<typeof applyAction>[0];
    applyAction(g, { type: 'migrate', guestId: 'qemu/300', from: 'node/pve1', to: 'node/pve2' });
    applyAction(g, { type: 'resize', guestId: 'qemu/300', resource: 'memoryMiB', from: 8192, to: 12288 });
    applyAction(g, { type: 'resize', guestId: 'qemu/300', resource: 'diskGiB', from: 64, to: 128 });
    applyAction(g, { type: 'stop', guestId: 'qemu/300' });
    expect(g).toEqual({
      nodeId: 'node/pve2',
      status: 'stopped',
      cores: 4,
      memoryBytes: 12 * GiB,
      diskBytes: 128 * GiB,
    });
  });
});

describe('the checks of a submitted plan against the inventory', () => {
  it('names each wrong field: a guest on another node, a node not in the simulation, a past expiry', () => {
    const content = {
      actions: [{ type: 'migrate', guestId: 'qemu/300', from: 'node/pve2', to: 'node/pve2' }],
      simulation: {
        nodes: [{ nodeId: 'node/pve1', cpuBefore: 0, cpuAfter: 0, memBefore: 0, memAfter: 0 }],
        thresholds: { cpu: 0.85, mem: 0.9 },
      },
      expiresAt: '2026-11-30T09:00:00Z',
    } as unknown as Parameters<typeof planProblems>[0];
    const problems = planProblems(content, lab, new Date('2026-11-30T10:00:00Z'));
    expect(problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'actions.0.from', message: 'qemu/300 (nextcloud) is on node/pve1, not node/pve2' },
      { path: 'simulation.nodes', message: 'the simulation lacks node/pve2, which the actions touch' },
      { path: 'expiresAt', message: '30 Nov 2026, 09:00 is in the past' },
    ]);
    // The same problems in German, for a German page (issue 18).
    expect(problems.map((p) => messageText('de', p))).toEqual([
      'qemu/300 (nextcloud) ist auf node/pve1, nicht auf node/pve2',
      'der Simulation fehlt node/pve2, den die Aktionen berühren',
      '30.11.2026, 09:00 liegt in der Vergangenheit',
    ]);
  });

  it('sees a guest changed since approval as drift, and an unchanged one as none', () => {
    const before = fingerprint([{ type: 'stop', guestId: 'qemu/300' }], lab);
    expect(drift(before.states, fingerprint([{ type: 'stop', guestId: 'qemu/300' }], lab).states)).toEqual([]);
    const moved = {
      ...lab,
      guests: new Map([['qemu/300', { ...lab.guests.get('qemu/300')!, nodeId: 'node/pve2' }]]),
    } as InventoryView;
    expect(drift(before.states, fingerprint([{ type: 'stop', guestId: 'qemu/300' }], moved).states)).toContain(
      'qemu/300: on node/pve1, running, 4 cores, 8192 MiB, 64 GiB → on node/pve2, running, 4 cores, 8192 MiB, 64 GiB',
    );
  });
});

describe('a plan that joins a host Foreman found as a node (issue 21)', () => {
  const join = {
    type: 'add-node',
    hostId: '6f1c2d3e-0000-4000-8000-000000000001',
    mac: '3c:ec:ef:12:34:56',
    node: 'node/nuc-13',
    cluster: 'ralf-lab',
  } as const;

  it('reads as joining the host, in both languages, and groups under the new node', () => {
    expect(title(join, inv)).toBe('Add nuc-13 (3c:ec:ef:12:34:56) to the cluster ralf-lab as a node');
    expect(messageText('de', describeAction(join, inv))).toBe(
      'nuc-13 (3c:ec:ef:12:34:56) als Knoten in den Cluster ralf-lab aufnehmen',
    );
  });

  it('is refused when a node of that name exists, and a node of that name appearing before the apply is drift', () => {
    const content = {
      actions: [{ ...join, node: 'node/pve1' }],
      simulation: {
        nodes: [{ nodeId: 'node/pve1', cpuBefore: 0, cpuAfter: 0, memBefore: 0, memAfter: 0 }],
        thresholds: { cpu: 0.85, mem: 0.9 },
      },
      expiresAt: '2026-12-30T09:00:00Z',
    } as unknown as Parameters<typeof planProblems>[0];
    expect(
      planProblems(content, lab, new Date('2026-11-30T10:00:00Z')).map(({ path, message }) => ({ path, message })),
    ).toEqual([{ path: 'actions.0.node', message: 'there is already a node node/pve1' }]);
    // Approved while nuc-13 is missing; a nuc-13 that shows up meanwhile changes what was approved.
    const before = fingerprint([join], lab);
    expect(before.states).toEqual({ 'node/nuc-13': 'missing' });
    const grown = {
      ...lab,
      nodes: new Map([
        ...lab.nodes,
        ['node/nuc-13', { id: 'node/nuc-13', name: 'nuc-13', status: 'online', cpuCores: 12, memoryBytes: 64 * GiB }],
      ]),
    } as InventoryView;
    expect(drift(before.states, fingerprint([join], grown).states)).toEqual(['node/nuc-13: missing → online']);
  });

  it('changes no guest and no simulated node, and touches no core service', () => {
    const g = { nodeId: 'node/pve1', status: 'running' as const, cores: 2, memoryBytes: 1, diskBytes: 1 };
    applyAction(g, join);
    expect(g).toEqual({ nodeId: 'node/pve1', status: 'running', cores: 2, memoryBytes: 1, diskBytes: 1 });
    const sim = simulate([join], lab, new Map());
    expect(sim.nodes.every((n) => n.cpuAfter === n.cpuBefore && n.memAfter === n.memBefore)).toBe(true);
    expect(ownChecks([join], sim, lab).checks.find((c) => c.policy === 'core-services')?.result).toBe('passed');
  });
});
