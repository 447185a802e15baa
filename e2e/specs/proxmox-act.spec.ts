import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { signInAs } from '../fixtures/session';

// Its own embedded default: the guests it stops and starts are no other journey's.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 75, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-act-')),
  RALF_DEMO_ACCOUNTS: 'on',
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

test('an operator stops and starts a guest, snapshots and rolls it back, starts three at once; a core service needs a plan', async ({
  page,
  shot,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, 'operator');
  const actions = page.getByTestId('guest-actions');
  const log = actions.getByTestId('task-log');

  // Stop asks first, naming the guest; the task's log runs on the page until Proxmox says OK.
  await page.goto('/fleet/qemu/200');
  await actions.getByLabel(/^Why/).fill('e2e: a stop and a start');
  await actions.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByTestId('confirm')).toContainText('Stop jellyfin now?');
  await page.getByRole('button', { name: 'Stop jellyfin' }).click();
  await expect(log).toHaveAttribute('data-status', 'ok');
  await expect(log.getByTestId('task-lines')).toHaveText('stopping VM 200\nTASK OK');
  await expect(page.locator('.page-head .badge').first()).toContainText('stopped');
  await actions.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(log).toHaveAttribute('data-status', 'ok');
  await expect(log.getByTestId('task-lines')).toContainText('VM 200 started');
  await expect(page.locator('.page-head .badge').first()).toContainText('running');
  // The reason stands in the stop's trail, on the guest's "Why?" panel.
  await page.getByTestId('why-panel').getByRole('link', { name: 'operator asked to stop jellyfin' }).click();
  await expect(page.getByText('Why: e2e: a stop and a start')).toBeVisible();
  await page.goBack();
  await shot('act-01-guest-task');

  // A snapshot, then a rollback to it after the confirmation that names the guest.
  const snaps = page.getByTestId('snapshots');
  await snaps.getByLabel('Snapshot name').fill('before-e2e');
  await snaps.getByRole('button', { name: 'Take snapshot' }).click();
  await expect(snaps.getByTestId('task-log')).toHaveAttribute('data-status', 'ok');
  const mine = snaps.getByTestId('snapshot').filter({ hasText: 'before-e2e' });
  await expect(mine).toContainText('you are here');
  await mine.getByRole('button', { name: 'Roll back' }).click();
  await expect(page.getByTestId('confirm')).toContainText('Roll jellyfin back to before-e2e?');
  await page.getByRole('button', { name: 'Roll back jellyfin' }).click();
  await expect(snaps.getByTestId('task-log')).toHaveAttribute('data-status', 'ok');
  await expect(snaps.getByTestId('task-lines')).toContainText("rolling back to snapshot 'before-e2e'");
  await shot('act-02-snapshots');

  // Three stopped guests (jellyfin after its rollback, win11-test, and one stopped here) start at once.
  await page.goto('/fleet/lxc/216');
  await actions.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByRole('button', { name: 'Stop audiobookshelf' }).click();
  await expect(log).toHaveAttribute('data-status', 'ok');
  await page.goto('/fleet');
  // The table shows the rows on screen only: each is found by searching, and the selection stays.
  for (const name of ['jellyfin', 'win11-test', 'audiobookshelf']) {
    await page.getByLabel('Search guests').fill(name);
    await page.getByLabel(`Select ${name}`).check();
  }
  await expect(page.getByTestId('bulk-bar')).toContainText('Selected: 3');
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Start', exact: true }).click();
  const results = page.getByTestId('bulk-result');
  await expect(results).toHaveCount(3);
  for (const r of await results.all()) await expect(r.getByTestId('task-log')).toHaveAttribute('data-status', 'ok');
  await shot('act-03-bulk');

  // The recent-tasks strip at the bottom shows them, with the backup job's tasks.
  await page
    .getByTestId('tasks-strip')
    .getByRole('button', { name: /Recent tasks/ })
    .click();
  await expect(page.getByTestId('strip-task').filter({ hasText: 'vzstart' })).toHaveCount(1);
  await expect(page.getByTestId('strip-task').filter({ hasText: 'root@pam' }).first()).toContainText('vzdump');

  // A core service: its stop button is "propose stopping", which opens a plan to approve.
  await page.goto('/fleet/lxc/101');
  await expect(actions.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  await actions.getByTestId('propose-stop').click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  await shot('act-04-core-plan');
  // Its rollback too: proposed from the snapshot tree, the plan names the snapshot.
  await page.goto('/fleet/lxc/101');
  const pre16 = page.getByTestId('snapshot').filter({ hasText: 'pre-pg16' });
  await expect(pre16.getByRole('button', { name: 'Roll back', exact: true })).toHaveCount(0);
  await pre16.getByTestId('propose-rollback').click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('plan-title')).toHaveText('Roll postgresql back to its snapshot pre-pg16');
  await expect(page.getByTestId('plan-action').first()).toContainText('pre-pg16');
});
