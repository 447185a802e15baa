import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../adapters/ports';
import { buildTestApp } from '../../../test/build-test-app';
import { until } from '../../../test/until';

describe('where the inventory and the metrics disagree', () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    // The lab's clock runs (a frozen one would keep its first snapshot), sampled every second.
    t = await buildTestApp(
      'pglite',
      { RALF_DEMO_LAB: 'on', RALF_DEMO_FROZEN_AT: '', METRICS_SCRAPE_INTERVAL: '1s' },
      { clock: systemClock },
    );
  });
  afterAll(() => t?.stop());

  it('names a guest the metrics say is down, one they do not know, and one only they know', async () => {
    expect((await t.services.fleet.disagreements()).items).toEqual([]);
    const lab = t.lab!;
    // Behind the inventory's back: jellyfin crashes, gitea's exporter loses it, a stray VM appears.
    lab.guests.find((g) => g.id === 'qemu/200')!.status = 'stopped';
    const gitea = lab.guests.findIndex((g) => g.id === 'lxc/102');
    const [giteaGuest] = lab.guests.splice(gitea, 1);
    lab.guests.push({ ...giteaGuest!, id: 'qemu/777', vmid: 777, type: 'qemu', name: 'stray' });
    const d = await until('the next sample', async () => {
      const r = await t.services.fleet.disagreements();
      return r.items.length === 3 && r;
    });
    expect(d.items).toEqual([
      { id: 'lxc/102', name: 'gitea', kind: 'no-metrics' },
      { id: 'qemu/200', name: 'jellyfin', kind: 'down-in-metrics' },
      { id: 'qemu/777', name: null, kind: 'only-in-metrics' },
    ]);
    // The fleet table marks the rows it has.
    const rows = (await t.services.fleet.list({})).rows;
    expect(rows.find((r) => r.id === 'qemu/200')!.disagreement).toBe('down-in-metrics');
    expect(rows.find((r) => r.id === 'lxc/102')!.disagreement).toBe('no-metrics');
    expect(rows.find((r) => r.id === 'lxc/101')!.disagreement).toBeNull();
  });
});
