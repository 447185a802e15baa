import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any -- results are plain JSON written by run-all */
const read = (name: string): any => {
  const f = join(import.meta.dirname, 'results', `${name}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null;
};

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const ok = (pass: boolean) => (pass ? 'met' : '**missed**');

/** bench/RESULTS.md from the newest results of each benchmark. */
export function renderResults(): string {
  const all = read('all') ?? {};
  // The newer of a single benchmark's run (results/<name>.json) and the last full run.
  const newest = (k: string) => {
    const one = read(k);
    if (!one?.[k]) return all;
    if (!all[k]) return one;
    return one.machine.date > all.machine.date ? one : all;
  };
  const pick = (k: string) => newest(k)[k];
  const when = (k: string) => newest(k).machine;
  const lines = [
    '# Benchmark results',
    '',
    'Recorded by `pnpm bench` (bench/run-all.ts); raw figures in `bench/results/*.json`.',
    '',
  ];
  const bundle = pick('bundle');
  if (bundle) {
    const m = when('bundle');
    lines.push('## First-load JavaScript of the overview', '', `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}`, '');
    lines.push(
      `- JS, gzip: **${kb(bundle.firstLoadJsGzip)}** (target ≤ 150 KB: ${ok(bundle.firstLoadJsGzip <= 153_600)}); CSS ${kb(bundle.firstLoadCssGzip)}`,
    );
    lines.push(
      `- Loaded later, per route: ${bundle.chunks
        .filter((c: any) => !bundle.firstLoad.some((f: any) => f.file.endsWith(c.file)))
        .map((c: any) => `${c.file.replace(/-[\w-]+\.js$/, '')} ${kb(c.gzip)}`)
        .join(', ')}`,
      '',
    );
  }
  const browser = pick('browser');
  if (browser) {
    const m = when('browser');
    lines.push(
      '## Browser (headless Debian Chromium, loopback, cold cache, median of 9)',
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}`,
      '',
    );
    const span = (runs: Array<Record<string, number>>, k: string) =>
      `${Math.min(...runs.map((r) => r[k]!))}–${Math.max(...runs.map((r) => r[k]!))}`;
    lines.push(
      'Timings on this shared 2-core VM move by up to half between runs; the range of the runs is given beside the median.',
      '',
    );
    lines.push('| measurement | median | runs | target | |', '|---|---|---|---|---|');
    lines.push(
      `| overview first contentful paint | ${browser.overview.fcpMs} ms | ${span(browser.overview.runs, 'fcp')} | < 200 ms | ${ok(browser.overview.fcpMs < 200)} |`,
    );
    lines.push(
      `| overview with its data | ${browser.overview.withDataMs} ms | ${span(browser.overview.runs, 'data')} | < 500 ms | ${ok(browser.overview.withDataMs < 500)} |`,
    );
    lines.push(
      `| overview with data, CPU slowed 4x | ${browser.overviewCpu4x.withDataMs} ms | ${span(browser.overviewCpu4x.runs, 'data')} | < 1,100 ms | ${ok(browser.overviewCpu4x.withDataMs < 1100)} |`,
    );
    lines.push(
      `| fleet, 5,000 guests: navigation to rows visible | ${browser.fleet5000.withDataMs} ms | ${span(browser.fleet5000.runs, 'data')} | < 1,000 ms | ${ok(browser.fleet5000.withDataMs < 1000)} |`,
    );
    lines.push(
      `| fleet, 5,000 guests: most rows in the DOM while scrolling to the end | ${browser.fleet5000.scroll.maxRows} | | < 200 | ${ok(browser.fleet5000.scroll.maxRows < 200)} |`,
      '',
    );
    if (browser.ratios) {
      const r = browser.ratios;
      const f = browser.floor.fcpMs;
      const f4 = browser.floorCpu4x.fcpMs;
      lines.push(
        `Beside the floor of the same run, a static HTML page served by the same BFF (first contentful paint ${f} ms; ${f4} ms with the CPU slowed 4x):`,
        '',
        '| measurement | ratio to the floor | target | |',
        '|---|---|---|---|',
        `| overview first contentful paint | ${r.overviewFcp}× | ≤ 1.5× | ${ok(r.overviewFcp <= 1.5)} |`,
        `| overview with its data | ${r.overviewWithData}× | ≤ 3× | ${ok(r.overviewWithData <= 3)} |`,
        `| overview with its data, CPU slowed 4x (floor at 4x) | ${r.overviewCpu4xWithData}× | ≤ 3× | ${ok(r.overviewCpu4xWithData <= 3)} |`,
        `| fleet, 5,000 guests, rows visible | ${r.fleetRowsVisible}× | ≤ 5× | ${ok(r.fleetRowsVisible <= 5)} |`,
        '',
      );
    }
  }
  const load = pick('load');
  if (load) {
    const m = when('load');
    lines.push(
      `## BFF under load (autocannon, ${load.connections} connections, ${load.seconds} s each, loopback)`,
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}. The load generator shares the machine's 2 cores with the server.`,
      '',
    );
    lines.push(
      '| endpoint | response | req/s | p50 | p99 | CPU per request | process idle | CPU per request above idle | errors |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    const us = (v: number | null | undefined, unit = 'µs') => (v == null ? '' : `${v} ${unit}`);
    for (const r of load.rows)
      lines.push(
        `| ${r.name} | ${kb(r.bytes)} | ${r.reqPerSec} | ${r.p50} ms | ${r.p99} ms | ${us(r.cpuUsPerReq)} | ${us(r.idleCpuUsPerSec == null ? null : Math.round(r.idleCpuUsPerSec / 1000), 'ms/s')} | ${us(r.cpuNetUsPerReq)} | ${r.errors} |`,
      );
    const s = load.rows[2];
    lines.push(
      '',
      `- fleet.summary beside the no-op tRPC procedure in the same run: req/s **${load.summaryVsNoop}×** (target ≥ 0.8×: ${ok(load.summaryVsNoop >= 0.8)})` +
        (load.summaryCpuVsNoop == null
          ? `, p99 ${s.p99} ms.`
          : `, CPU per request **${load.summaryCpuVsNoop}×** (target ≤ 1.25×: ${ok(load.summaryCpuVsNoop <= 1.25)})` +
            (load.summaryNetCpuVsNoop == null
              ? ''
              : `, above the process's idle work (the demo lab and watchers run in the BFF, not in the no-op's process) **${load.summaryNetCpuVsNoop}×** (${ok(load.summaryNetCpuVsNoop <= 1.25)})`) +
            `, p99 **${load.summaryP99VsNoop}×** (target ≤ 1.5×: ${ok(load.summaryP99VsNoop <= 1.5)}).`),
    );
    const mem = (after: number) => `**${after} MiB** (target < 250 MiB: ${ok(after < 250)})`;
    lines.push(
      `- BFF resident memory with 5,000 guests, embedded (PGlite's WASM heap is inside the process): after the summary load ${mem(load.bffRssMiBAfterSummaryLoad)}; after the full-list load as well ${mem(load.bffRssMiBAfterLoad)}.`,
    );
    if (load.connected) {
      const c = load.connected;
      lines.push(
        `- The same on PostgreSQL (connected mode, the BFF alone): after the summary load ${mem(c.bffRssMiBAfterSummaryLoad)}; after the full-list load ${mem(c.bffRssMiBAfterLoad)}. There summary ${c.rows[0].reqPerSec} req/s, p99 ${c.rows[0].p99} ms; full list ${c.rows[1].reqPerSec} req/s, p99 ${c.rows[1].p99} ms.`,
      );
    }
    lines.push('');
  }
  const ingest = pick('ingest');
  if (ingest) {
    const m = when('ingest');
    lines.push(
      `## Ingest and live fan-out (PostgreSQL, ${ingest.seconds} s each, loopback)`,
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}. Senders and subscribers share the machine's 2 cores with the BFF and PostgreSQL.`,
      '',
    );
    lines.push('| run | events/s | request p50 | request p99 |', '|---|---|---|---|');
    for (const r of [ingest.single, ingest.batched])
      lines.push(
        `| batches of ${r.batch}, ${r.workers} senders | ${r.eventsPerSec} | ${r.requestP50Ms} ms | ${r.requestP99Ms} ms |`,
      );
    const l = ingest.latency;
    lines.push(
      '',
      `- Batched throughput **${ingest.batched.eventsPerSec} events/s** (target ≥ 2,000: ${ok(ingest.batched.eventsPerSec >= 2000)}).`,
    );
    lines.push(
      `- From the ingest request to the change at each of ${l.subscribers} SSE subscribers, at ${l.achievedEventsPerSec} events/s (aimed at ${l.targetEventsPerSec}): p50 ${l.p50Ms} ms, **p95 ${l.p95Ms} ms** (target < 250 ms: ${ok(l.p95Ms < 250)}), p99 ${l.p99Ms} ms; ${l.deliveries} deliveries, ${l.missing} missing.`,
      '',
    );
  }
  const deploy = pick('deploy');
  if (deploy) {
    const m = when('deploy');
    const c = deploy.click;
    const b = deploy.burst;
    lines.push(
      '## Deployments (embedded default, demo lab executor, headless Chromium)',
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}`,
      '',
    );
    lines.push(
      `- Deploy click to the deployment page showing its first phase, over ${c.runs} deployments: p50 ${c.firstPhaseP50Ms} ms, **p95 ${c.firstPhaseP95Ms} ms** (target < 300 ms: ${ok(c.firstPhaseP95Ms < 300)}). To the first phase the executor reports live (provisioning, which the demo lab schedules 300 ms after dispatch): p50 ${c.liveProvisioningP50Ms} ms, p95 ${c.liveProvisioningP95Ms} ms.`,
    );
    lines.push(
      `- ${b.requested} deployments requested at once: ${b.accepted} accepted, ${b.distinct} distinct, ${b.succeeded} succeeded, ${b.unfinished} unfinished; requests answered in ${b.requestMs} ms, all final after **${(b.totalMs / 1000).toFixed(1)} s**.`,
      '',
    );
  }
  const palette = pick('palette');
  if (palette) {
    const m = when('palette');
    lines.push(
      `## Command palette search with ${palette.guests.toLocaleString('en')} guests`,
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}`,
      '',
      `Every prefix of six typed words (${palette.keystrokes} keystrokes: a name, a typo, an address, a tag, "kuchen", a scale guest) asked of \`search.find\` at the BFF (tRPC over HTTP, signed in), ${palette.runs} times each after a round to warm up.`,
      '',
      `- p50 ${palette.p50Ms} ms, **p95 ${palette.p95Ms} ms**, max ${palette.maxMs} ms (target < 50 ms after a keystroke: ${ok(palette.p95Ms < 50)})`,
      '',
    );
  }
  const memory = pick('memory');
  if (memory) {
    const m = when('memory');
    const row = (name: string, r: any, peak: number | null, steady: number) =>
      `| ${name} | ${r.peakMiB} MiB${peak ? ` (≤ ${peak}: ${ok(r.peakMiB <= peak)})` : ''} | ${r.steadyMiB} MiB (≤ ${steady}: ${ok(r.steadyMiB <= steady)}) |`;
    lines.push(
      '## Resident memory of the 30-guest demo (first minute)',
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}`,
      '',
      `The built BFF with the demo lab, read from /proc: the peak (VmHWM) within the first ${memory.windowS} s and the resident set (VmRSS) at its end.`,
      '',
      '| start | peak | steady |',
      '|---|---|---|',
      row('embedded, first start (new data folder)', memory.embeddedFirst, 384, 200),
      row('embedded, restart of the same folder', memory.embeddedRestart, 384, 200),
      row('PostgreSQL (the BFF alone)', memory.postgres, null, 120),
      '',
    );
  }
  const trails = pick('trails');
  if (trails) {
    const m = when('trails');
    const row = (name: string, r: any) =>
      `- ${name}: p50 ${r.p50Ms} ms, **p95 ${r.p95Ms} ms** (${r.rows} rows; target < 100 ms: ${ok(r.p95Ms < 100)})`;
    lines.push(
      '## Explainability timeline with 100,000 trails (PostgreSQL)',
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}`,
      '',
    );
    lines.push(
      `${trails.trails.toLocaleString('en')} trails written by SQL in ${(trails.seedMs / 1000).toFixed(1)} s; each figure over ${trails.runs} requests to \`trails.list\` at the BFF (tRPC over HTTP, signed in), after 3 to warm up.`,
      '',
    );
    lines.push(row('First page of the timeline (50, newest first)', trails.firstPage));
    lines.push(row('Next page (keyset cursor)', trails.nextPage));
    lines.push(row('Full-text search "Migration" (German and English stemming) and outcome succeeded', trails.search));
    lines.push(
      row(
        'The same search with outcome failed, which no match has (every match read, none kept: the worst case)',
        trails.searchNoMatch,
      ),
    );
    lines.push(row('Full-text search "Sicherungen" (German stemming finds "Sicherung")', trails.searchGerman));
    lines.push(row('"Why?" of a node (subject filter, 5 rows)', trails.subject), '');
  }
  const arch = pick('architecture');
  if (arch) {
    const m = when('architecture');
    const kbs = (b: number) => `${Math.round(b / 1024)} KB`;
    lines.push(
      '## Architecture page (embedded default, headless Chromium, 1440 × 900)',
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}`,
      '',
    );
    lines.push(
      `- Navigation to the picture drawn (cold cache), median of ${arch.runs}: **${arch.drawnMs} ms** (${Math.min(...arch.draws)}–${Math.max(...arch.draws)}; target < 1,500 ms: ${ok(arch.drawnMs < 1500)}). The picture is ${arch.picture} px, laid out in the browser and painted as SVG (no layout engine loaded).`,
    );
    lines.push(
      `- The same browser again (code cached): **${arch.warmDrawnMs} ms** (${Math.min(...arch.warm)}–${Math.max(...arch.warm)}).`,
    );
    if (arch.chainMs != null)
      lines.push(
        `- A trail's causal chain (demo:self-heal-nextcloud): its diagram drawn **${arch.chainAfterDataMs} ms** after the chain's data stands in the page (slowest ${arch.chainAfterDataMaxMs} ms; target < 500 ms: ${ok(arch.chainAfterDataMaxMs < 500)}); the whole page from navigation, cold: ${arch.chainMs} ms (${Math.min(...arch.chainCold)}–${Math.max(...arch.chainCold)}), warm: ${arch.chainWarmMs} ms (${Math.min(...arch.chainWarm)}–${Math.max(...arch.chainWarm)}).`,
      );
    lines.push(
      `- An agent's report (guest stopped or paused) to the box re-coloured in the open page, ${arch.recolour.length} times: median ${arch.recolourMs} ms, slowest ${arch.recolourMaxMs} ms (the report's way through ingest, the change stream and the status refetch); of that, from the status answer's arrival to the box re-coloured: **${arch.paintMs} ms** median, slowest ${arch.paintMaxMs} ms (target < 150 ms: ${ok(arch.paintMaxMs < 150)}). The picture is not laid out again; zoom and position stay.`,
    );
    lines.push(
      `- JavaScript this page loads beyond the first load: **${kbs(arch.pageJsGzip)} gzip**: ${arch.pageChunks
        .slice(0, 8)
        .map((c: any) => `${c.file.replace(/-[\w-]+\.js$/, '')} ${kbs(c.gzip)}`)
        .join(', ')}, …`,
      '',
    );
  }
  const pve = pick('proxmox');
  if (pve) {
    const m = when('proxmox');
    lines.push(
      `## Proxmox VE read directly: ${pve.guests.toLocaleString('en')} guests over ${pve.clusters} clusters`,
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}. The built BFF on its embedded default (PGlite) reads three clusters served on loopback in the shapes of the Proxmox VE API, every ${pve.pollMs / 1000} s; the fleet is quiet (nothing changes between readings).`,
      '',
      '| measurement | figure | target | |',
      '|---|---|---|---|',
      `| start until the first reading of every cluster is stored (the server answers only then) | ${(pve.firstReadingMs / 1000).toFixed(1)} s | | |`,
      `| every guest's config and addresses read (64 per cluster and reading) | ${pve.warmupS} s, ${pve.warmupCpuS} s of CPU | | |`,
      `| BFF CPU per quiet poll cycle (3 clusters, mean of ${pve.quietCycles}) | ${pve.cpuPerQuietCycleS} s | < 1 s | ${ok(pve.cpuPerQuietCycleS < 1)} |`,
      `| changes heard on an open live stream during the quiet cycles | ${pve.liveEventsWhileQuiet}${pve.liveStreamOpened ? '' : ' (stream not opened)'} | 0 | ${ok(pve.liveStreamOpened && pve.liveEventsWhileQuiet === 0)} |`,
      `| per-guest requests during the quiet cycles (details are read again after 5 min) | ${pve.detailRequestsWhileQuiet} | | |`,
      '',
    );
  }
  const act = pick('proxmox-act');
  if (act) {
    const m = when('proxmox-act');
    lines.push(
      '## Acting on Proxmox (embedded default, demo lab, headless Chromium)',
      '',
      `${m.date}, ${m.cpu}, ${m.memory}, Node ${m.node}. An operator starts and stops win11-test ${act.runs / 2} times each on its page; a backup of jellyfin logs a line every 0.9 s, and the lab's Proxmox API is asked for its log every 20 ms beside the page.`,
      '',
      '| measurement | figure | target | |',
      '|---|---|---|---|',
      `| click to the task shown running (median of ${act.runs}; slowest) | ${act.clickToTaskMedianMs} ms; ${act.clickToTaskMaxMs} ms | < 300 ms | ${ok(act.clickToTaskMaxMs < 300)} |`,
      `| a new log line on the page after Proxmox has it (median of ${act.logLines}; slowest) | ${act.logLagMedianMs} ms; ${act.logLagMaxMs} ms | < 1,500 ms | ${ok(act.logLagMaxMs < 1500)} |`,
      '',
    );
  }
  return lines.join('\n');
}
