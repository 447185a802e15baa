import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { architectureBench } from './architecture/architecture.bench';
import { browserBench } from './browser/browser.bench';
import { bundleBench } from './bundle/bundle.bench';
import { deployBench } from './deploy/deploy.bench';
import { ingestBench } from './ingest/ingest.bench';
import { loadBench } from './load/load.bench';
import { trailsBench } from './trails/trails.bench';
import { proxmoxPollBench } from './proxmox/poll.bench';
import { machine } from './lib';
import { renderResults } from './results';

// Needs the build (pnpm run build). Writes bench/results/*.json and bench/RESULTS.md.
const only = process.argv[2];
const out: Record<string, unknown> = { machine: machine() };
if (!only || only === 'bundle') out.bundle = bundleBench();
if (!only || only === 'browser') out.browser = await browserBench();
if (!only || only === 'load') out.load = await loadBench();
if (!only || only === 'ingest') out.ingest = await ingestBench();
if (!only || only === 'deploy') out.deploy = await deployBench();
if (!only || only === 'trails') out.trails = await trailsBench();
if (!only || only === 'architecture') out.architecture = await architectureBench();
if (!only || only === 'proxmox') out.proxmox = await proxmoxPollBench();
const file = join(import.meta.dirname, 'results', `${only ?? 'all'}.json`);
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), renderResults());
console.log(JSON.stringify(out, null, 2));
