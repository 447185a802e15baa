import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { DEMO_PVE_TOKEN } from '../demo-lab/pve-api';
import { timeframeFor } from './proxmox-metrics';

describe('metrics from Proxmox VE when no Prometheus is configured (a second ralf-ui reads a demo lab)', () => {
  let lab: Awaited<ReturnType<typeof buildTestApp>>;
  let ui: Awaited<ReturnType<typeof buildTestApp>>;

  beforeAll(async () => {
    lab = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    await lab.app.listen({ port: 0, host: '127.0.0.1' });
    ui = await buildTestApp('pglite', {
      PROXMOX_URL: `http://127.0.0.1:${(lab.app.server.address() as AddressInfo).port}/demo-lab/pve`,
      PROXMOX_TOKEN_ID: DEMO_PVE_TOKEN.tokenId,
      PROXMOX_TOKEN_SECRET: DEMO_PVE_TOKEN.secret,
    });
  });
  afterAll(async () => {
    await ui?.stop();
    await lab?.stop();
  });

  it("shows each guest's current use from /cluster/resources, as the lab's own metrics have it", async () => {
    const summary = await ui.services.fleet.summary();
    expect(summary.sources.metrics).toMatchObject({ source: 'proxmox', state: 'ok' });
    const mine = await ui.services.fleet.guest('lxc/101');
    const theirs = await lab.services.fleet.guest('lxc/101');
    expect(mine.usage.cpu).toBeCloseTo(theirs.usage.cpu!, 3);
    expect(mine.usage.memUsed! / mine.usage.memSize!).toBeCloseTo(theirs.usage.memUsed! / theirs.usage.memSize!, 3);
    // A VM without its guest agent: Proxmox reports 0 disk use, which is unknown, not empty.
    expect((await ui.services.fleet.guest('qemu/200')).usage.diskUsed).toBeNull();
    // The network rate needs two readings; the first has none.
    expect(mine.usage.netRx).toBeNull();
  });

  it("draws a node's and a guest's history from rrddata, the same curve as the lab's", async () => {
    for (const id of ['node/pve1', 'lxc/101']) {
      const mine = await ui.services.fleet.series({ id, range: '24h', points: 48 });
      const theirs = await lab.services.fleet.series({ id, range: '24h', points: 48 });
      const known = mine.values.cpu.filter((v) => v !== null);
      expect(known.length).toBeGreaterThan(40);
      // Proxmox keeps a day in 30-minute steps: each point is the lab's value at that step's start.
      const i = mine.values.cpu.findLastIndex((v) => v !== null);
      expect(theirs.values.cpu).toContain(mine.values.cpu[i]);
    }
  });

  it('picks the rrddata timeframe that covers a range', () => {
    expect([3600, 6 * 3600, 86_400, 7 * 86_400, 30 * 86_400].map(timeframeFor)).toEqual([
      'hour',
      'day',
      'day',
      'week',
      'month',
    ]);
  });
});
