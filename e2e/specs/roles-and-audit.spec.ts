import { expect, test } from '../fixtures/screens';
import { navTo } from '../fixtures/session';

test('a viewer sees no admin controls; an admin creates a token, sees its secret once; the audit page lists both sign-ins', async ({
  page,
  shot,
}) => {
  await page.goto('/fleet');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ffleet$/);
  await expect(page.getByRole('heading', { name: 'Demo accounts' })).toBeVisible();
  await shot('10-sign-in');

  // Wrong password first: a clear message, no session.
  await page.getByLabel('Username').fill('viewer');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/Wrong username or password\./);

  await page
    .getByRole('row', { name: /Betrachter|viewer/ })
    .getByRole('button', { name: 'Use' })
    .click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/fleet$/);
  // The name once and the role once, as a badge.
  await expect(page.getByTestId('signed-in-as')).toContainText('Demo account');
  await expect(page.getByTestId('role-badge')).toHaveText(['viewer']);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('button', { name: /^Understand/ }).click();
  await expect(nav.getByRole('link', { name: 'Audit' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(nav.getByRole('link', { name: 'Audit' })).toBeHidden();
  await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /deploy|approve|reject|create|revoke/i })).toHaveCount(0);
  // Typing the address shows no controls (and the BFF would refuse them: access.int.test.ts).
  await page.goto('/admin/tokens');
  await expect(page.getByRole('alert')).toContainText('This page needs the admin permission');
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('demo-admin');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('role-badge')).toHaveText(['admin']);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByTestId('user-viewer')).toBeVisible();
  // A role change sits behind an explicit Save: a stray click changes nothing.
  const viewerRow = page.getByTestId('user-viewer');
  await viewerRow.getByRole('checkbox', { name: 'approver' }).check();
  await viewerRow.getByRole('button', { name: 'Cancel' }).click();
  await expect(viewerRow.getByRole('checkbox', { name: 'approver' })).not.toBeChecked();
  await expect(viewerRow.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await shot('11-admin-users');

  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByLabel('Name', { exact: true }).fill('e2e-agent');
  await page.getByRole('checkbox', { name: 'ingest:inventory' }).check();
  await page.getByRole('button', { name: 'Create' }).click();
  const secretBox = page.getByTestId('token-secret');
  await expect(secretBox).toContainText(/ralf_[A-Za-z0-9]{8}_/);
  const secret = (await secretBox.locator('code').textContent())!;
  await expect(page.getByTestId('token-e2e-agent')).toBeVisible();
  await shot('12-token-shown-once');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('token-e2e-agent')).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  // The agent can use it.
  const whoami = await page.request.get('/api/ingest/v1/token', { headers: { authorization: `Bearer ${secret}` } });
  expect(await whoami.json()).toEqual({ name: 'e2e-agent', scopes: ['ingest:inventory'] });
  // Foreman reports a new host, once well and once with a typo; the admin sees both on the Ingest page.
  const host = {
    mac: '52:54:00:e2:e2:01',
    ip: '10.0.0.77',
    hostname: 'new-nuc',
    facts: { cpu: 8 },
    suggestedRole: 'worker',
    state: 'new',
  };
  const post = (data: unknown) =>
    page.request.post('/api/ingest/v1/inventory/events', { headers: { authorization: `Bearer ${secret}` }, data });
  expect((await post({ events: [{ id: 'e2e-host-1', type: 'host.discovered', host }] })).status()).toBe(200);
  expect(
    (
      await post({ events: [{ id: 'e2e-host-2', type: 'host.discovered', host: { ...host, mac: 'not-a-mac' } }] })
    ).status(),
  ).toBe(400);
  await page.getByRole('link', { name: 'Ingest' }).click();
  const traffic = page.getByTestId('ingest-e2e-agent');
  await expect(traffic).toContainText('events.0.host.mac');
  await expect(traffic.locator('td').nth(1)).toHaveText('1');
  await expect(traffic.locator('td').nth(3)).toHaveText('1');
  await shot('16-admin-ingest');

  await navTo(page, 'Understand', 'Audit');
  await expect(page.getByTestId('chain-badge')).toContainText('Chain verified');
  await page.getByLabel('Action').fill('auth.sign-in');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/action=auth.sign-in/);
  const rows = page.getByTestId('audit-row');
  await expect(rows.filter({ hasText: 'user:admin' }).first()).toContainText('success');
  await expect(rows.filter({ hasText: 'user:viewer' }).filter({ hasText: 'success' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'user:viewer' }).filter({ hasText: 'failure' }).first()).toBeVisible();
  await page.getByLabel('Action').fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows.filter({ hasText: 'token.create' }).first()).toContainText('user:admin');
  // People's actions by default; what agents and ralf-ui itself did is a switch away.
  await expect(rows.filter({ hasText: 'system:' })).toHaveCount(0);
  await shot('13-audit');
  await page.getByLabel('Whose').selectOption('all');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/who=all/);
  await expect(rows.filter({ hasText: 'system:bootstrap' }).first()).toBeVisible();
  // A subject links to what it names.
  await rows
    .filter({ hasText: 'token.create' })
    .first()
    .getByRole('link', { name: /^token\// })
    .click();
  await expect(page).toHaveURL(/\/admin\/tokens$/);
});
