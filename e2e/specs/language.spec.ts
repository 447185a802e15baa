import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { replica } from '../fixtures/replicas';
import { expect, test } from '../fixtures/screens';
import { foreignTexts, untranslatedCodes } from '../fixtures/catalogs';

/**
 * Every word in the reader's language (issue 18): a journey through every page in German and in
 * English collects the visible text and fails on any sentence of the other language's catalogs
 * (the web app's labels and the BFF's messages) and on any code shown as a code. Each language
 * has its own installation whose simulated agents (and ralf-ui's own trail events) write in it,
 * so the German demo reads German end to end.
 */
const PORT = Number(process.env.E2E_PORT ?? 4173) + 80;
const labs = {
  de: replica(PORT, {
    RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-de-')),
    RALF_LANGUAGE: 'de',
    RALF_AGENT_LANGUAGE: 'de',
  }),
  en: replica(PORT + 1, {
    RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-en-')),
    RALF_LANGUAGE: 'en',
    RALF_AGENT_LANGUAGE: 'en',
  }),
};
test.beforeAll(async () => Promise.all([labs.de.start(), labs.en.start()]));
test.afterAll(async () => Promise.all([labs.de.stop(), labs.en.stop()]));

/** Sentences today's main showed a German reader in English (and the seed's German an English one). */
const SEEDED = {
  de: [
    'memory free after deploy',
    'you submitted this plan',
    'every 5 minutes',
    'Too small: expected',
    'on schedule',
    'joined to #',
    'Wrong username or password',
    // The English loop phase (the seed's own German edge label says "Generiert Telemetry Export").
    'Collect telemetry',
  ],
  en: ['Chat-Aufträge', 'Telemetrie sammeln', 'Core-Dienste', 'Falscher Benutzername', 'alle 5 Minuten', 'im Plan'],
};

for (const lang of ['de', 'en'] as const) {
  test(`every page speaks ${lang === 'de' ? 'German' : 'English'} only`, async ({ browser, shot }) => {
    test.setTimeout(150_000);
    const lab = labs[lang];
    const context = await browser.newContext({
      baseURL: lab.url,
      locale: lang === 'de' ? 'de-DE' : 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    await context.addInitScript((l) => localStorage.setItem('ralf.locale', l), lang);
    const page = await context.newPage();
    const foreign = [...foreignTexts(lang), ...SEEDED[lang]];
    // The other language's catalogs give hundreds of sentences to look for, not a handful.
    expect(foreign.length).toBeGreaterThan(300);
    const loading = lang === 'de' ? 'Wird geladen…' : 'Loading…';
    const problems: string[] = [];
    const read = async (where: string, ready?: () => Promise<void>) => {
      if (ready) await ready();
      await expect(page.locator('body')).not.toContainText(loading, { timeout: 20_000 });
      const text = await page.locator('body').innerText();
      for (const f of foreign) if (text.includes(f)) problems.push(`${where}: "${f}"`);
      for (const c of untranslatedCodes(text)) problems.push(`${where}: code ${c}`);
    };
    const open = async (path: string, ready: () => Promise<void>) => {
      await page.goto(path);
      await read(path, ready);
    };

    // Sign-in with a wrong password: the refusal in words.
    await page.goto('/sign-in');
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill('not the password');
    await page.locator('form button[type="submit"]').click();
    await read('sign-in refused', () => expect(page.getByRole('alert')).toBeVisible());
    // One person with every role, so that every page and the plan's approval panel are there to read.
    const admin = await page.request.post('/trpc/auth.signIn', { data: { username: 'admin', password: 'demo-admin' } });
    const created = await page.request.post('/trpc/users.create', {
      headers: { 'x-ralf-csrf': (await admin.json()).result.data.csrfToken },
      data: { username: 'ingrid', password: 'all roles at once', roles: ['viewer', 'operator', 'approver', 'admin'] },
    });
    expect(created.ok(), await created.text()).toBe(true);
    await context.clearCookies();
    await page.goto('/sign-in');
    await page.locator('input[name="username"]').fill('ingrid');
    await page.locator('input[name="password"]').fill('all roles at once');
    await page.locator('form button[type="submit"]').click();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();

    await open('/', () => expect(page.locator('.headroom, [data-testid="headroom"]').first()).toBeVisible());
    await shot(`80-${lang}-overview`, page);
    // The page itself is in the reader's language and preloads that language's words beside the
    // scripts (issue 24), the stylesheet inline.
    const served = await (await page.request.get('/fleet')).text();
    expect(served).toContain(`<html lang="${lang}"`);
    expect(served).toMatch(new RegExp(`<link rel="modulepreload" crossorigin href="/assets/${lang}-[\\w-]+\\.js">`));
    expect(served).toMatch(/<style>:root/);
    await open('/fleet', () => expect(page.getByTestId('fleet-row').first()).toBeVisible());
    await open('/fleet/lxc/101', () => expect(page.getByRole('heading', { name: 'postgresql' })).toBeVisible());
    await open('/fleet/node/pve1', () => expect(page.getByRole('heading', { name: 'pve1' })).toBeVisible());
    await open('/services', () => expect(page.getByTestId('service-service/postgresql')).toBeVisible());
    await open('/services/service/postgresql', () =>
      expect(page.getByRole('heading', { name: 'PostgreSQL' })).toBeVisible(),
    );
    await open('/discovered', () => expect(page.getByTestId('host-nuc-13')).toBeVisible());
    await open('/catalog', () => expect(page.locator('a[href="/deploy/jellyfin"]').first()).toBeVisible());

    // Deploy: too much memory is said at the memory field in words, a bad name at the name field.
    await page.goto('/deploy/jellyfin');
    await page.locator('input[name="memoryMiB"]').fill('262144');
    const memory = page.getByTestId('memoryMiB-problem');
    await expect(memory).toContainText(lang === 'de' ? 'braucht 256 GiB Arbeitsspeicher' : 'needs 256 GiB memory');
    // The placement list says what each node has free, never a negative percentage.
    await expect(page.getByTestId('placement')).toContainText(lang === 'de' ? 'jetzt frei' : 'free now');
    await expect(page.getByTestId('placement')).not.toContainText(/[-−]\d+\s?%/);
    // A template setting's refusal stands at that setting too.
    await page.locator('input[name="mediaPath"]').fill('media');
    await expect(page.getByTestId('setting-mediaPath-problem')).toContainText(
      lang === 'de' ? 'muss ^/[A-Za-z0-9/_.-]*$ entsprechen' : 'must match ^/[A-Za-z0-9/_.-]*$',
    );
    await read('deploy, too large');
    await page.locator('input[name="mediaPath"]').fill('/mnt/media');
    await page.locator('input[name="memoryMiB"]').fill('64');
    await expect(memory).toHaveText(lang === 'de' ? 'mindestens 128 MiB' : 'at least 128 MiB');
    await page.locator('input[name="name"]').fill('Bad Name!');
    await expect(page.getByTestId('name-problem')).toBeVisible();
    await read('deploy, malformed');
    await shot(`81-${lang}-deploy-refused`, page);
    await page.locator('input[name="name"]').fill('jellyfin-lang');
    await page.locator('input[name="memoryMiB"]').fill('2048');
    await expect(page.getByTestId('deploy-button')).toBeEnabled({ timeout: 10_000 });
    await page.getByTestId('deploy-button').click();
    await expect(page.getByTestId('deployment-status')).toHaveAttribute('data-status', 'succeeded', {
      timeout: 30_000,
    });
    await read('deployment');
    await open('/deployments', () => expect(page.getByTestId('deployment-row').first()).toBeVisible());

    // A plan the admin proposed: the page says why they cannot approve it.
    const proposed = await page.request.post('/trpc/plans.propose', {
      headers: { 'x-ralf-csrf': await csrfOf(page) },
      data: { actions: [{ type: 'resize', guestId: 'lxc/210', resource: 'memoryMiB', to: 2048 }] },
    });
    expect(proposed.ok(), await proposed.text()).toBe(true);
    const planId = (await proposed.json()).result.data.planId as string;
    await open('/plans', () => expect(page.locator('[data-testid="plan-row"]').first()).toBeVisible());
    await open(`/plans/${planId}`, () => expect(page.getByTestId('approve-blockers')).toBeVisible());
    await shot(`82-${lang}-plan-blockers`, page);

    await open('/trails', () => expect(page.getByTestId('trail-row').first()).toBeVisible());
    await open('/trails/demo:pbs01', () => expect(page.locator('h1')).toBeVisible());
    await open('/loops', () => expect(page.getByTestId('loop-main')).toBeVisible());
    await open('/findings', () => expect(page.getByTestId('finding-row').first()).toBeVisible());
    await open('/bots', () => expect(page.getByTestId('bot-ralf-core')).toBeVisible());
    await open('/architecture?box=PG', () => expect(page.getByTestId('arch-panel-state')).toBeVisible());
    await open('/audit', () => expect(page.getByTestId('audit-row').first()).toBeVisible());
    for (const admin of ['/admin/users', '/admin/tokens', '/admin/ingest', '/admin/plans', '/admin/notifications'])
      await open(admin, () => expect(page.locator('main h1')).toBeVisible());

    expect(problems).toEqual([]);
    await context.close();
  });
}

/** The session's CSRF token, as the web app reads it (auth.session). */
async function csrfOf(page: Page): Promise<string> {
  const res = await page.request.get('/trpc/auth.session');
  return (await res.json()).result.data.csrfToken as string;
}
