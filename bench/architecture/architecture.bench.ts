import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ROOT, median, signIn, startBff } from '../lib';

const RUNS = 7;
const RECOLOURS = 12;
const ASSETS = join(ROOT, 'apps/web/dist/assets');
const gz = (file: string) =>
  existsSync(`${file}.gz`) ? statSync(`${file}.gz`).size : gzipSync(readFileSync(file)).length;

/** Records, in the page, when the picture is drawn: the canvas says `data-drawing="false"`. */
const markDrawn = `
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-testid="arch-canvas"][data-drawing="false"]')) { window.__drawnAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-drawing'] });`;

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

/** Records when a trail's chain stands in the page as a timeline, and when its diagram does. */
const markChain = `
  new MutationObserver((_, obs) => {
    if (!window.__chainAt && document.querySelector('[data-testid="chain-event"]')) window.__chainAt = performance.now();
    if (document.querySelector('[data-testid="trail-diagram"] svg')) { window.__drawnAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });`;

/**
 * The architecture page (issues 9 and 22) in headless Chromium on the embedded default:
 * navigation to the picture drawn (cold cache, then the same browser again), the JavaScript it
 * loads beyond the first load, an agent's report to the box re-coloured in the open page, and a
 * trail's chain diagram drawn (cold and warm).
 */
export async function architectureBench() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const bff = await startBff(30);
  await new Promise((r) => setTimeout(r, 3000));
  try {
    const admin = await signIn(bff.url, 'admin');
    const token = await fetch(`${bff.url}/trpc/tokens.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-ralf-csrf': admin.csrf },
      body: JSON.stringify({ name: 'bench-agent', scopes: ['ingest:inventory'], expiresInDays: null }),
    });
    const secret: string = ((await token.json()) as { result: { data: { secret: string } } }).result.data.secret;
    const viewer = await signIn(bff.url);
    const context = async () => {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await ctx.addCookies([{ name: 'ralf_session', value: viewer.value, url: bff.url }]);
      return ctx;
    };

    const draws: number[] = [];
    let chunks: string[] = [];
    const warm: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      // A browser that never drew the picture (cold cache), then the same browser again (its drawing cached).
      const ctx = await context();
      for (const pass of ['cold', 'warm'] as const) {
        const page = await ctx.newPage();
        await page.addInitScript(markDrawn);
        await page.goto(`${bff.url}/architecture`);
        await page.waitForSelector('[data-testid="arch-canvas"][data-drawing="false"]', { timeout: 60_000 });
        const at = Math.round(await page.evaluate(() => (window as unknown as { __drawnAt: number }).__drawnAt));
        if (pass === 'cold')
          chunks = await page.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map((r) => r.name)
              .filter((n) => n.endsWith('.js'))
              .map((n) => n.split('/').pop()!),
          );
        await page.close();
        if (i === 0) continue; // the first run warms the server, not the browser
        if (pass === 'cold') draws.push(at);
        else warm.push(at);
      }
      await ctx.close();
    }
    const sizes = chunks
      .filter((f) => existsSync(join(ASSETS, f)))
      .map((f) => ({ file: f, gzip: gz(join(ASSETS, f)) }));
    const index = readFileSync(join(ROOT, 'apps/web/dist/index.html'), 'utf8');
    const pageOnly = sizes.filter((s) => !index.includes(s.file));

    // One page stays open; an agent reports PostgreSQL stopped, then paused, and so on: report to re-coloured.
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${bff.url}/architecture`);
    await page.waitForSelector('[data-testid="arch-canvas"][data-drawing="false"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="live-indicator"][data-state="live"]');
    const recolour: number[] = [];
    /** From the status answer's arrival to the box re-coloured. */
    const paint: number[] = [];
    for (let i = 0; i < RECOLOURS; i++) {
      const status = i % 2 === 0 ? 'stopped' : 'paused';
      const want = status === 'stopped' ? 'down' : 'degraded';
      const ms = await page.evaluate(
        async ({ secret, body, want }) => {
          const box = document.querySelector('[data-box="PG"]')!;
          const t0 = performance.now();
          // When the status answer that carries the change arrives: re-colouring is from there to the box.
          const w = window as unknown as { __statusAt?: number; __fetch?: typeof fetch };
          if (!w.__fetch) {
            w.__fetch = window.fetch.bind(window);
            window.fetch = async (...args) => {
              const res = await w.__fetch!(...args);
              const [input] = args;
              const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
              if (url.includes('architecture.status')) w.__statusAt = performance.now();
              return res;
            };
          }
          w.__statusAt = undefined;
          const seen = new Promise<[number, number]>((resolve) => {
            const obs = new MutationObserver(() => {
              if (box.getAttribute('data-state') === want) {
                obs.disconnect();
                const now = performance.now();
                resolve([now - t0, now - (w.__statusAt ?? t0)]);
              }
            });
            obs.observe(box, { attributes: true, attributeFilter: ['data-state'] });
          });
          const res = await fetch('/api/ingest/v1/inventory/events', {
            method: 'POST',
            headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
            body,
          });
          if (!res.ok) throw new Error(`ingest ${res.status}`);
          return seen;
        },
        {
          secret,
          want,
          body: JSON.stringify({
            events: [{ id: `bench-${i}-${Date.now()}`, type: 'guest.upsert', guest: postgres(status) }],
          }),
        },
      );
      recolour.push(Math.round(ms[0]));
      paint.push(Math.round(ms[1]));
    }
    const svgSize = await page
      .locator('.arch-content svg')
      .evaluate(
        (s) =>
          `${Math.round((s as SVGSVGElement).viewBox.baseVal.width)} × ${Math.round((s as SVGSVGElement).viewBox.baseVal.height)}`,
      );
    await ctx.close();

    // A trail's causal chain: the self-healing restart (trigger, observation, decision with its alternatives, action, outcome).
    const chainCold: number[] = [];
    const chainWarm: number[] = [];
    /** From the chain's timeline in the page (its data arrived) to its diagram drawn. */
    const chainAfterData: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const c = await context();
      for (const pass of ['cold', 'warm'] as const) {
        const p = await c.newPage();
        await p.addInitScript(markChain);
        await p.goto(`${bff.url}/trails/demo:self-heal-nextcloud`);
        await p.waitForSelector('[data-testid="trail-diagram"] svg', { timeout: 60_000 });
        const [at, chainAt] = await p.evaluate(() => {
          const w = window as unknown as { __drawnAt: number; __chainAt: number };
          return [w.__drawnAt, w.__chainAt];
        });
        await p.close();
        if (i > 0) {
          (pass === 'cold' ? chainCold : chainWarm).push(Math.round(at));
          chainAfterData.push(Math.round(at - chainAt));
        }
      }
      await c.close();
    }
    const sorted = [...recolour].sort((a, b) => a - b);
    return {
      runs: RUNS,
      drawnMs: median(draws),
      draws,
      warmDrawnMs: median(warm),
      warm,
      pageJsGzip: pageOnly.reduce((a, s) => a + s.gzip, 0),
      pageChunks: pageOnly.sort((a, b) => b.gzip - a.gzip),
      recolourMs: median(recolour),
      recolourMaxMs: sorted.at(-1),
      paintMs: median(paint),
      paintMaxMs: Math.max(...paint),
      recolour,
      picture: svgSize,
      chainMs: median(chainCold),
      chainCold,
      chainWarmMs: median(chainWarm),
      chainWarm,
      chainAfterDataMs: median(chainAfterData),
      chainAfterDataMaxMs: Math.max(...chainAfterData),
      targets: { drawn: '< 1500 ms', recolour: '< 150 ms', chain: '< 500 ms' },
    };
  } finally {
    await browser.close();
    await bff.stop();
  }
}
