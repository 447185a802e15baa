import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible, useTheme } from '../fixtures/axe';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';

// A fresh embedded installation, as a new operator meets it.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 40, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-first-hour-')),
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

async function signIn(page: Page, user: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(`demo-${user}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

test('the first hour in the demo tells one consistent story', async ({ page, shot }) => {
  test.setTimeout(180_000);
  await page.goto('/sign-in');
  // The page as a visitor sees it, demo accounts and all, before it is checked.
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('.demo-accounts table')).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await signIn(page, 'operator');
  // The header: the name once, the role once, as a badge.
  await expect(page.getByTestId('signed-in-as')).toHaveText(/^Demo account\s*operator$/);

  // Overview: each headroom row says one number, the bar's.
  await expect(page.getByText('CPU in use').first()).toBeVisible();
  await expect(page.getByText(/CPU \d+% free/)).toHaveCount(0);
  await shot('30-first-hour-overview');

  // Deploy Jellyfin with the defaults: the form is ready as it opens.
  await page.goto('/deploy/jellyfin');
  await expect(page.getByLabel('Name')).toHaveValue('jellyfin-2');
  await expect(page.getByTestId('deploy-button')).toBeEnabled();
  await page.getByTestId('deploy-button').click();
  await expect(page.getByTestId('deployment-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  // Its parameters read as the template names them, and the success links the new guest.
  await expect(page.getByText('hwAccel')).toHaveCount(0);
  await expect(page.getByTestId('deployment-done')).toContainText('jellyfin-2 is running on');
  await shot('31-first-hour-deployed');
  await page.getByTestId('deployment-done').getByRole('link', { name: 'Open jellyfin-2' }).click();
  await expect(page.getByRole('heading', { name: /jellyfin-2/ })).toBeVisible();
  // The demo lab runs what it deployed: metrics from the start, not "—".
  await expect(page.locator('.usage-num').first()).toHaveText(/\d+\s?%/, { timeout: 20_000 });

  // A second deployment, cancelled: cancelled is its own outcome, not "failed".
  await page.goto('/deploy/uptime-kuma');
  await page.getByTestId('deploy-button').click();
  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
  // A cancel asks first, naming the deployment, and says when it is done.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('confirm')).toContainText(/^Cancel deployment uptime-kuma/);
  await page.getByRole('button', { name: /^Cancel uptime-kuma/ }).click();
  await expect(page.getByTestId('deployment-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('notices')).toContainText(/Deployment uptime-kuma\S* cancelled/);
  await page.goto('/trails?outcome=cancelled');
  await expect(page.getByText(/uptime-kuma/).first()).toBeVisible();
  await page.goto('/trails?outcome=failed');
  await expect(page.getByText(/asked to deploy Uptime Kuma/)).toHaveCount(0);

  // A page that does not exist offers no "Retry".
  await page.goto('/deployments/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);

  // The approver approves the lab's pending plan and reads its trail; nothing left to decide after.
  await page.getByRole('button', { name: 'Sign out' }).click();
  // Signed out once the sign-in page shows (leaving earlier would abort the sign-out on its way).
  await expect(page.getByLabel('Username')).toBeVisible();
  await signIn(page, 'approver');
  await page.goto('/plans');
  const pending = page.locator('[data-testid="plan-row"][data-status="proposed"]').first();
  await expect(pending).toBeVisible({ timeout: 30_000 });
  await pending.getByRole('link').first().click();
  // The last approval asks first: it makes the plan run.
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('confirm')).toContainText('This is the last approval');
  await page.getByRole('button', { name: 'Approve and apply' }).click();
  await expect(page.getByTestId('plan-title')).toBeVisible();
  await expect(page.locator('[data-testid="plan-log"]')).toContainText('all actions done', { timeout: 30_000 });
  await expect(page.getByText('applied', { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('decide-panel')).toHaveCount(0);
  await shot('32-first-hour-plan-applied');
  await page.getByTestId('plan-trail').click();
  await expect(page).toHaveURL(/\/trails\//);

  // Loops: a card says one thing about when it runs.
  await page.goto('/loops');
  for (const card of await page.locator('[data-testid^="loop-"][data-health]').all()) {
    const health = await card.getAttribute('data-health');
    if (health === 'overdue' || health === 'missed')
      await expect(card.getByTestId('loop-next')).toContainText('due since');
  }

  // Audit: people's actions by default.
  await page.goto('/audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await expect(page.getByTestId('audit-row').filter({ hasText: 'system:' })).toHaveCount(0);
  await shot('33-first-hour-audit');

  // Every page a new operator opens passes axe, in both themes.
  for (const theme of ['light', 'dark'] as const) {
    await useTheme(page, theme);
    for (const path of [
      '/',
      '/fleet',
      '/fleet/lxc/101',
      '/fleet/node/pve1',
      '/catalog',
      '/deploy/jellyfin',
      '/deployments',
      '/plans',
      '/trails',
      '/loops',
      '/findings',
      '/bots',
      '/architecture',
      '/audit',
      '/account',
    ]) {
      await page.goto(path);
      await expect(page.locator('main').first()).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await expectAccessible(page, `${path} (${theme})`);
    }
  }
  // And the admin's pages.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
  await signIn(page, 'admin');
  for (const theme of ['light', 'dark'] as const) {
    await useTheme(page, theme);
    for (const path of ['/admin/users', '/admin/tokens', '/admin/ingest', '/admin/plans']) {
      await page.goto(path);
      await expect(page.locator('main').first()).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await expectAccessible(page, `${path} (${theme})`);
    }
  }
});
