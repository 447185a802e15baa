import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/screens';
import { replica } from '../fixtures/replicas';
import { signInAs } from '../fixtures/session';

// Its own embedded installation: the plan it applies moves a guest.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 40, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-why-')),
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

test('from a guest’s page, “Why?” leads to the trail that moved it: its rationale and alternatives, its plan, and a Markdown export', async ({
  page,
  shot,
}) => {
  const signIn = await page.request.post('/trpc/auth.signIn', { data: { username: 'admin', password: 'demo-admin' } });
  const csrf = (await signIn.json()).result.data.csrfToken;
  const created = await page.request.post('/trpc/tokens.create', {
    headers: { 'x-ralf-csrf': csrf },
    data: { name: 'a-plan-why', scopes: ['ingest:plans', 'ingest:trails'], expiresInDays: null },
  });
  const { secret } = (await created.json()).result.data;
  const auth = { authorization: `Bearer ${secret}` };
  const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

  // A_PLAN says why first (out of order: the decision before its trigger), then proposes the plan.
  const trail = 'why-e2e-wiki';
  const events = [
    {
      id: 'why-3',
      trailId: trail,
      kind: 'decision',
      at: at(3),
      parentId: 'why-2',
      agent: 'A_PLAN',
      title: 'Move the wiki to pve2',
      body: 'pve1 carries the core services; the wiki is light and not core, so it can go.',
      confidence: 0.7,
      alternatives: [
        { option: 'Move Gitea', whyNot: 'a core service: moves only by hand' },
        { option: 'Do nothing', whyNot: 'pve1 stays above 80% CPU in the evening' },
      ],
      subjects: ['lxc/211'],
    },
    {
      id: 'why-1',
      trailId: trail,
      kind: 'trigger',
      trigger: 'capacity_drift',
      at: at(5),
      agent: 'A_MON',
      title: 'pve1 CPU above 80% every evening',
      subjects: ['node/pve1'],
    },
    {
      id: 'why-2',
      trailId: trail,
      kind: 'observation',
      at: at(4),
      parentId: 'why-1',
      agent: 'A_PLAN',
      title: 'Four light guests share pve1 with the core services',
    },
  ];
  expect((await page.request.post('/api/ingest/v1/trails', { headers: auth, data: { events } })).status()).toBe(200);
  const plan = await page.request.post('/api/ingest/v1/plans', {
    headers: auth,
    data: {
      key: 'why-e2e-plan',
      trailId: trail,
      trigger: 'load_shift',
      summary: 'Move the wiki to pve2',
      risk: 'low',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      actions: [{ type: 'migrate', guestId: 'lxc/211', from: 'node/pve1', to: 'node/pve2' }],
      simulation: {
        nodes: ['node/pve1', 'node/pve2'].map((nodeId) => ({
          nodeId,
          cpuBefore: 0.5,
          cpuAfter: 0.48,
          memBefore: 0.5,
          memAfter: 0.5,
        })),
      },
    },
  });
  const { planId } = await plan.json();
  await signInAs(page, 'approver');
  const approver = (await (await page.request.get('/trpc/auth.session')).json()).result.data.csrfToken;
  await page.request.post('/trpc/plans.decide', {
    headers: { 'x-ralf-csrf': approver },
    data: { id: planId, decision: 'approve', revision: 1, comment: 'evening load, go' },
  });
  await expect
    .poll(
      async () =>
        (
          await (
            await page.request.get(`/trpc/plans.byId?input=${encodeURIComponent(JSON.stringify({ id: planId }))}`)
          ).json()
        ).result.data.status,
      { timeout: 20_000 },
    )
    .toBe('applied');

  await signInAs(page, 'viewer');
  await page.goto('/fleet/lxc/211');
  await expect(page.getByRole('link', { name: 'pve2', exact: true })).toBeVisible();
  // The charts mark what happened to it (numbered, listed below them with a link to the trail).
  await expect(page.getByTestId('chart-markers')).toContainText('pve1 CPU above 80% every evening');
  await expect(page.locator('.recharts-reference-line').first()).toBeAttached();
  await shot('23-guest-chart-markers');
  const why = page.getByTestId('why-panel');
  await why.getByRole('link', { name: 'pve1 CPU above 80% every evening' }).click();

  await expect(page.getByTestId('trail-title')).toHaveText('pve1 CPU above 80% every evening');
  const chain = page.getByTestId('chain-event');
  await expect(chain.first()).toContainText('trigger');
  const decision = page.locator('[data-testid="chain-event"][data-kind="decision"]').first();
  await expect(decision).toContainText('pve1 carries the core services; the wiki is light and not core, so it can go.');
  await expect(decision.getByTestId('alternatives')).toContainText('Move Gitea: a core service: moves only by hand');
  await expect(page.locator('[data-testid="chain-event"][data-kind="outcome"]')).toContainText(
    'Applied: Move the wiki to pve2',
  );
  await expect(page.getByTestId('trail-diagram').locator('svg')).toBeVisible();
  await shot('24-trail');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-markdown').click();
  const file = await (await download).path();
  const md = readFileSync(file, 'utf8');
  expect(md).toContain('# pve1 CPU above 80% every evening');
  expect(md).toContain('- Move Gitea: a core service: moves only by hand');

  await page
    .getByTestId('trail-subjects')
    .getByRole('link', { name: `plan/${planId}` })
    .click();
  await expect(page.getByTestId('plan-title')).toHaveText('Move the wiki to pve2');
  await expect(page.getByTestId('plan-trail')).toHaveText(trail);
});
