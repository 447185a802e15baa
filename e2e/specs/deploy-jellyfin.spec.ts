import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/screens';
import { replica } from '../fixtures/replicas';
import { signInAs, navTo } from '../fixtures/session';

// Its own embedded installation: the deployments add guests, which the other journeys count.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 20, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-deploy-')),
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

test('an operator deploys Jellyfin from the catalog, watches it live, finds the guest; a failing deployment is retried', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'operator');
  await page.goto('/catalog');
  await expect(page.getByTestId('template-jellyfin')).toBeVisible();
  await expect(page.getByTestId('template-broken-demo')).toBeVisible();
  await shot('17-catalog');

  await page.getByTestId('template-jellyfin').click();
  await expect(page.getByRole('heading', { name: 'Deploy Jellyfin' })).toBeVisible();
  // The lab runs a Jellyfin already: the form opens with a free name, ready to deploy.
  await expect(page.getByLabel('Name')).toHaveValue('jellyfin-2');
  await expect(page.getByTestId('preflight')).toContainText('jellyfin-2 is free');
  await expect(page.getByTestId('deploy-button')).toBeEnabled();
  // A taken name is said at the Name field, and Deploy stays off.
  await page.getByLabel('Name').fill('jellyfin');
  await expect(page.getByTestId('name-problem')).toHaveText(/a guest named jellyfin exists/);
  await expect(page.getByTestId('deploy-button')).toBeDisabled();
  await page.getByLabel('Name').fill('jellyfin-kids');
  await expect(page.getByTestId('name-problem')).toHaveCount(0);
  await expect(page.getByTestId('preflight')).toContainText('jellyfin-kids is free');
  await expect(page.getByTestId('placement').locator('li').first()).toContainText('recommended');
  await expect(page.getByTestId('deploy-button')).toBeEnabled();
  await shot('18-deploy-form');
  await page.getByTestId('deploy-button').click();

  await expect(page).toHaveURL(/\/deployments\/[0-9a-f-]{36}$/);
  await expect(page.locator('[data-phase="provisioning"][data-reached="true"]')).toBeVisible({ timeout: 5000 });
  await expect(page.getByTestId('deployment-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
  await expect(page.locator('[data-phase="verifying"][data-reached="true"]')).toBeVisible();
  // Done: "Open Jellyfin" (its service page) and what the template says about the first sign-in.
  const done = page.getByTestId('deployment-done');
  await expect(done.getByRole('link', { name: 'Open Jellyfin', exact: true })).toHaveAttribute(
    'href',
    '/services/jellyfin-kids/media',
  );
  await expect(done.getByTestId('first-sign-in')).toHaveText(
    'First sign-in: Open the web UI on port 8096: its setup wizard creates the first administrator and your libraries.',
  );
  await shot('19-deployment-succeeded');
  // The recent-tasks strip at the bottom of every page lists it too, linked to this page.
  const deployed = page.getByTestId('tasks-strip').getByTestId('strip-work').filter({ hasText: 'jellyfin-kids' });
  await expect(deployed).toHaveAttribute('data-kind', 'deployment', { timeout: 10_000 });
  await expect(deployed.getByTestId('strip-work-status')).toHaveAttribute('data-status', 'succeeded');
  await page.getByTestId('deployment-guest').click();
  await expect(page.getByRole('heading', { name: /jellyfin-kids/ })).toBeVisible();

  await page.goto('/catalog');
  await page.getByTestId('template-broken-demo').click();
  await page.getByLabel('Name').fill('broken-e2e');
  await expect(page.getByTestId('deploy-button')).toBeEnabled();
  await page.getByTestId('deploy-button').click();
  await expect(page.getByTestId('deployment-status')).toHaveAttribute('data-status', 'failed', { timeout: 15_000 });
  await expect(page.getByTestId('deployment-error')).toContainText('configuring failed');
  // The phase it failed in is marked, not only the final "failed".
  await expect(page.locator('[data-failed-in="true"]')).toHaveAttribute('data-phase', 'configuring');
  await shot('20-deployment-failed');

  await page.getByRole('link', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Retry Broken demo app' })).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('broken-e2e');
  await page.getByRole('checkbox', { name: 'Fail while configuring' }).uncheck();
  await expect(page.getByTestId('deploy-button')).toBeEnabled();
  await page.getByTestId('deploy-button').click();
  await expect(page.getByTestId('deployment-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 15_000 });
  await expect(page.getByRole('link', { name: 'retry of a failed deployment' })).toBeVisible();

  await navTo(page, 'Change', 'Deployments');
  await expect(page.getByTestId('deployment-row')).toHaveCount(3);
  await shot('21-deployments');
});
