import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMatrixStub } from '../../apps/bff/test/matrix-stub';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { signInAs } from '../fixtures/session';

// A webhook receiver on loopback, and an embedded default that tells it everything of warning and above.
const received: { at: number; path: string; body: { kind: string; title: string; link: string | null } }[] = [];
const hook = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    received.push({ at: Date.now(), path: req.url ?? '', body: JSON.parse(body) });
    res.writeHead(204).end();
  });
});
const PORT = Number(process.env.E2E_PORT ?? 4173) + 92;
const HOOK_PORT = PORT + 3;
// A homeserver on loopback that follows the Matrix client-server API, and the built-in profile with
// a Matrix channel into its ops room that reads approvals.
const OPS = '!ops:homelab';
const BOT = '@ralf-core:homelab';
const hs = await startMatrixStub();
hs.state.tokens = new Map([['bot-token', BOT]]);
hs.state.rooms = new Map([[OPS, new Set([BOT, '@approver:homelab'])]]);
const dir = mkdtempSync(join(tmpdir(), 'ralf-e2e-notify-'));
const profile = join(dir, 'profile.yaml');
writeFileSync(
  profile,
  `${readFileSync(join(import.meta.dirname, '../../apps/bff/profiles/core.yaml'), 'utf8')}
notifications:
  channels:
    - { id: ops, type: matrix, homeserver: "${hs.url}", room: "${OPS}", token: vault://matrix/bots/ralf-core, approvals: true, kinds: [plan.awaiting, plan.applied] }
`,
);
const own = replica(PORT, {
  RALF_DATA_DIR: dir,
  RALF_PROFILE: profile,
  VAULT_MATRIX_BOTS_RALF_CORE: 'bot-token',
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
  await hs.stop();
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
  // The demo lab's own planner proposes plans too: look for this one.
  const ours = () =>
    received.find((r) => r.body.kind === 'plan.awaiting' && r.body.title.includes('Give mosquitto room'));
  await expect.poll(() => Boolean(ours()), { timeout: 10_000 }).toBe(true);
  const msg = ours()!;
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
  const delivered = page.locator('[data-testid="delivery"][data-channel="env-webhook"]').filter({
    hasText: 'Give mosquitto room',
  });
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
  // A channel added on this page: saved, listed as such, and a test reaches it.
  await page.getByRole('button', { name: 'Add a channel' }).click();
  const form = page.getByTestId('channel-form');
  await form.getByLabel('Id').fill('second-hook');
  await form.getByLabel('URL').fill(`http://127.0.0.1:${HOOK_PORT}/second`);
  await form.getByRole('checkbox', { name: 'plan.failed' }).check();
  await form.getByRole('button', { name: 'Save' }).click();
  const second = page.getByTestId('channel-second-hook');
  await expect(second).toContainText('saved on this page');
  await expect(second).toContainText('plan.failed · from warning up');
  await second.getByRole('button', { name: 'Send a test' }).click();
  await expect.poll(() => received.some((r) => r.path === '/second'), { timeout: 10_000 }).toBe(true);
  await shot('90-notifications');
});

test('an approver links their Matrix ID with the code the bot sent, and approving in the ops room applies the plan', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'operator');
  const csrf = (await (await page.request.get('/trpc/auth.session')).json()).result.data.csrfToken as string;
  const res = await page.request.post('/trpc/plans.propose', {
    headers: { 'x-ralf-csrf': csrf },
    data: {
      actions: [{ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 1536 }],
      summary: 'Mosquitto from Matrix',
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  const planId = (await res.json()).result.data.planId as string;
  const inRoom = () => hs.sent(OPS).find((e) => String(e.content.body).includes('Mosquitto from Matrix'));
  await expect.poll(() => Boolean(inRoom()), { timeout: 10_000 }).toBe(true);
  const post = inRoom()!;
  const answer = /!ralf approve ([0-9a-f]{8}) ([0-9a-f]{8})/.exec(String(post.content.body));
  expect(answer?.[1]).toBe(planId.slice(0, 8));

  await page.context().clearCookies();
  await signInAs(page, 'approver');
  await page.goto('/account');
  const card = page.getByTestId('matrix-link');
  await card.getByLabel('Your Matrix ID').fill('@approver:homelab');
  await card.getByRole('button', { name: 'Send me a code' }).click();
  await expect(card).toContainText('The bot sent a code to @approver:homelab');
  const dm = [...hs.state.invites].find(([, who]) => who.includes('@approver:homelab'))![0];
  const code = /: (\d{6}) /.exec(String(hs.sent(dm).at(-1)!.content.body))![1]!;
  await card.getByLabel('Code from the bot').fill(code);
  await card.getByRole('button', { name: 'Link' }).click();
  await expect(card).toContainText('Linked to @approver:homelab');
  await shot('91-account-matrix');

  const cmd = hs.post(OPS, '@approver:homelab', `!ralf approve ${answer![1]} ${answer![2]}`);
  await expect
    .poll(
      () =>
        hs.sent(OPS).find((e) => (e.content['m.relates_to'] as { event_id?: string } | undefined)?.event_id === cmd)
          ?.content.body,
      { timeout: 15_000 },
    )
    .toMatch(/^Approved revision 1 of plan [0-9a-f]{8} as approver\./);
  await page.goto(`/plans/${planId}`);
  await expect(page.getByTestId('plan-status')).toHaveText(/applied/i, { timeout: 30_000 });
  await expect(page.getByText('user:approver').first()).toBeVisible();
});
