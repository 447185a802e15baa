import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAlertmanager, type RunningAlertmanager } from '../../apps/bff/test/alertmanager';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { signInAs } from '../fixtures/session';

// Debian's Alertmanager, and an embedded default that silences through it.
let am: RunningAlertmanager;
let own: ReturnType<typeof replica>;
test.beforeAll(async () => {
  am = await startAlertmanager();
  own = replica(Number(process.env.E2E_PORT ?? 4173) + 90, {
    RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-alerts-')),
    RALF_DEMO_ACCOUNTS: 'on',
    ALERTMANAGER_URL: am.url,
  });
  await own.start();
});
test.afterAll(async () => {
  await own?.stop();
  await am?.dispose();
});

test('an operator silences an alert for four hours with a comment: the overview marks it silenced and Alertmanager holds the silence; a viewer cannot', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'operator', own.url);
  await page.goto(`${own.url}/`);
  const alert = page.getByTestId('alert').filter({ hasText: 'GuestDiskFilling' }).filter({ hasText: 'frigate' });
  // The guest's name links to its page; the rule's summary beside it.
  await expect(alert.getByRole('link', { name: 'frigate' })).toHaveAttribute('href', '/fleet/qemu/214');
  // "Silence this alert" from the command palette opens its form on the overview.
  await expect(alert.getByRole('button', { name: 'Silence…' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Search and act' }).fill('frigate disk');
  await page.getByRole('option', { name: /Silence GuestDiskFilling on frigate/ }).click();
  await expect(page).toHaveURL(/\/\?silence=GuestDiskFilling%3Aqemu%2F214#alerts$/);
  const form = alert.getByRole('form', { name: 'Silence GuestDiskFilling (frigate)' });
  await expect(form.getByRole('button', { name: 'Silence', exact: true })).toBeDisabled();
  await form.getByRole('textbox').fill('recordings are pruned tonight');
  await form.getByRole('button', { name: 'Silence', exact: true }).click();
  await expect(page.getByTestId('notices')).toContainText('GuestDiskFilling (frigate) silenced until');
  await expect(alert.getByTestId('alert-silenced')).toContainText('silenced until');
  await expect(alert).toContainText('by user:operator via ralf-ui: recordings are pruned tonight');
  await shot('26-alert-silenced');

  const silences = (await (await fetch(`${am.url}/api/v2/silences`)).json()) as Array<{
    status: { state: string };
    comment: string;
    matchers: Array<{ name: string; value: string }>;
    startsAt: string;
    endsAt: string;
  }>;
  const active = silences.filter((s) => s.status.state === 'active');
  expect(active).toHaveLength(1);
  expect(active[0]!.comment).toBe('recordings are pruned tonight');
  expect(active[0]!.matchers).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'id', value: 'qemu/214' })]),
  );
  // Four hours (Alertmanager moves the start to when it received the silence, a few ms later).
  expect(Math.abs(Date.parse(active[0]!.endsAt) - Date.parse(active[0]!.startsAt) - 4 * 3600_000)).toBeLessThan(5000);

  await alert.getByRole('button', { name: 'End silence' }).click();
  await expect(alert.getByTestId('alert-silenced')).toHaveCount(0);

  await page.context().clearCookies();
  await signInAs(page, 'viewer', own.url);
  await page.goto(`${own.url}/`);
  await expect(page.getByTestId('alert').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Silence…' })).toHaveCount(0);
});
