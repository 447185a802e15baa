import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, median, ROOT, signIn, startBff } from '../lib';

/**
 * The floor every paint is measured against in the same run (issue 24): a static HTML page served
 * by the same BFF, written into the built web app for the run and removed after it.
 */
const FLOOR_FILE = join(ROOT, 'apps/web/dist/bench-floor.html');
const FLOOR_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>' +
  '<body><h1 data-testid="floor">ralf-ui</h1><p>A static page: the floor of the overview\'s paint.</p></body></html>';

const RUNS = 9;

/** Records, in the page, when the first element matching `selector` appears (ms since navigation). */
const markWhenVisible = (selector: string) => `
  new MutationObserver((_, obs) => {
    if (document.querySelector(${JSON.stringify(selector)})) { window.__dataAt = performance.now(); obs.disconnect(); }
  }).observe(document, { childList: true, subtree: true });`;

/** A new context (cold cache) that carries a signed-in viewer's session cookie. */
async function signedInContext(browser: Browser, url: string) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await ctx.addCookies([
    { name: 'ralf_session', value: (await signIn(new URL(url).origin)).value, url: new URL(url).origin },
  ]);
  return ctx;
}

async function measure(browser: Browser, url: string, selector: string, cpuSlowdown: number) {
  const ctx = await signedInContext(browser, url);
  const page = await ctx.newPage();
  if (cpuSlowdown > 1) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  }
  await page.addInitScript(markWhenVisible(selector));
  await page.goto(url);
  await page.waitForSelector(selector);
  const r = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    data: (window as unknown as { __dataAt: number }).__dataAt,
  }));
  await ctx.close();
  return r;
}

async function series(browser: Browser, url: string, selector: string, slowdown: number) {
  await measure(browser, url, selector, slowdown); // warm the server, not the browser
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, url, selector, slowdown));
  return {
    fcpMs: Math.round(median(runs.map((r) => r.fcp))),
    withDataMs: Math.round(median(runs.map((r) => r.data))),
    runs: runs.map((r) => ({ fcp: Math.round(r.fcp), data: Math.round(r.data) })),
  };
}

/** Overview paint and data times, plain and with the CPU slowed 4x; the fleet page at 5,000 guests. */
export async function browserBench() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  // Before the start: the BFF serves the files its web folder holds when it starts.
  writeFileSync(FLOOR_FILE, FLOOR_HTML);
  const small = await startBff(30);
  let big: Awaited<ReturnType<typeof startBff>> | null = null;
  await new Promise((r) => setTimeout(r, 5000)); // let the server settle after its start
  try {
    const floor = await series(browser, `${small.url}/bench-floor.html`, '[data-testid="floor"]', 1);
    const floorSlow = await series(browser, `${small.url}/bench-floor.html`, '[data-testid="floor"]', 4);
    const overview = await series(browser, `${small.url}/`, '[data-testid="nodes-up"]', 1);
    const overviewSlow = await series(browser, `${small.url}/`, '[data-testid="nodes-up"]', 4);
    // The 5,000-guest BFF only now: its demo lab's own work (~0.1 core) ran beside the overview's
    // measurements before, while the floor it is compared with was measured without it.
    big = await startBff(5000);
    await new Promise((r) => setTimeout(r, 5000));
    const fleet = await series(browser, `${big.url}/fleet`, '[data-testid="fleet-row"]', 1);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

    // Scroll the 5,000-guest table from top to bottom and count the rows in the DOM on the way.
    const ctx = await signedInContext(browser, big.url);
    const page = await ctx.newPage();
    await page.goto(`${big.url}/fleet`);
    await page.waitForSelector('[data-testid="fleet-row"]');
    const scroll = await page.evaluate(async () => {
      const el = document.querySelector('[data-testid="fleet-scroller"]') as HTMLElement;
      let maxRows = 0;
      let steps = 0;
      while (el.scrollTop + el.clientHeight < el.scrollHeight - 1 && steps < 2000) {
        el.scrollTop += 1500;
        steps++;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        maxRows = Math.max(maxRows, document.querySelectorAll('[role="row"]').length);
      }
      const last = document.querySelectorAll('[data-testid="fleet-row"]');
      return {
        maxRows,
        steps,
        scrollHeight: el.scrollHeight,
        lastRowText: last[last.length - 1]?.textContent?.slice(0, 40) ?? '',
      };
    });
    const count = await page.getByTestId('fleet-count').textContent();
    await ctx.close();
    return {
      runs: RUNS,
      floor,
      floorCpu4x: floorSlow,
      ratios: {
        overviewFcp: ratio(overview.fcpMs, floor.fcpMs),
        overviewWithData: ratio(overview.withDataMs, floor.fcpMs),
        overviewCpu4xWithData: ratio(overviewSlow.withDataMs, floorSlow.fcpMs),
        fleetRowsVisible: ratio(fleet.withDataMs, floor.fcpMs),
      },
      overview,
      overviewCpu4x: overview && overviewSlow,
      fleet5000: { ...fleet, count, scroll },
      targets: {
        overviewFcp: '< 200 ms',
        overviewWithData: '< 500 ms',
        overviewCpu4xWithData: '< 1100 ms',
        fleetRowsVisible: '< 1000 ms',
        domRows: '< 200',
      },
    };
  } finally {
    rmSync(FLOOR_FILE, { force: true });
    await browser.close();
    await small.stop();
    await big?.stop();
  }
}
