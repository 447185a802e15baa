import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/build-test-app';
import { servePveFixtures } from '../../../test/pve-fixture-server';
import { profileEndpoints } from '../../config-proxmox';
import { ConfigError } from '../../config-error';
import { changeLog } from '../../lib/change-log';
import { DEMO_PVE_TOKEN } from '../demo-lab/pve-api';

const GARAGE = { tokenId: 'ralf@pve!ui', secret: 'garage-secret' };

describe("several clusters from the profile's proxmox: list", () => {
  let lab: Awaited<ReturnType<typeof buildTestApp>>;
  let garage: Awaited<ReturnType<typeof servePveFixtures>>;
  let ui: Awaited<ReturnType<typeof buildTestApp>>;

  beforeAll(async () => {
    lab = await buildTestApp('pglite', { RALF_DEMO_LAB: 'on' });
    await lab.app.listen({ port: 0, host: '127.0.0.1' });
    const labUrl = `http://127.0.0.1:${(lab.app.server.address() as AddressInfo).port}/demo-lab/pve`;
    // A second cluster, "homelab" of the recorded answers, whose nodes are called garage1 and garage2.
    garage = await servePveFixtures(`PVEAPIToken=${GARAGE.tokenId}=${GARAGE.secret}`, 'pve', 'garage');
    const profile = join(mkdtempSync(join(tmpdir(), 'ralf-profile-')), 'profile.yaml');
    writeFileSync(
      profile,
      [
        'proxmox:',
        `  - { name: lab, url: "${labUrl}", token_id: "${DEMO_PVE_TOKEN.tokenId}", token_secret: "vault://proxmox/lab" }`,
        `  - { name: garage, url: "${garage.url}", token_id: "${GARAGE.tokenId}", token_secret: "vault://proxmox/garage" }`,
      ].join('\n'),
    );
    ui = await buildTestApp('pglite', {
      RALF_PROFILE: profile,
      VAULT_PROXMOX_LAB: DEMO_PVE_TOKEN.secret,
      VAULT_PROXMOX_GARAGE: GARAGE.secret,
      PROXMOX_POLL_INTERVAL: '100ms',
    });
  });
  afterAll(async () => {
    await ui?.stop();
    await garage?.close();
    await lab?.stop();
  });

  it('reads every cluster the profile names, and keeps the demo lab off as PROXMOX_URL does', async () => {
    expect(ui.lab).toBeNull();
    const list = await ui.services.fleet.list({});
    expect(list.clusters).toEqual(['homelab', 'ralf-lab']);
    expect(list.nodes.map((n) => `${n.cluster}/${n.name}`).sort()).toEqual([
      'homelab/garage1',
      'homelab/garage2',
      'ralf-lab/pve1',
      'ralf-lab/pve2',
      'ralf-lab/pve3',
    ]);
    // VMIDs 101, 102, 103 and 200 are in both: whichever cluster was read first keeps them, the
    // other says which of its guests it cannot show. Only qemu/100 of the garage is added.
    expect(list.total).toBe(lab.lab!.guests.length + 1);
    const { sources } = await ui.services.fleet.summary();
    expect(sources.clusters.map((c) => [c.name, c.state])).toEqual([
      ['homelab', 'ok'],
      ['ralf-lab', 'ok'],
    ]);
    expect(sources.clusters.flatMap((c) => c.conflicts).sort()).toEqual([101, 102, 103, 200]);
  });

  it('never moves a guest back and forth between clusters that share its VMID', async () => {
    // The backups of both are read once too (not awaited at start) and file their findings.
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    while ((await ui.services.backups.overview()).sources.length < 2) await sleep(50);
    await sleep(300);
    const before = await changeLog.bounds(ui.db.db);
    await sleep(600); // about six readings of each cluster
    expect(await changeLog.listAfter(ui.db.db, before.latest, 10)).toEqual([]);
  });

  it('filters the fleet by cluster', async () => {
    const garageOnly = await ui.services.fleet.list({ cluster: 'homelab' });
    expect(garageOnly.nodes.map((n) => n.cluster)).toEqual(['homelab', 'homelab']);
    expect(garageOnly.rows.every((r) => r.nodeId.startsWith('node/garage'))).toBe(true);
    expect(garageOnly.rows.map((r) => r.id)).toContain('qemu/100');
    expect(garageOnly.nodes.map((n) => n.name)).toEqual(['garage1', 'garage2']);
  });

  it('stops the start, naming the variable, when a secret the profile refers to is not set', () => {
    expect(() =>
      profileEndpoints(
        'proxmox',
        [
          {
            name: 'x',
            url: 'https://x:8006',
            tokenId: 'a@pve!b',
            secret: 'vault://proxmox/x',
            fingerprint: null,
            caFile: null,
          },
        ],
        () => null,
        { PROXMOX_TIMEOUT: 1, PROXMOX_POLL_INTERVAL: 1 },
      ),
    ).toThrow(
      new ConfigError(
        'profile proxmox.0.token_secret: vault://proxmox/x is not set (set VAULT_PROXMOX_X or VAULT_PROXMOX_X_FILE)',
      ),
    );
  });
});
