import { problemsOf } from './errors';
import { describe, expect, it } from 'vitest';
import { FleetListInputSchema, SeriesInputSchema } from './fleet';
import { InventorySnapshotSchema } from './inventory-report';
import { GuestIdSchema, NodeIdSchema } from './ids';

describe('shared fleet schemas', () => {
  it('accepts Proxmox ids and refuses anything else', () => {
    expect(NodeIdSchema.safeParse('node/pve1').success).toBe(true);
    expect(GuestIdSchema.safeParse('qemu/100').success).toBe(true);
    expect(GuestIdSchema.safeParse('lxc/101').success).toBe(true);
    expect(GuestIdSchema.safeParse('qemu/100"} or vector(1)').success).toBe(false);
    expect(NodeIdSchema.safeParse('pve1').success).toBe(false);
  });

  it('refuses unknown filter fields and over-long search text instead of dropping them', () => {
    const unknown = FleetListInputSchema.safeParse({ q: 'x', promql: 'up' });
    expect(unknown.success).toBe(false);
    const long = FleetListInputSchema.safeParse({ q: 'x'.repeat(201) });
    expect(long.success).toBe(false);
    expect(problemsOf(long.error!)[0]?.message).toBe('at most 200 characters');
    expect(FleetListInputSchema.parse({})).toEqual({ sort: 'name', dir: 'asc' });
  });

  it('bounds the chart width a browser may ask for', () => {
    expect(SeriesInputSchema.safeParse({ id: 'node/pve1', range: '7d', points: 100_000 }).success).toBe(false);
    expect(SeriesInputSchema.safeParse({ id: 'node/pve1', range: '2y' }).success).toBe(false);
  });

  it('refuses an inventory snapshot with fields it does not know', () => {
    const r = InventorySnapshotSchema.safeParse({ nodes: [], guests: [], services: [], discoveredHosts: [], extra: 1 });
    expect(r.success).toBe(false);
  });
});
