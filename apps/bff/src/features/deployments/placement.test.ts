import { describe, expect, it } from 'vitest';
import { rankNodes } from './placement';

const GiB = 1024 ** 3;
const node = (name: string, memUsed: number | null, cpuUsed: number | null, status = 'online') => ({
  id: `node/${name}`,
  name,
  status,
  memoryBytes: 32 * GiB,
  mem: memUsed,
  cpu: cpuUsed,
  guests: 5,
});

describe('placement', () => {
  it('ranks nodes by memory free after the new guest, then by free CPU, and says why one cannot take it', () => {
    const ranked = rankNodes(
      [
        node('pve1', 0.6, 0.2),
        node('pve2', 0.3, 0.7),
        node('pve3', 0.87, 0.1),
        node('pve4', 0.1, 0.1, 'offline'),
        node('pve5', 0.3, 0.2),
      ],
      4096,
    );
    expect(ranked.map((p) => [p.name, p.eligible, p.blocker])).toEqual([
      ['pve5', true, 'none'],
      ['pve2', true, 'none'],
      ['pve1', true, 'none'],
      ['pve4', false, 'offline'],
      ['pve3', false, 'memory'],
    ]);
    // 70% free of 32 GiB, minus 4 GiB: 57.5% free after.
    expect(ranked[0]!.memFreeAfter).toBe(0.575);
    expect(ranked[0]!.cpuFree).toBe(0.8);
  });

  it('keeps a node without metrics eligible, its free memory unknown', () => {
    expect(rankNodes([node('pve1', null, null)], 1024)[0]).toMatchObject({
      eligible: true,
      memFreeAfter: null,
      cpuFree: null,
    });
  });
});
