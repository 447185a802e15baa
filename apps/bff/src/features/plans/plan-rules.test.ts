import { describe, expect, it } from 'vitest';
import { describeAction, type InventoryView } from './plan-rules';

const inv = {
  nodes: new Map([['node/pve1', { id: 'node/pve1', name: 'pve1' }], ['node/pve3', { id: 'node/pve3', name: 'pve3' }]]),
  guests: new Map([['qemu/207', { id: 'qemu/207', name: 'minecraft' }], ['lxc/210', { id: 'lxc/210', name: 'mosquitto' }]]),
  services: new Set<string>(),
} as unknown as InventoryView;

describe("a hand-made plan's title", () => {
  it('names guests and nodes and says sizes in their units, never ids or field names', () => {
    expect(describeAction({ type: 'migrate', guestId: 'qemu/207', from: 'node/pve3', to: 'node/pve1' }, inv)).toBe('Move minecraft from pve3 to pve1');
    expect(describeAction({ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', from: 1024, to: 2048 }, inv)).toBe('Give mosquitto 2 GiB of memory (now 1 GiB)');
    expect(describeAction({ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', from: 512, to: 768 }, inv)).toBe('Give mosquitto 768 MiB of memory (now 512 MiB)');
    expect(describeAction({ type: 'resize', guestId: 'lxc/210', resource: 'cores', from: 1, to: 2 }, inv)).toBe('Give mosquitto 2 cores (now 1)');
    expect(describeAction({ type: 'resize', guestId: 'lxc/210', resource: 'diskGiB', from: 4, to: 8 }, inv)).toBe('Grow the disk of mosquitto to 8 GiB (now 4 GiB)');
    expect(describeAction({ type: 'start', guestId: 'qemu/207' }, inv)).toBe('Start minecraft');
    expect(describeAction({ type: 'stop', guestId: 'qemu/999' }, inv)).toBe('Stop qemu/999');
  });
});
