import { SearchResultSchema } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, callerAs } from '../../../test/build-test-app';
import { DB_KINDS } from '../../../test/test-db';

describe.each(DB_KINDS)('the command palette search on %s with the demo lab', (kind) => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let viewer: Awaited<ReturnType<typeof callerAs>>;
  beforeAll(async () => {
    t = await buildTestApp(kind);
    // Addresses come from the lab's Proxmox VE API (its guest agent), read once the server listens.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    await t.firstLabReading;
    viewer = await callerAs(t, 'viewer');
  });
  afterAll(async () => t?.stop());
  const find = async (q: string, limit?: number) => {
    const r = await viewer.search.find({ q, ...(limit && { limit }) });
    expect(SearchResultSchema.strict().parse(r)).toEqual(r);
    return r.hits;
  };

  it('finds a guest by its address, its vmid and a typo of its name, first', async () => {
    const jellyfin = await viewer.fleet.guest({ id: 'qemu/200' });
    const ip = jellyfin.guest.pve?.ips.find((a) => a.startsWith('10.'));
    expect(ip).toBeTruthy();
    expect((await find(ip!))[0]).toMatchObject({
      kind: 'guest',
      id: 'qemu/200',
      title: 'jellyfin',
      status: 'running',
      nodeId: 'node/pve3',
    });
    expect((await find('207'))[0]).toMatchObject({ kind: 'guest', title: 'minecraft' });
    const fuzzy = await find('jlyfn');
    expect(fuzzy.slice(0, 3).map((h) => `${h.kind}:${h.title}`)).toEqual(
      expect.arrayContaining(['guest:jellyfin', 'service:Jellyfin', 'template:Jellyfin']),
    );
  });

  it('ignores accents and case: "kuchen" finds the service "Home Assistant (Küchen-Pi)" and names its guest', async () => {
    const hits = await find('kuchen');
    expect(hits[0]).toMatchObject({ kind: 'service', title: 'Home Assistant (Küchen-Pi)', guestId: 'qemu/202' });
    expect(hits[0]!.detail).toContain('home-assistant');
    expect((await find('KÜCHEN'))[0]!.title).toBe('Home Assistant (Küchen-Pi)');
  });

  it('finds every guest with a tag, the stopped one with its status, nodes, loops and templates', async () => {
    const smartHome = (await find('smart-home', 50)).filter((h) => h.kind === 'guest').map((h) => h.title);
    expect(smartHome.sort()).toEqual(['frigate', 'home-assistant', 'mosquitto']);
    expect((await find('win11'))[0]).toMatchObject({ kind: 'guest', status: 'stopped' });
    expect((await find('pve3'))[0]).toMatchObject({ kind: 'node', id: 'node/pve3' });
    expect(await find('main')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'loop', id: 'main' })]));
    expect((await find('nextcloud')).map((h) => h.kind)).toEqual(expect.arrayContaining(['guest', 'template']));
  });

  it('answers nothing for noise, and refuses an empty or overlong query with a clear error', async () => {
    expect(await find('zzzqqq')).toEqual([]);
    await expect(viewer.search.find({ q: '  ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(viewer.search.find({ q: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
