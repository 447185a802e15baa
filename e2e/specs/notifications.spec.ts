import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { signInAs } from '../fixtures/session';

// A webhook receiver on loopback, and an embedded default that tells it everything of warning and above.
const received: { at: number; body: { kind: string; title: string; link: string | null } }[] = [];
const hook = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push({ at: Date.now(), body: JSON.parse(body) });
    res.writeHead(204).end();
  });
});
const PORT = Number(process.env.E2E_PORT ?? 4173) + 92;
const HOOK_PORT = PORT + 3;
const own = replica(PORT, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-notify-')),
  RALF_DEMO_ACCOUNTS: 'on',
  RALF_LANGUAGE: 'en',
  NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${HOOK_PORT}/ralf`,
  NOTIFY_WEBHOOK_SECRET: 'e2e-notify-secret-0123',
  RALF_PUBLIC_URL: `http://127.0.0.1:${PORT}`,
});
test.use({ baseURL: own.url });
test.beforeAll(async () => {
  await new Promise<void>((r) => hook.listen(HOOK_PORT, '127.0.0.1', r));
  await own.start();
});
test.afterAll(async () => {
  await own.stop();
  await new Promise<void>((r) => hook.close(() => r()));
});

test('a plan proposed in the lab reaches the webhook within 10 s; an admin reads the delivery log and sends a test', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'operator');
  const proposedAt = Date.now();
  const res = await page.request.post('/trpc/plans.propose', {
    headers: {
      'x-ralf-csrf': (await (await page.request.get('/trpc/auth.session')).json()).result.data.csrfToken,
    },
    data: {
      actions: [{ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 2048 }],
      summary: 'Give mosquitto room',
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const planId = (await res.json()).result.data.planId as string;
  await expect.poll(() => received.find((r) => r.body.kind === 'plan.awaiting'), { timeout: 10_000 }).toBeTruthy();
  const msg = received.find((r) => r.body.kind === 'plan.awaiting')!;
  expect(msg.at - proposedAt).toBeLessThan(10_000);
  expect(msg.body.title).toBe('Plan waits for approval: Give mosquitto room');
  expect(msg.body.link).toBe(`${own.url}/plans/${planId}`);

  await page.context().clearCookies();
  await signInAs(page, 'admin');
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('link', { name: 'Notifications' }).click();
  await expect(page).toHaveURL(/\/admin\/notifications$/);
  await expect(page.getByTestId('channel-env-webhook')).toContainText('every kind · from warning up');
  const delivered = page.getByTestId('delivery').filter({ hasText: 'Give mosquitto room' });
  await expect(delivered).toHaveAttribute('data-status', 'sent');
  await page.getByTestId('channel-env-webhook').getByRole('button', { name: 'Send a test' }).click();
  await expect(page.getByTestId('notices')).toContainText('Test queued for env-webhook');
  await expect.poll(() => received.some((r) => r.body.kind === 'test'), { timeout: 10_000 }).toBe(true);
  await expect(page.getByTestId('delivery').filter({ hasText: 'Test from ralf-ui' })).toHaveAttribute(
    'data-status',
    'sent',
    {
      timeout: 10_000,
    },
  );
  await shot('90-notifications');
});
