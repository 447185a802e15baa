import { describe, expect, it } from 'vitest';
import { fleetInputFromParams } from './fleet-input';

describe('fleet filters from the address', () => {
  it('reads nodes, type, status, tag, search and sort', () => {
    const input = fleetInputFromParams(
      new URLSearchParams('node=pve1&node=pve3&type=qemu&status=stopped&tag=media&q=jelly&sort=cpuUse&dir=desc'),
    );
    expect(input).toEqual({
      nodes: ['node/pve1', 'node/pve3'],
      type: 'qemu',
      statuses: ['stopped'],
      tag: 'media',
      q: 'jelly',
      sort: 'cpuUse',
      dir: 'desc',
    });
  });

  it('drops what the BFF would refuse, so a hand-edited address still shows the fleet', () => {
    const input = fleetInputFromParams(
      new URLSearchParams(`node=pve1"}&type=docker&status=exploded&sort=promql&dir=sideways&q=${'x'.repeat(500)}`),
    );
    expect(input).toEqual({ sort: 'name', dir: 'asc', q: 'x'.repeat(200) });
  });
});
