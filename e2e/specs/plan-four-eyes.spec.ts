import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/screens';
import { replica } from '../fixtures/replicas';
import { signInAs } from '../fixtures/session';

// Its own embedded installation: applying the plan moves a guest, which other journeys count.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 30, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-plans-')),
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

/** A tRPC mutation as the signed-in user of `page`'s context, with the session's CSRF token. */
async function mutate(page: Page, csrf: string, path: string, input: unknown) {
  const res = await page.request.post(`/trpc/${path}`, { headers: { 'x-ralf-csrf': csrf }, data: input });
  if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()).result.data;
}

async function signInWith(page: Page, username: string, password: string): Promise<string> {
  const res = await page.request.post('/trpc/auth.signIn', { data: { username, password } });
  if (!res.ok()) throw new Error(`sign-in as ${username}: ${res.status()}`);
  return (await res.json()).result.data.csrfToken;
}

test('an approver reviews an agent’s plan, approves it and sees the guest on its new node; nobody approves their own plan; a viewer cannot decide', async ({
  page,
  shot,
}) => {
  // An admin sets up A_PLAN's token and a user who is both operator and approver.
  const adminCsrf = await signInWith(page, 'admin', 'demo-admin');
  const { secret } = await mutate(page, adminCsrf, 'tokens.create', {
    name: 'a-plan-e2e',
    scopes: ['ingest:plans'],
    expiresInDays: null,
  });
  await mutate(page, adminCsrf, 'users.create', {
    username: 'oliver',
    password: 'operator and approver',
    roles: ['operator', 'approver'],
  });

  // A_PLAN proposes moving audiobookshelf off the crowded pve3.
  const submitted = await page.request.post('/api/ingest/v1/plans', {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      key: 'e2e-rebalance-1',
      trigger: 'capacity_drift',
      summary: 'Move audiobookshelf off pve3',
      risk: 'medium',
      details: 'pve3 runs at 86% memory; pve2 has room.',
      actions: [{ type: 'migrate', guestId: 'lxc/216', from: 'node/pve3', to: 'node/pve2' }],
      simulation: {
        nodes: [
          { nodeId: 'node/pve1', cpuBefore: 0.15, cpuAfter: 0.15, memBefore: 0.46, memAfter: 0.46 },
          { nodeId: 'node/pve2', cpuBefore: 0.35, cpuAfter: 0.36, memBefore: 0.55, memAfter: 0.57 },
          { nodeId: 'node/pve3', cpuBefore: 0.43, cpuAfter: 0.42, memBefore: 0.95, memAfter: 0.91 },
        ],
      },
      policyChecks: [
        { policy: 'backup-before-migrate', result: 'passed', message: 'PBS backup 2 h old' },
        { policy: 'placement-tags', result: 'warned', message: 'pve2 is tagged monitoring' },
      ],
      expiresAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    },
  });
  expect(submitted.status()).toBe(200);

  await signInAs(page, 'approver');
  await page.goto('/plans');
  await expect(page.getByTestId('plans-pending')).toBeVisible();
  await page.getByRole('link', { name: 'Move audiobookshelf off pve3' }).click();
  await expect(page.getByTestId('plan-title')).toHaveText('Move audiobookshelf off pve3');
  const action = page.getByTestId('plan-action').first();
  await expect(action).toContainText('migrate');
  await expect(action).toContainText('audiobookshelf');
  await expect(action).toContainText('pve3 → pve2');
  await expect(page.getByTestId('sim-chart-cpu')).toBeVisible();
  await expect(page.getByTestId('sim-chart-mem').locator('svg .recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.locator('[data-node="node/pve3"]')).toHaveAttribute('data-over', 'true');
  await expect(page.locator('[data-node="node/pve3"]')).toContainText('over threshold');
  // Before the decision: how Proxmox will move it (a running container: by restart).
  await expect(page.getByTestId('proxmox-checks')).toContainText('Applied through Proxmox');
  await expect(page.getByTestId('proxmox-check')).toContainText('audiobookshelf → pve2');
  await expect(page.getByTestId('proxmox-check')).toContainText('restart migration (a short outage)');
  await shot('21-plan-review');

  // The last approval asks first, saying what runs and when.
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('confirm')).toContainText(
    "This is the last approval: ralf-ui applies the plan's 1 action now. Approve and apply?",
  );
  await page.getByRole('button', { name: 'Approve and apply' }).click();
  await expect(page.getByTestId('notices')).toContainText('Plan approved');
  await expect(page.getByTestId('plan-status')).toHaveAttribute('data-status', /approved|applying|applied/);
  await expect(page.getByTestId('plan-status')).toHaveAttribute('data-status', 'applied', { timeout: 20_000 });
  // Applied through Proxmox (the demo lab's API), each action a task with its UPID (issue 20).
  await expect(page.getByTestId('plan-log')).toContainText('all actions done through Proxmox');
  await expect(page.getByTestId('plan-log')).toContainText(
    /done: migration of lxc\/\d+ pve\d → pve\d \(Proxmox task UPID:/,
  );
  await expect(page.getByTestId('plan-approvals')).toContainText('user:approver');
  await shot('22-plan-applied');

  await page.getByRole('link', { name: 'lxc/216' }).first().click();
  await expect(page.getByRole('heading', { name: 'audiobookshelf' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'pve2', exact: true })).toBeVisible();

  // Oliver proposes a resize by hand, then cannot approve it himself.
  await signInWith(page, 'oliver', 'operator and approver');
  await page.goto('/fleet/lxc/210');
  await page.getByRole('combobox', { name: 'What' }).selectOption('memoryMiB');
  await page.getByRole('spinbutton', { name: 'New size' }).fill('2048');
  await page.getByRole('button', { name: 'Propose' }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  const planUrl = page.url();
  await expect(page.getByTestId('approve-blockers')).toContainText(
    'you submitted this plan; someone else must approve it',
  );
  await expect(page.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(page.getByTestId('plan-checks')).toContainText('capacity');
  await shot('23-plan-own-proposal');

  // A viewer reads the same plan but has nothing to decide with.
  await signInAs(page, 'viewer');
  await page.goto(planUrl);
  // The hand-made plan's title names the guest and the size in words, not lxc/210 and memoryMiB.
  await expect(page.getByTestId('plan-title')).toHaveText(/^Give mosquitto 2 GiB of memory \(now \d+ (GiB|MiB)\)$/);
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reject' })).toHaveCount(0);
});
