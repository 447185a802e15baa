import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/screens';
import { replica } from '../fixtures/replicas';

// The seed's diagram, read here on its own: the boxes it declares and the pairs its deployment flow (`:::active`) draws.
const seed = readFileSync(
  join(import.meta.dirname, '../../packages/shared/test/fixtures/seed-architecture.mmd'),
  'utf8',
);
const SEED_BOXES = [...seed.matchAll(/^\s*(\w+)\["[^"]*"\]:::\w+$/gm)].map((m) => m[1]!);
const DEPLOY_PAIRS = [
  ...new Set([...seed.matchAll(/^\s*(\w+) -->\|"[^"]*"\| (\w+):::active$/gm)].map((m) => `${m[1]}>${m[2]}`)),
].sort();

// Its own installation on the embedded default (PGlite and the demo lab, no settings): it stops a core service.
const own = replica(Number(process.env.E2E_PORT ?? 4173) + 60, {
  RALF_DATA_DIR: mkdtempSync(join(tmpdir(), 'ralf-e2e-arch-')),
  RALF_DEMO_ACCOUNTS: 'on',
});
test.use({ baseURL: own.url });
test.beforeAll(async () => own.start());
test.afterAll(async () => own.stop());

/** A demo account's API session outside the browser (for the other people in the story). */
async function apiAs(role: string) {
  const res = await fetch(`${own.url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: role, password: `demo-${role}` }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf: string = (await res.json()).result.data.csrfToken;
  return async (path: string, data: unknown) => {
    const r = await fetch(`${own.url}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-ralf-csrf': csrf },
      body: JSON.stringify(data),
    });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()).result.data;
  };
}

const postgres = (status: string) => ({
  id: 'lxc/101',
  vmid: 101,
  type: 'lxc',
  nodeId: 'node/pve1',
  name: 'postgresql',
  status,
  cores: 4,
  memoryBytes: 8 * 1024 ** 3,
  diskBytes: 64 * 1024 ** 3,
  tags: ['core', 'db'],
  role: 'core',
});

test('the live architecture: every seed box, a stopped service turns its box down in place, the deployment flow, the PostgreSQL panel, SVG export, ghosts of a pending plan', async ({
  page,
  shot,
}) => {
  test.setTimeout(120_000);
  expect(SEED_BOXES).toHaveLength(21);
  expect(DEPLOY_PAIRS).toHaveLength(14);
  const admin = await apiAs('admin');
  const { secret } = await admin('tokens.create', { name: 'a_mon', scopes: ['ingest:inventory'], expiresInDays: null });
  const report = (id: string, status: string) =>
    fetch(`${own.url}/api/ingest/v1/inventory/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ id, type: 'guest.upsert', guest: postgres(status) }] }),
    });

  await page.request.post('/trpc/auth.signIn', { data: { username: 'viewer', password: 'demo-viewer' } });
  await page.setViewportSize({ width: 1440, height: 960 });
  await page.goto('/architecture');
  const canvas = page.getByTestId('arch-canvas');
  await expect(canvas).toHaveAttribute('data-drawing', 'false', { timeout: 30_000 });
  for (const id of SEED_BOXES) await expect(page.locator(`[data-box="${id}"]`), id).toHaveCount(1);
  const pg = page.locator('[data-box="PG"]');
  await expect(pg).toHaveAttribute('data-state', 'healthy');
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
  await shot('60-architecture');

  // The viewer zooms in; the picture is marked so that a redraw would show.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const content = page.locator('.arch-content');
  const transform = await content.getAttribute('style');
  await page.locator('.arch-content svg').evaluate((svg) => svg.setAttribute('data-e2e-mark', 'first'));

  // An agent reports PostgreSQL's guest stopped: its box turns down within seconds, in the same picture, same zoom.
  expect((await report('e2e-arch-1', 'stopped')).status).toBe(200);
  await expect(pg).toHaveAttribute('data-state', 'down', { timeout: 5000 });
  await expect(page.locator('.arch-content svg')).toHaveAttribute('data-e2e-mark', 'first');
  expect(await content.getAttribute('style')).toBe(transform);
  await expect(page.getByTestId('component-PG')).toContainText('postgresql (lxc/101) is stopped');
  await page.getByRole('button', { name: 'Fit' }).click();
  await shot('61-architecture-postgres-down');

  // The deployment flow (Jellyfin) lights exactly its edges; the rest fade.
  await page.getByTestId('layer-active').click();
  await expect(page.getByTestId('layer-active')).toHaveAttribute('aria-pressed', 'true');
  const lit = await page
    .locator('path.lit')
    .evaluateAll((ps) => ps.map((p) => (p as SVGPathElement).dataset.edge!).sort());
  expect(lit).toEqual(DEPLOY_PAIRS);
  expect(await page.locator('path.faded').count()).toBe(59 - DEPLOY_PAIRS.length);
  await shot('62-architecture-deployment-flow');

  // Clicking PostgreSQL opens its panel: status and why, use, and its page.
  await pg.click();
  const panel = page.getByTestId('arch-panel');
  await expect(panel.getByRole('heading', { name: 'PostgreSQL' })).toBeVisible();
  await expect(panel.getByTestId('arch-panel-state')).toContainText('down');
  await expect(panel.getByTestId('arch-panel-state')).toContainText('postgresql (lxc/101) is stopped');
  await expect(panel.getByRole('link', { name: 'Open its page' })).toHaveAttribute(
    'href',
    '/services/service/postgresql',
  );
  await expect(panel.getByRole('link', { name: 'Open its guest' })).toHaveAttribute('href', '/fleet/lxc/101');
  await shot('63-architecture-panel');

  // Export SVG: a file that opens as an image, with the live status inside.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect(download.suggestedFilename()).toBe('ralf-architecture-logical.svg');
  const svgText = readFileSync(await download.path(), 'utf8');
  expect(svgText).toContain('st-down');
  const size = await page.evaluate(
    async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    },
    `data:image/svg+xml;base64,${Buffer.from(svgText).toString('base64')}`,
  );
  expect(size[0]).toBeGreaterThan(500);
  expect(size[1]).toBeGreaterThan(200);
  const [mmd] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-mermaid').click()]);
  expect(readFileSync(await mmd.path(), 'utf8')).toMatch(/^ {2}class (?:\w+,)*PG(?:,\w+)* down$/m);

  // Physical view: a proposed migration is a dashed ghost; rejecting the plan removes it live.
  await page.getByRole('link', { name: 'Physical' }).click();
  await expect(canvas).toHaveAttribute('data-drawing', 'false', { timeout: 30_000 });
  await expect(page.locator('[data-box="guest_lxc_101"]')).toHaveAttribute('data-state', 'down');
  const ghosts = page.locator('path[data-id^="ghost"]');
  const before = await ghosts.count();
  const operator = await apiAs('operator');
  const { planId } = await operator('plans.propose', {
    actions: [{ type: 'migrate', guestId: 'lxc/216', to: 'node/pve2' }],
    summary: 'Move audiobookshelf to pve2',
  });
  await expect(ghosts).toHaveCount(before + 1, { timeout: 5000 });
  await expect(page.locator('.edge-labels')).toContainText('Move audiobookshelf to pve2');
  await shot('64-architecture-physical-ghost');
  await (
    await apiAs('approver')
  )('plans.decide', { id: planId, decision: 'reject', revision: 1, comment: 'not now' });
  await expect(ghosts).toHaveCount(before, { timeout: 5000 });

  // PostgreSQL runs again; its guest box follows once the metrics have seen it up (a scrape, then the page's next look).
  expect((await report('e2e-arch-2', 'running')).status).toBe(200);
  await expect(page.locator('[data-box="guest_lxc_101"]')).toHaveAttribute('data-state', 'healthy', {
    timeout: 35_000,
  });
});

test('on a phone the picture opens top to bottom, fitted, and a box opens its panel below it', async ({
  page,
  shot,
}) => {
  await page.request.post('/trpc/auth.signIn', { data: { username: 'viewer', password: 'demo-viewer' } });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/architecture');
  await expect(page.getByTestId('arch-canvas')).toHaveAttribute('data-drawing', 'false', { timeout: 30_000 });
  const svg = page.locator('.arch-content svg');
  const [w, h] = await svg.evaluate((s) => [
    (s as SVGSVGElement).viewBox.baseVal.width,
    (s as SVGSVGElement).viewBox.baseVal.height,
  ]);
  expect(h).toBeGreaterThan(w);
  // Fitted: the whole picture inside the viewport.
  const vp = (await page.getByTestId('arch-canvas').boundingBox())!;
  const pic = (await svg.boundingBox())!;
  expect(pic.x).toBeGreaterThanOrEqual(vp.x - 1);
  expect(pic.x + pic.width).toBeLessThanOrEqual(vp.x + vp.width + 1);
  await page.locator('[data-box="RALF"]').click();
  await expect(page.getByTestId('arch-panel').getByRole('heading', { name: 'Ralf-Core' })).toBeVisible();
  await shot('65-architecture-phone');
});

/** WCAG's contrast ratio of two CSS colours (`rgb(r, g, b)`). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map(Number)
      .map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('at 1440 × 900 every seed box is on screen with its words at 12 px or more, in both themes legible; a guest named with quotes, braces and # appears as written', async ({
  page,
  shot,
}) => {
  test.setTimeout(90_000);
  await page.request.post('/trpc/auth.signIn', { data: { username: 'viewer', password: 'demo-viewer' } });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.addInitScript(() => localStorage.setItem('ralf.theme', 'light'));
  await page.goto('/architecture');
  const canvas = page.getByTestId('arch-canvas');
  await expect(canvas).toHaveAttribute('data-drawing', 'false', { timeout: 30_000 });
  await expect(page.locator('[data-box="PG"]')).toHaveAttribute('data-state', /healthy|down|degraded/);
  // Every box of the seed inside the window, and the smallest word drawn at 12 px or more (its size times the scale).
  for (const id of SEED_BOXES) {
    const b = (await page.locator(`[data-box="${id}"]`).boundingBox())!;
    expect(b.x, id).toBeGreaterThanOrEqual(0);
    expect(b.y, id).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, id).toBeLessThanOrEqual(1440);
    expect(b.y + b.height, id).toBeLessThanOrEqual(900);
  }
  const smallest = await page.locator('.arch-content svg').evaluate((svg) => {
    const k = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
    const sizes = Array.from(svg.querySelectorAll('text'))
      .filter((t) => t.getBoundingClientRect().width > 0)
      .map((t) => parseFloat(getComputedStyle(t).fontSize) * k);
    return Math.min(...sizes);
  });
  expect(smallest).toBeGreaterThanOrEqual(12);
  await shot('66-architecture-light-1440');

  // Dark mode: its own palette, text on three boxes at 4.5:1 or more.
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  for (const id of ['PG', 'RALF', 'NEWNODE']) {
    const [fill, text] = await page
      .locator(`[data-box="${id}"]`)
      .evaluate((g) => [
        getComputedStyle(g.querySelector('rect')!).fill,
        getComputedStyle(g.querySelector('text')!).fill,
      ]);
    expect(fill, id).not.toBe('rgb(255, 255, 255)');
    expect(contrast(fill, text), id).toBeGreaterThanOrEqual(4.5);
  }
  await shot('67-architecture-dark-1440');

  // A guest whose name would be syntax elsewhere: drawn as written in the physical view and in both exports.
  const admin = await apiAs('admin');
  const { secret } = await admin('tokens.create', {
    name: 'odd-agent',
    scopes: ['ingest:inventory'],
    expiresInDays: null,
  });
  const odd = 'evil"} or vector(1) #';
  const res = await fetch(`${own.url}/api/ingest/v1/inventory/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      events: [
        {
          id: 'e2e-odd-1',
          type: 'guest.upsert',
          guest: { ...postgres('running'), id: 'qemu/990', vmid: 990, type: 'qemu', name: odd, tags: [], role: null },
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  await page.getByRole('link', { name: 'Physical' }).click();
  const box = page.locator('[data-box="guest_qemu_990"]');
  await expect(box.locator('text').first()).toHaveText(odd, { timeout: 15_000 });
  const [svgFile] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  const svgText = readFileSync(await svgFile.path(), 'utf8');
  expect(
    await page.evaluate(
      (x) => new DOMParser().parseFromString(x, 'image/svg+xml').documentElement.textContent,
      svgText,
    ),
  ).toContain(odd);
  const [mmd] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-mermaid').click()]);
  expect(readFileSync(await mmd.path(), 'utf8')).toContain('evil#quot;#125; or vector(1) #35;');
});
