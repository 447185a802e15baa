import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { signInAs } from '../fixtures/session';

// Its own embedded default: the guest it starts is no other journey's.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 85, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-palette-')),
  RALF_DEMO_ACCOUNTS: 'on',
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

const options = (page: import('@playwright/test').Page) => page.getByRole('dialog').getByRole('option');

test('the header is one row at 1024, 1280 and 1440 px and no taller than 56 px on a phone, whose menu opens and closes', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'admin');
  for (const width of [1024, 1280, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/');
    await expect(page.getByTestId('nodes-up')).toBeVisible();
    const header = (await page.locator('header.topbar').boundingBox())!;
    expect(header.height, `header at ${width} px`).toBeLessThanOrEqual(56);
    // Every entry, the search and the tools on one line: their tops lie within the header's row.
    const tops = await page
      .locator('.nav > *, .search-button, .topbar-tools > *')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(Math.max(...tops) - Math.min(...tops), `entries at ${width} px`).toBeLessThan(16);
    if (width === 1280) await shot('21-nav-1280');
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByTestId('nodes-up')).toBeVisible();
  expect((await page.locator('header.topbar').boundingBox())!.height).toBeLessThanOrEqual(56);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav.getByRole('link', { name: 'Audit' })).toBeVisible();
  await shot('22-nav-phone-menu');
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav).toBeHidden();
  // A page chosen from the menu closes it.
  await page.getByRole('button', { name: 'Menu' }).click();
  await nav.getByRole('link', { name: 'Loops' }).click();
  await expect(page).toHaveURL(/\/loops$/);
  await expect(nav).toBeHidden();
});

test('every count on the overview opens the view behind it, and that view counts the same', async ({ page }) => {
  await signInAs(page, 'viewer');
  for (const [testId, status] of [
    ['guests-running', 'running'],
    ['guests-stopped', 'stopped'],
  ] as const) {
    await page.goto('/');
    const link = page.getByTestId(testId).locator('a');
    const n = Number(/\d+/.exec((await link.textContent())!)![0]);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/fleet\\?status=${status}$`));
    await expect(page.getByTestId('fleet-count')).toHaveText(`${n} of 30 guests`);
  }
  await page.goto('/');
  const alerts = Number(await page.getByTestId('alerts-count').textContent());
  expect(alerts).toBeGreaterThan(0);
  await page.getByTestId('alerts-count').locator('a').click();
  await expect(page).toHaveURL(/#alerts$/);
  await expect(page.locator('ul.alerts > li')).toHaveCount(Math.min(alerts, 50));
  await page.getByTestId('plans-pending-tile').locator('a').click();
  await expect(page).toHaveURL(/\/plans\?status=proposed$/);
});

test('an operator finds a guest by address and "kuchen", starts a stopped guest from the palette; a viewer is offered no such action', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'operator');
  await page.goto('/');
  await expect(page.getByTestId('nodes-up')).toBeVisible();
  const ip = (
    (await (await page.request.get('/trpc/fleet.guest?input=' + encodeURIComponent('{"id":"qemu/200"}'))).json()) as {
      result: { data: { guest: { pve: { ips: string[] } } } };
    }
  ).result.data.guest.pve.ips.find((a) => a.startsWith('10.'))!;

  // Typed at once, while the palette's code still loads: nothing is lost.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('jelly');
  const input = page.getByRole('combobox', { name: 'Search and act' });
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('jelly');
  await input.fill(ip);
  await expect(options(page).first()).toContainText('jellyfin');
  await input.fill('kuchen');
  await expect(options(page).first()).toContainText('Home Assistant (Küchen-Pi)');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/services\/service\/home-assistant$/);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // "/" opens it too; what was opened last comes first.
  await page.keyboard.press('/');
  await expect(options(page).first()).toContainText('Home Assistant (Küchen-Pi)');
  await input.fill('win11');
  const start = options(page).filter({ hasText: 'Start win11-test' });
  await expect(start).toBeVisible();
  await shot('23-palette-actions');
  await page.keyboard.press('ArrowDown');
  await expect(start).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('notices')).toContainText('win11-test: start asked of Proxmox');
  await expect(page).toHaveURL(/\/fleet\/qemu\/208$/);
  await expect(page.locator('.page-head .badge').first()).toContainText('running', { timeout: 20_000 });

  await page.context().clearCookies();
  await signInAs(page, 'viewer');
  await page.goto('/');
  await expect(page.getByTestId('nodes-up')).toBeVisible();
  await page.getByTestId('open-palette').click();
  await input.fill('minecraft');
  await expect(options(page).first()).toContainText('minecraft');
  await expect(options(page).filter({ hasText: /Shut down|Start|Propose/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});
