import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { signInAs, navTo } from '../fixtures/session';

// Its own embedded default, checking services every 2 s: the guest it shuts down is no other journey's.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 88, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-services-')),
  RALF_DEMO_ACCOUNTS: 'on',
  HTTP_CHECK_INTERVAL: '2s',
  PROXMOX_POLL_INTERVAL: '1s',
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

test('the services page lists every service up; one whose guest shuts down turns red on its page and in the architecture within a check interval', async ({
  page,
  shot,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, 'operator');
  await page.goto('/');
  await navTo(page, 'Lab', 'Services');
  await expect(page).toHaveURL(/\/services$/);
  const grafana = page.getByTestId('service-service/grafana');
  await expect(grafana.locator('[data-state]')).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect(page.getByTestId('services-count')).toHaveText(/^28 services · 0 down$/);
  await shot('24-services');

  await grafana.getByRole('link', { name: 'Grafana', exact: true }).click();
  await expect(page).toHaveURL(/\/services\/service\/grafana$/);
  await expect(page.getByRole('heading', { name: 'Grafana' })).toBeVisible();
  await expect(page.getByTestId('uptime-24h')).toHaveText('100%');

  // Shut its guest down from the palette; the next check finds it answering 503.
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Search and act' }).fill('grafana');
  await page.getByRole('option', { name: /Shut down grafana/ }).click();
  await expect(page.getByTestId('notices')).toContainText('grafana: shutdown asked of Proxmox');
  await page.goto('/services/service/grafana');
  await expect(page.locator('.page-head [data-state]')).toHaveAttribute('data-state', 'down', { timeout: 20_000 });
  await expect(page.getByTestId('service-reason')).toHaveText('it answered HTTP 503');
  await expect(page.getByTestId('service-checks').locator('li').first()).toContainText('HTTP 503');
  await shot('25-service-down');

  await page.goto('/architecture');
  await expect(page.getByTestId('arch-canvas')).toHaveAttribute('data-drawing', 'false', { timeout: 30_000 });
  await expect(page.locator('[data-box="GRAF"]')).toHaveAttribute('data-state', 'down');
});

test("the new-host box leads to Foreman's discovered hosts; an operator accepts one, which proposes the plan that joins it; once approved it is a node of the fleet", async ({
  page,
  shot,
}) => {
  test.setTimeout(90_000);
  await signInAs(page, 'operator');
  await page.goto('/architecture?box=NEWNODE');
  await page.getByTestId('arch-panel').getByRole('link', { name: 'Open its page' }).click();
  await expect(page).toHaveURL(/\/discovered$/);
  await expect(page.getByTestId('discovered-count')).toHaveText('2 hosts · 1 waiting for a decision');
  const nuc = page.getByTestId('host-nuc-13');
  await expect(nuc).toContainText('proxmox-node');
  await expect(nuc).toContainText('memoryGiB: 64');
  await shot('27-discovered');
  await nuc.getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('notices')).toContainText('nuc-13 accepted');
  await expect(nuc.locator('[data-state]')).toHaveAttribute('data-state', 'accepted');
  await expect(page.getByTestId('discovered-count')).toHaveText('2 hosts · 0 waiting for a decision');
  await page.goto('/architecture');
  await expect(page.getByTestId('arch-canvas')).toHaveAttribute('data-drawing', 'false', { timeout: 30_000 });
  await expect(page.locator('[data-box="NEWNODE"]')).toHaveAttribute('data-state', 'healthy');

  // The plan its acceptance proposed: joining nuc-13 to the lab's cluster, approved by someone else.
  await page.goto('/discovered');
  await nuc.getByTestId('host-plan').click();
  await expect(page.getByTestId('plan-title')).toHaveText(
    'Add nuc-13 (3c:ec:ef:12:34:56) to the cluster ralf-lab as a node',
  );
  await expect(page.getByTestId('plan-action')).toHaveAttribute('data-type', 'add-node');
  await expect(page.getByTestId('plan-action')).toContainText('→ nuc-13 (ralf-lab)');
  await page.context().clearCookies();
  await signInAs(page, 'approver');
  await page.reload();
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByRole('button', { name: 'Approve and apply' }).click();
  await expect(page.getByTestId('plan-status')).toHaveAttribute('data-status', 'applied', { timeout: 30_000 });
  await shot('28-host-joined');
  // The recent-tasks strip at the bottom lists the apply, linked to the plan.
  const strip = page.getByTestId('tasks-strip');
  await strip.getByRole('button', { name: 'Recent tasks' }).click();
  const apply = strip.getByTestId('strip-work').filter({ hasText: 'Add nuc-13' });
  await expect(apply).toHaveAttribute('data-kind', 'plan');
  await expect(apply.getByTestId('strip-work-status')).toHaveAttribute('data-status', 'applied');
  await page.goto('/fleet/node/nuc-13');
  await expect(page.getByRole('heading', { name: 'nuc-13' })).toBeVisible();
  // The lab's own Proxmox API lists it as well: after three of its readings (every second here) it is still there.
  await page.waitForTimeout(3000);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'nuc-13' })).toBeVisible();
  await expect(page.locator('main')).toContainText('online');
});
