import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, signIn, startBff } from '../lib';

const RUNS = 50;
const AT_ONCE = 200;

const q = (xs: number[], p: number) =>
  Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN);

/** Click on Deploy → the deployment page shows its first phase, and → the first phase the executor reports (live). */
async function clickToPhase(url: string) {
  const s = await signIn(url, 'operator');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await ctx.addCookies([{ name: 'ralf_session', value: s.value, url }]);
  const page = await ctx.newPage();
  const shown: number[] = [];
  const live: number[] = [];
  try {
    for (let i = 0; i < RUNS + 2; i++) {
      await page.goto(`${url}/deploy/uptime-kuma`);
      await page.getByLabel('Name').fill(`bench-kuma-${i}`);
      const button = page.getByTestId('deploy-button');
      await page.waitForFunction(
        () => !document.querySelector<HTMLButtonElement>('[data-testid="deploy-button"]')?.disabled,
      );
      const t0 = await page.evaluate(() => performance.now());
      await button.click();
      await page.waitForSelector('[data-testid="deployment-status"]');
      const t1 = await page.evaluate(() => performance.now());
      await page.waitForSelector('[data-phase="provisioning"][data-reached="true"]', { timeout: 10_000 });
      const t2 = await page.evaluate(() => performance.now());
      if (i >= 2) {
        shown.push(t1 - t0);
        live.push(t2 - t0);
      }
    }
  } finally {
    await browser.close();
  }
  return {
    runs: RUNS,
    firstPhaseP50Ms: q(shown, 0.5),
    firstPhaseP95Ms: q(shown, 0.95),
    liveProvisioningP50Ms: q(live, 0.5),
    liveProvisioningP95Ms: q(live, 0.95),
  };
}

/** 200 deployments requested at once with the demo executor: all reach a final state, none lost or twice. */
async function atOnce(url: string) {
  const s = await signIn(url, 'operator');
  const headers = { 'content-type': 'application/json', cookie: s.cookie, 'x-ralf-csrf': s.csrf };
  const t0 = performance.now();
  const created = await Promise.all(
    Array.from({ length: AT_ONCE }, (_, i) =>
      fetch(`${url}/trpc/deployments.create`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          templateId: 'uptime-kuma',
          params: {
            name: `burst-${i}`,
            node: 'auto',
            kind: 'lxc',
            cores: 1,
            memoryMiB: 128,
            diskGiB: 1,
            vlan: null,
            settings: {},
          },
          idempotencyKey: `burst-key-${i}`,
        }),
      }).then(async (r) => ((await r.json()) as { result?: { data: { id: string } } }).result?.data.id),
    ),
  );
  const accepted = created.filter(Boolean) as string[];
  const requestMs = performance.now() - t0;
  let rows: { id: string; status: string }[];
  const deadline = Date.now() + 300_000;
  for (;;) {
    const res = await fetch(
      `${url}/trpc/deployments.list?input=${encodeURIComponent(JSON.stringify({ limit: 500 }))}`,
      { headers },
    );
    rows = (
      (await res.json()) as { result: { data: { id: string; name: string; status: string }[] } }
    ).result.data.filter((d) => (d as { name: string }).name.startsWith('burst-'));
    if (rows.length >= AT_ONCE && rows.every((d) => ['succeeded', 'failed', 'cancelled'].includes(d.status))) break;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    requested: AT_ONCE,
    accepted: accepted.length,
    distinct: new Set(rows.map((r) => r.id)).size,
    succeeded: rows.filter((r) => r.status === 'succeeded').length,
    unfinished: rows.filter((r) => !['succeeded', 'failed', 'cancelled'].includes(r.status)).length,
    requestMs: Math.round(requestMs),
    totalMs: Math.round(performance.now() - t0),
  };
}

export async function deployBench() {
  const small = await startBff(30);
  try {
    const click = await clickToPhase(small.url);
    const burst = await atOnce(small.url);
    return { click, burst };
  } finally {
    await small.stop();
  }
}
