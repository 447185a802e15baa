import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/screens';
import { replica } from '../fixtures/replicas';
import { signInAs, navTo } from '../fixtures/session';

// Its own installation: the operator's profile (the seed's loops and a backup loop of their own)
// and a policy_results folder the test writes into.
const policy = mkdtempSync(join(tmpdir(), 'ralf-e2e-policy-'));
const outside = mkdtempSync(join(tmpdir(), 'ralf-e2e-outside-'));
const profileFile = join(mkdtempSync(join(tmpdir(), 'ralf-e2e-profile-')), 'profile.yaml');
writeFileSync(
  profileFile,
  `${readFileSync(join(import.meta.dirname, '../../apps/bff/profiles/core.yaml'), 'utf8').replace(
    'matrix_webhooks:',
    `  - id: backup
    name: Nightly PBS verify
    runtime: n8n
    template: flows/pbs-verify.json
    triggers:
      - timer: 120
    phases: [verify, report]

matrix_webhooks:`,
  )}`,
);
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 50, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-loops-')),
  RALF_PROFILE: profileFile,
  POLICY_RESULTS_DIR: policy,
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => {
  await own.stop();
  rmSync(policy, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

test('the overview has the loops, compliance and bots tiles; the loops page shows the next run and flags a loop whose runs stopped', async ({
  page,
  shot,
}) => {
  const signIn = await page.request.post('/trpc/auth.signIn', { data: { username: 'admin', password: 'demo-admin' } });
  const csrf = (await signIn.json()).result.data.csrfToken;
  const { secret } = (
    await (
      await page.request.post('/trpc/tokens.create', {
        headers: { 'x-ralf-csrf': csrf },
        data: { name: 'n8n-backup', scopes: ['ingest:loops'], expiresInDays: null },
      })
    ).json()
  ).result.data;
  // The backup loop's agent ran it four minutes ago (it runs every two) and has not since.
  const at = (s: number) => new Date(Date.now() - s * 1000).toISOString();
  const res = await page.request.post('/api/ingest/v1/loops', {
    headers: { authorization: `Bearer ${secret}` },
    data: {
      events: [
        { id: 'b1-s', loopId: 'backup', runId: 'b1', type: 'started', at: at(240) },
        { id: 'b1-f', loopId: 'backup', runId: 'b1', type: 'finished', status: 'succeeded', at: at(230) },
      ],
    },
  });
  expect(res.status()).toBe(200);

  await signInAs(page, 'viewer');
  await page.goto('/');
  await expect(page.getByTestId('tile-loops')).toContainText(/of 4 on schedule/);
  await expect(page.getByTestId('tile-findings')).toBeVisible();
  await expect(page.getByTestId('tile-bots')).toContainText(/of 5 healthy/);

  await navTo(page, 'Understand', 'Loops');
  const main = page.getByTestId('loop-main');
  await expect(main).toContainText(
    'every 5 minutes, Europe/Berlin (cron */5 * * * *); safety timer every 15 minutes (PT15M)',
  );
  const next = await main.getByTestId('loop-next').textContent();
  expect(Number(/in (\d+) min/.exec(next ?? '')?.[1])).toBeLessThanOrEqual(5);
  const backup = page.getByTestId('loop-backup');
  await expect(backup).toHaveAttribute('data-health', 'overdue');
  await expect(backup.getByTestId('loop-reason')).toContainText(
    'overdue: last run started 4 minutes ago, it runs every 2 minutes',
  );
  await shot('25-loops');
});

test('the compliance page follows the policy folder live: add, change, malformed, a link out of the folder, delete', async ({
  page,
  shot,
}) => {
  await signInAs(page, 'viewer');
  await page.goto('/findings');
  const rows = page.getByTestId('finding-row');
  await expect(rows).toHaveCount(0);
  // Changes that land before the page follows the stream show only at its next refetch (30 s): start once it is live.
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
  writeFileSync(
    join(policy, 'tls.json'),
    JSON.stringify([
      {
        policy: 'tls-min-version',
        target: 'service/nextcloud',
        status: 'fail',
        severity: 'high',
        details: 'TLS 1.0 offered',
      },
    ]),
  );
  await expect(page.locator('[data-target="service/nextcloud"]')).toContainText('TLS 1.0 offered');
  writeFileSync(join(policy, 'scan.json'), '{\n  "policy": "open-ports",\n  "target": \n}\n');
  await expect(page.locator('[data-target="policy_results/scan.json"]')).toContainText(
    'policy_results/scan.json: not valid JSON at line 4',
  );
  writeFileSync(
    join(outside, 'secret.json'),
    JSON.stringify({ policy: 'leak', target: 'x', status: 'fail', severity: 'critical' }),
  );
  symlinkSync(join(outside, 'secret.json'), join(policy, 'escape.json'));
  await expect(page.locator('[data-target="policy_results/escape.json"]')).toContainText(
    'a link out of the folder; not read',
  );
  await expect(page.locator('[data-target="x"]')).toHaveCount(0);
  await shot('26-compliance');
  // Fixed: the finding clears and shows as resolved, with when.
  writeFileSync(
    join(policy, 'tls.json'),
    JSON.stringify([{ policy: 'tls-min-version', target: 'service/nextcloud', status: 'pass', severity: 'high' }]),
  );
  await expect(page.locator('[data-target="service/nextcloud"]')).toHaveCount(0);
  rmSync(join(policy, 'scan.json'));
  await expect(page.locator('[data-target="policy_results/scan.json"]')).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('resolved');
  await expect(page.locator('[data-target="service/nextcloud"]')).toContainText(/resolved/);
});
