import { expect, test } from '../fixtures/screens';
import { createDatabase, replica } from '../fixtures/replicas';

const PORT_A = Number(process.env.E2E_PORT ?? 4173) + 10;
const guest = (status: string) => ({
  id: 'qemu/200',
  vmid: 200,
  type: 'qemu',
  nodeId: 'node/pve3',
  name: 'jellyfin',
  status,
  cores: 4,
  memoryBytes: 8589934592,
  diskBytes: 68719476736,
  tags: ['media'],
  role: 'media',
});

test('the fleet page follows ingested changes live, across replicas and across a restart of its own BFF', async ({
  page,
  shot,
}) => {
  const db = await createDatabase();
  const env = { DATABASE_URL: db.url, RALF_DEMO_LAB: 'on', RALF_DEMO_ACCOUNTS: 'on' };
  const a = replica(PORT_A, env); // the browser's BFF
  const b = replica(PORT_A + 1, env); // the one agents talk to
  try {
    await a.start();
    await b.start();
    // An admin makes a token for the agent (on B); the viewer's browser uses A.
    const admin = await page.request.post(`${b.url}/trpc/auth.signIn`, {
      data: { username: 'admin', password: 'demo-admin' },
    });
    const csrf = (await admin.json()).result.data.csrfToken;
    const created = await page.request.post(`${b.url}/trpc/tokens.create`, {
      headers: { 'x-ralf-csrf': csrf },
      data: { name: 'a_infra', scopes: ['ingest:inventory'], expiresInDays: null },
    });
    const secret: string = (await created.json()).result.data.secret;
    const send = (id: string, status: string) =>
      fetch(`${b.url}/api/ingest/v1/inventory/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [{ id, type: 'guest.upsert', guest: guest(status) }] }),
      });

    await page.request.post(`${a.url}/trpc/auth.signIn`, { data: { username: 'viewer', password: 'demo-viewer' } });
    await page.goto(`${a.url}/fleet?q=jellyfin`);
    const row = page.getByTestId('fleet-row').filter({ hasText: 'jellyfin' });
    await expect(row).toContainText('running');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');

    expect((await send('e2e-1', 'stopped')).status).toBe(200);
    await expect(row).toContainText('stopped', { timeout: 3000 });
    await shot('14-live-update');

    // A's BFF goes away; the page says it is reconnecting; meanwhile the agent reports again.
    await a.stop();
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'connecting', { timeout: 15_000 });
    await shot('15-live-reconnecting');
    expect((await send('e2e-2', 'paused')).status).toBe(200);
    await a.start();
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
    await expect(row).toContainText('paused', { timeout: 5000 });
  } finally {
    await a.stop();
    await b.stop();
    await db.drop();
  }
});
