import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { signInAs } from '../fixtures/session';

// Its own embedded default (PGlite and the demo lab, no settings): no other journey deploys into it.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 70, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-proxmox-')),
  RALF_DEMO_ACCOUNTS: 'on',
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

test('the embedded default reads its lab through the Proxmox VE and PBS APIs: cluster, addresses, backups, storage', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'viewer');
  // The fleet is grouped by cluster, then node; a guest's row carries its address.
  await page.goto('/fleet');
  await expect(page.getByTestId('fleet-cluster')).toHaveCount(1);
  await expect(page.getByTestId('fleet-cluster')).toContainText('ralf-lab');
  await expect(page.getByTestId('fleet-cluster')).toContainText('nodes: 3');
  // Templates are listed apart, on their cluster's row, never as guests.
  await expect(page.getByTestId('cluster-templates')).toHaveText('· templates (1): debian-12-cloudinit');
  await page.getByLabel('Search guests').fill('10.20.0.202');
  await expect(page.getByTestId('fleet-row')).toHaveCount(1);
  await expect(page.getByTestId('fleet-row')).toContainText('jellyfin');
  // Immich's last three nightly backups failed: its row says its backup is stale.
  await page.getByLabel('Search guests').fill('immich');
  await expect(page.getByTestId('fleet-row').getByTestId('backup-state')).toHaveText('backup stale');
  await shot('proxmox-01-fleet');

  // A guest's page: what Proxmox tells of it, and its backups.
  await page.goto('/fleet/qemu/200');
  await expect(page.getByTestId('guest-ips')).toHaveText('10.20.0.202');
  await expect(page.getByTestId('pve-guest')).toContainText('net0: virtio · BC:24:11:00:00:C8 · vmbr0');
  await expect(page.getByTestId('guest-backups').getByTestId('backup-state')).toHaveText('backed up');
  await expect(page.getByTestId('guest-backups')).toContainText('demo lab PBS:backup · ralf-lab');
  await shot('proxmox-02-guest');
  // A VM without its guest agent says why it has no address.
  await page.goto('/fleet/qemu/212');
  await expect(page.getByTestId('guest-ips')).toHaveText('unknown: no QEMU guest agent answers');

  // The backups page: the stale and never-backed-up first, the rest behind them.
  await page.goto('/backups');
  await expect(page.getByTestId('backup-counts')).toHaveText('27 backed up · 2 stale · 1 never · 2 without a job');
  const rows = page.getByTestId('backup-row');
  await expect(rows.first()).toHaveAttribute('data-guest', 'qemu/208');
  await expect(rows.first().getByTestId('backup-state')).toHaveText('never backed up');
  await expect(page.locator('[data-guest="qemu/204"]').getByTestId('backup-state')).toHaveText('backup stale');
  await expect(page.getByTestId('datastore')).toHaveCount(5);
  await page.getByLabel('Only guests that need attention').check();
  await expect(rows).toHaveCount(3);
  await shot('proxmox-03-backups');

  // The storage page: pve3's media pool is 86 % full and degraded (amber), one of its disks failed (red).
  await page.goto('/storage');
  await expect(page.getByTestId('storage-row')).toHaveCount(11);
  await expect(page.getByTestId('storage-row').filter({ hasText: 'media' })).toHaveAttribute('data-tone', 'warn');
  await expect(page.getByTestId('pool-row').filter({ hasText: 'media' })).toContainText('DEGRADED');
  await expect(page.getByTestId('disk-row').filter({ hasText: 'FAILED' })).toHaveAttribute('data-tone', 'bad');
  await expect(page.getByTestId('disk-row').filter({ hasText: 'Samsung' })).toHaveAttribute('data-tone', 'warn');
  await shot('proxmox-04-storage');

  // The overview's tile, and the compliance finding the stale guest became.
  await page.goto('/');
  await expect(page.getByTestId('tile-backups')).toContainText('27 of 30 backed up');
  await page.goto('/findings?policy=backups.fresh');
  await expect(page.getByText('qemu/204').first()).toBeVisible();
});
