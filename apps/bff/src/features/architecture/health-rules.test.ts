import {
  englishText,
  type Freshness,
  type Guest,
  type Loop,
  type Message,
  msg,
  type TrailRow,
  verbatim,
} from '@ralf/shared';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../fleet/inventory-cache';
import { agentHealth, guestHealth, loopHealth, signalHealth } from './health-rules';
import { combineHealth } from './health-rules';

const guest = (status: Guest['status']): Guest => ({
  id: 'lxc/101',
  vmid: 101,
  type: 'lxc',
  nodeId: 'node/pve1',
  name: 'postgresql',
  status,
  cores: 4,
  memoryBytes: 1,
  diskBytes: 1,
  tags: [],
  role: 'core',
  pve: null,
  updatedAt: '',
});
const inv = (nodeStatus: 'online' | 'offline'): Inventory => ({
  nodes: [],
  guests: [],
  updatedAt: null,
  nodeById: new Map([
    [
      'node/pve1',
      {
        id: 'node/pve1',
        name: 'pve1',
        cluster: 'c',
        status: nodeStatus,
        cpuCores: 1,
        memoryBytes: 1,
        diskBytes: 1,
        tags: [],
        pve: null,
        updatedAt: '',
      },
    ],
  ]),
});
const ok: Freshness = { source: 'prometheus', state: 'ok', asOf: null, since: null, message: null };
const usage = (up: boolean | null) => ({
  up,
  cpu: 0.2,
  memUsed: 1,
  memSize: 4,
  diskUsed: null,
  diskSize: null,
  netRx: null,
  netTx: null,
});

/** A verdict with its reason in English, as the tests read it. */
const said = <V extends { reason: Message }>(v: V) => ({ ...v, reason: englishText(v.reason) });

describe('a service box from its guest, its node and Prometheus', () => {
  it('is down when stopped, on an offline node, or up = 0; degraded when paused or alerting; unknown without a sample', () => {
    expect(said(guestHealth(guest('stopped'), inv('online'), usage(true), [], ok))).toMatchObject({
      state: 'down',
      reason: 'postgresql (lxc/101) is stopped',
    });
    expect(said(guestHealth(guest('running'), inv('offline'), usage(true), [], ok))).toMatchObject({
      state: 'down',
      reason: 'postgresql (lxc/101): its node pve1 is offline',
    });
    expect(guestHealth(guest('running'), inv('online'), usage(false), [], ok).state).toBe('down');
    expect(guestHealth(guest('paused'), inv('online'), usage(true), [], ok).state).toBe('degraded');
    expect(
      guestHealth(
        guest('running'),
        inv('online'),
        usage(true),
        [
          {
            name: 'PostgresSlow',
            severity: 'warning',
            subject: 'lxc/101',
            summary: 'p99 2 s',
            activeSince: null,
            labels: {},
          },
        ],
        ok,
      ),
    ).toMatchObject({
      state: 'degraded',
      reason: msg('health.alert', { name: 'postgresql', id: 'lxc/101', alert: 'PostgresSlow', summary: 'p99 2 s' }),
    });
    expect(
      said(
        guestHealth(guest('running'), inv('online'), undefined, [], {
          ...ok,
          state: 'unavailable',
          message: 'connection refused',
        }),
      ),
    ).toMatchObject({
      state: 'unknown',
      reason: 'postgresql (lxc/101) is running per the inventory; metrics unavailable: connection refused',
    });
    expect(guestHealth(guest('running'), inv('online'), usage(true), [], ok)).toMatchObject({
      state: 'healthy',
      cpu: 0.2,
      mem: 0.25,
      href: '/fleet/lxc/101',
    });
  });
});

describe('loops, agents and signals', () => {
  const loop = (health: Loop['health'], lastRun: Partial<Loop['lastRun']> | null = null) =>
    ({
      id: 'main',
      name: 'Main',
      health,
      healthReason: 'why',
      paused: health === 'paused' ? { by: 'alice', at: '', reason: 'maintenance' } : null,
      lastRun,
    }) as unknown as Loop;

  it('maps a loop: missed is down, overdue, paused or a failed last run degraded, never unknown', () => {
    expect(loopHealth(loop('missed'), 'main').state).toBe('down');
    expect(loopHealth(loop('overdue'), 'main').state).toBe('degraded');
    expect(englishText(loopHealth(loop('paused'), 'main').reason)).toBe('loop Main is paused by alice: maintenance');
    expect(
      said(loopHealth(loop('ok', { status: 'failed', failedPhase: 'Findings priorisieren' }), 'main')),
    ).toMatchObject({
      state: 'degraded',
      reason: 'loop Main: its last run failed in Findings priorisieren',
    });
    expect(loopHealth(loop('never'), 'main').state).toBe('unknown');
    expect(said(loopHealth(undefined, 'backup'))).toMatchObject({
      state: 'unknown',
      reason: 'no loop backup in the profile',
    });
  });

  it('takes an agent from its newest trail: failed is degraded, a day of silence unknown', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const trail = (outcome: TrailRow['outcome'], hoursAgo: number) =>
      ({
        title: 'Move minecraft',
        outcome,
        startedAt: new Date(now.getTime() - hoursAgo * 3_600_000).toISOString(),
      }) as TrailRow;
    expect(agentHealth('A_PLAN', trail('succeeded', 1), now)).toMatchObject({
      state: 'healthy',
      href: '/trails?agent=A_PLAN',
    });
    expect(englishText(agentHealth('A_PLAN', trail('failed', 1), now).reason)).toBe(
      "A_PLAN's last run failed: Move minecraft",
    );
    expect(agentHealth('A_PLAN', trail('succeeded', 25), now).state).toBe('unknown');
    expect(agentHealth('A_PLAN', undefined, now).state).toBe('unknown');
  });

  it('reads Foreman’s signals: hosts waiting are degraded, an accepted PBS healthy, none unknown', () => {
    const host = (hostname: string, state: 'new' | 'accepted', suggestedRole: string | null) => ({
      id: hostname,
      mac: '00:00:00:00:00:00',
      ip: null,
      hostname,
      facts: {},
      suggestedRole,
      state,
      firstSeenAt: '',
      lastSeenAt: '',
      planId: null,
    });
    expect(signalHealth('new-host', [host('nuc-13', 'new', 'proxmox-node')]).state).toBe('degraded');
    expect(signalHealth('new-host', [host('pbs01', 'accepted', 'backup')]).state).toBe('healthy');
    expect(signalHealth('pbs', [host('pbs01', 'accepted', 'backup')]).state).toBe('healthy');
    expect(signalHealth('pbs', [host('pbs01', 'new', 'backup')]).state).toBe('degraded');
    expect(signalHealth('pbs', []).state).toBe('unknown');
  });
});

describe('health of a box', () => {
  it('is the worst known state, unknown only when nothing knows', () => {
    expect(
      combineHealth([
        { state: 'healthy', reason: verbatim('a') },
        { state: 'down', reason: verbatim('b') },
      ]),
    ).toEqual({ state: 'down', reason: verbatim('b') });
    expect(
      combineHealth([
        { state: 'unknown', reason: verbatim('no metrics') },
        { state: 'healthy', reason: verbatim('ok') },
      ]),
    ).toEqual({ state: 'healthy', reason: verbatim('ok') });
    expect(combineHealth([{ state: 'unknown', reason: verbatim('no runs') }])).toEqual({
      state: 'unknown',
      reason: verbatim('no runs'),
    });
    expect(combineHealth([]).state).toBe('unknown');
  });
});
