import { DOWN_URL } from '../playwright.config';
import { expect, test } from '../fixtures/screens';
import { signInAs } from '../fixtures/session';

test('with Prometheus unreachable the pages still show the inventory and say metrics are unavailable', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'viewer', DOWN_URL);
  await page.goto(`${DOWN_URL}/`);
  await expect(page.getByTestId('nodes-up')).toHaveText('3 of 3 online');
  const banner = page.getByTestId('degraded-banner');
  await expect(banner).toContainText('Metrics unavailable: Prometheus is not answering');
  await expect(page.locator('[data-state="unavailable"]').first()).toContainText('Prometheus: unavailable since');
  await expect(page.getByText('Alerts cannot be read while Prometheus is unavailable.')).toBeVisible();
  await expect(page.getByTestId('alerts-count')).toHaveText('—');
  await shot('08-overview-prometheus-down');

  await page.goto(`${DOWN_URL}/fleet`);
  await expect(page.getByTestId('fleet-count')).toHaveText('30 of 30 guests');
  await expect(page.getByTestId('degraded-banner')).toBeVisible();
  await shot('09-fleet-prometheus-down');
});
