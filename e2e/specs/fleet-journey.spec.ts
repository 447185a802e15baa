import { expect, test } from '../fixtures/screens';
import { signInAs, navTo } from '../fixtures/session';

test('an operator looks at the lab: overview, fleet, filter, search, detail, language and theme', async ({
  page,
  shot,
}) => {
  const trpcCalls: string[] = [];
  await signInAs(page, 'viewer');
  page.on(
    'request',
    // The live stream, the recent-tasks strip (asked for 2 s after the page) and the alerts'
    // silences (asked once the alerts are shown) are not the page's first data.
    (r) =>
      r.url().includes('/trpc/') &&
      !r.url().includes('live.onChange') &&
      !r.url().includes('tasks.recent') &&
      !r.url().includes('alerts.state') &&
      trpcCalls.push(r.url()),
  );
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('nodes-up')).toHaveText('3 of 3 online');
  await expect(page.getByTestId('guests-running')).toHaveText('29 running');
  await expect(page.getByTestId('demo-label')).toHaveText('Demo lab');
  await expect(page.getByRole('heading', { name: 'Headroom per node' })).toBeVisible();
  await expect(page.locator('.freshness').first()).toContainText(/database ·/);
  await expect(page.locator('[data-state="ok"]').first()).toBeVisible();
  // The overview's data came with the page (index.html preloads it): one request, not two.
  expect(trpcCalls.map((u) => new URL(u).pathname)).toEqual([
    '/trpc/fleet.summary,loops.summary,findings.summary,bots.summary,backups.summary,notifications.failing,auth.session,system.info,plans.summary',
  ]);
  await shot('01-overview');

  await navTo(page, 'Lab', 'Fleet');
  await expect(page).toHaveURL(/\/fleet$/);
  await expect(page.getByTestId('fleet-count')).toHaveText('30 of 30 guests');
  await expect(page.getByTestId('fleet-row').first()).toBeVisible();
  await expect(page.locator('.sparkline polyline').first()).toBeAttached();
  await shot('02-fleet');

  await page.getByRole('button', { name: 'pve3', exact: true }).click();
  await expect(page).toHaveURL(/node=pve3/);
  await expect(page.getByTestId('fleet-count')).toHaveText('9 of 30 guests');
  const nodes = await page.getByTestId('fleet-row').locator('[role="cell"]:nth-child(4)').allTextContents();
  expect(new Set(nodes)).toEqual(new Set(['pve3']));

  await page.getByLabel('Search guests').fill('jelly');
  await expect(page.getByTestId('fleet-count')).toHaveText('1 of 30 guests');
  await expect(page.getByTestId('fleet-row')).toHaveCount(1);
  await shot('03-fleet-filtered');

  await page.getByRole('columnheader', { name: /CPU/ }).getByRole('button').click();
  await expect(page).toHaveURL(/sort=cpuUse/);

  await page.getByRole('link', { name: 'jellyfin' }).click();
  await expect(page).toHaveURL(/\/fleet\/qemu\/200/);
  await expect(page.getByRole('heading', { name: 'jellyfin' })).toBeVisible();
  await expect(page.getByText('qemu/200').first()).toBeVisible();
  await expect(page.getByTestId('chart-cpu').locator('svg.recharts-surface')).toBeVisible();
  await page.getByRole('button', { name: '24h' }).click();
  await expect(page).toHaveURL(/range=24h/);
  await expect(page.getByRole('button', { name: '24h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('chart-net').locator('.recharts-line')).toHaveCount(2);
  await shot('04-guest-detail');

  await page.getByLabel('Language').selectOption('de');
  await expect(page.getByRole('link', { name: 'Zurück zur Flotte' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { name: 'Verlauf' })).toBeVisible();
  const before = await page.locator('html').getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  const after = await page.locator('html').getAttribute('data-theme');
  expect(after).not.toBe(before);
  await shot('05-guest-detail-de-theme');

  // Choices survive a reload.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Verlauf' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', after!);

  await page.getByRole('link', { name: 'pve3' }).click();
  await expect(page.getByRole('heading', { name: 'Gäste auf diesem Node' })).toBeVisible();
  await shot('06-node-detail-de');
});

test('the browser language decides the first language', async ({ browser, shot }) => {
  const ctx = await browser.newContext({ locale: 'de-DE' });
  const page = await ctx.newPage();
  await signInAs(page, 'viewer');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Übersicht' })).toBeVisible();
  await expect(page.getByTestId('nodes-up')).toHaveText('3 von 3 online');
  await shot('07-overview-de', page);
  await ctx.close();
});

test('the fleet opened by its address asks for its list once: the request its page preloaded', async ({ page }) => {
  await signInAs(page, 'viewer');
  const lists: string[] = [];
  page.on('request', (r) => r.url().includes('/trpc/fleet.list') && lists.push(r.url()));
  await page.goto('/fleet');
  await expect(page.getByTestId('fleet-count')).toHaveText('30 of 30 guests');
  // The page's preload is the one request made: had the app asked another URL, a second would show.
  const preloaded = await page.locator('link[data-page-preload]').getAttribute('href');
  expect(lists.map((u) => u.replace(/^https?:\/\/[^/]+/, ''))).toEqual([preloaded]);
  // With filters in the address, the plain page: no preload to waste.
  await page.goto('/fleet?node=pve1');
  await expect(page.getByTestId('fleet-count')).toHaveText(/^([1-9]|1\d|2[0-9]) of 30 guests$/);
  await expect(page.locator('link[data-page-preload]')).toHaveCount(0);
});
