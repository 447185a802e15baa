import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { createServer, openRequests } from './http/server';
import { type SystemInfo } from '@ralf/shared';
import type { Config } from './config';
import { openDatabase, STARTUP_LOCK, type DbClient } from './adapters/db/client';
import { migrate } from './adapters/db/migrate';
import { RALF_VERSION } from './version';
import { createDemoLab } from './adapters/demo-lab/demo-lab';
import type { LabModel } from './adapters/demo-lab/lab-model';
import { N8nExecutor } from './adapters/n8n/n8n-executor';
import { noExecutor } from './adapters/no-executor';
import { PveControl } from './adapters/proxmox/pve-control';
import { ProxmoxControls } from './features/tasks/controls';
import { noMetrics } from './adapters/no-metrics';
import { noBots } from './adapters/no-bots';
import {
  systemClock,
  type BotHealthSource,
  type Clock,
  type Executor,
  type InventorySource,
  type MetricsSource,
} from './adapters/ports';
import { PrometheusMetrics } from './adapters/prometheus/prometheus-metrics';
import { ProxmoxInventory } from './adapters/proxmox/proxmox-inventory';
import { PbsBackups, PveBackups } from './adapters/proxmox/backup-readers';
import { proxmoxEndpoints } from './config-proxmox';
import { ProxmoxMetrics } from './adapters/proxmox/proxmox-metrics';
import { installAuditRoutes } from './features/audit/audit.routes';
import { createAuditLog } from './features/audit/audit.service';
import { installOidcRoutes } from './features/auth/oidc.routes';
import { createOidcService } from './features/auth/oidc.service';
import { argon2Passwords, type Passwords } from './features/auth/passwords';
import { SessionCache } from './features/auth/session-cache';
import { SESSION_CHANNEL } from './features/auth/sessions.repository';
import { loadCatalogDirs } from './features/deployments/catalog-files';
import { OutboxWorker } from './lib/outbox';
import { installFindingsRoutes } from './features/findings/findings.routes';
import { loadProfile, matrixHomeserver, NO_PROFILE, resolveVaultRef } from './profile';
import { MatrixBotHealth } from './adapters/matrix/matrix-bot-health';
import { installTrailRoutes } from './features/trails/trails.routes';
import { InventoryCache } from './features/fleet/inventory-cache';
import { MetricsFeed } from './features/fleet/metrics-feed';
import { installAccessControl, type RouteTable } from './http/access';
import { installSecurityHeaders } from './http/security-headers';
import { createSelfMetrics } from './http/self-metrics';
import { installWebApp } from './http/web-app';
import { installIngestRoutes } from './features/ingest/ingest.routes';
import { installTokenRoutes } from './features/ingest/token.routes';
import { LiveHub } from './features/live/live-hub';
import { installTrpc } from './trpc/install';
import { featureJobs, readLabOnListen, startBackgroundWork } from './background';
import { sourceLog } from './lib/source-log';
import { createServices } from './services';
import type { Services } from './trpc/context';

export interface BuiltApp {
  app: FastifyInstance;
  services: Services;
  db: DbClient;
  lab: LabModel | null;
  /** Every Fastify route with its declared access (the classification test reads it). */
  routes: () => RouteTable;
  /** Printed once when no account exists yet (issue 3); null otherwise. */
  setupToken: string | null;
  /** Where a stop is (for the log line of one that takes too long). */
  closing: { stage: string };
  /** Settles once the demo lab's own Proxmox API has been read the first time (at once without a demo lab). */
  firstLabReading: Promise<void>;
}

export interface BuildOptions {
  clock?: Clock;
  /** false: no log; a stream: the JSON log lines go there (tests read what was logged). */
  logger?: boolean | { write(line: string): void };
  /** Tests count hash checks through it; production uses argon2id. */
  passwords?: Passwords;
  /** The demo executor's pace: 1 is realistic, tests go faster. */
  demoSpeed?: number;
  /** The first dispatch retry's delay (tests make it small). */
  retryBaseMs?: number;
  /** The demo lab's adaptive loop proposes plans (on by default; tests that count plans turn it off). */
  demoPlanner?: boolean;
}

/** Adapters → repositories → services → Fastify + tRPC. Each implementation is picked here, once. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<BuiltApp> {
  const clock = opts.clock ?? systemClock;
  // The profile first: a malformed one stops the start before anything else is opened.
  const profile = config.profilePath ? loadProfile(config.profilePath) : NO_PROFILE;
  const resolve = (ref: string) => resolveVaultRef(ref, config.vault);
  // Proxmox: the cluster of PROXMOX_URL and the profile's `proxmox:` list; backup servers likewise
  // (a secret the profile refers to that is not set stops the start here, before the database opens).
  const { clusters, backupServers } = proxmoxEndpoints(config, profile, resolve);
  const app = createServer(config, opts.logger);
  const db = await openDatabase(config.database);
  // What runs in the background stops in the reverse order it started, then the database closes.
  const stops: (() => Promise<void>)[] = [];
  // Where a stop is, for the log line of one that does not finish (main.ts).
  const closing = { stage: 'running' };
  app.addHook('onClose', async () => {
    const all = stops.reverse();
    for (const [i, stop] of all.entries()) {
      closing.stage = `background stop ${i + 1} of ${all.length}: ${stop.toString().replace(/\s+/g, ' ').slice(0, 80)}`;
      await stop();
    }
    closing.stage = 'closing the database';
    await db.close();
  });
  const applied = await migrate(db);
  if (applied.length) app.log.info({ applied }, 'migrations applied');

  const self = createSelfMetrics();
  const homeserver = matrixHomeserver(config.matrix.homeserver, profile);

  // ── The ports, and which adapter fills each: the real one when it is configured, else the
  // demo lab when it is on (the embedded default), else none (pages then say what is missing).
  const lab = config.demoLab
    ? createDemoLab(config, {
        db,
        clock,
        log: app.log,
        profile,
        speed: opts.demoSpeed ?? 1,
        agents: opts.demoPlanner !== false,
      })
    : null;
  const executor: Executor = config.n8n ? new N8nExecutor(config.n8n) : (lab?.executor ?? noExecutor);
  // Metrics: Prometheus when configured; else the Proxmox clusters' own figures; else the demo lab.
  const source: MetricsSource = config.prometheus
    ? new PrometheusMetrics({ ...config.prometheus, scrapeIntervalMs: config.scrapeIntervalMs }, self.observeQuery)
    : clusters.length
      ? new ProxmoxMetrics(clusters)
      : (lab?.metrics ?? noMetrics);
  const inventorySources: InventorySource[] = clusters.map((c) => new ProxmoxInventory(c));
  // The clusters ralf-ui acts on (issue 20); the demo lab's joins once the server listens.
  const controls = new ProxmoxControls();
  for (const c of clusters) controls.add(new PveControl(c));
  const botSource: BotHealthSource = homeserver
    ? new MatrixBotHealth({
        homeserver,
        timeoutMs: config.matrix.timeoutMs,
        ...(profile.matrix.appservice && {
          appservice: { id: profile.matrix.appservice.id, token: resolve(profile.matrix.appservice.asToken) },
        }),
      })
    : (lab?.bots ?? noBots);

  const metrics = new MetricsFeed(source, clock, {
    staleAfterMs: 2 * config.scrapeIntervalMs,
    cacheMs: Math.min(5000, config.scrapeIntervalMs / 3),
    retryMs: 2000,
    onChange: sourceLog(app.log, `metrics source ${source.kind}`),
  });
  const inventory = new InventoryCache(db.db, clock, 2000);
  const info: SystemInfo = {
    version: RALF_VERSION,
    mode: config.database.kind === 'pglite' && lab ? 'embedded' : 'connected',
    database: db.kind,
    metrics: source.kind,
    demoLab: lab !== null,
    startedAt: clock.now().toISOString(),
  };
  const cache = new SessionCache({ recheckMs: 2000, graceMs: 5 * 60_000, max: 10_000 });
  const announced = (tokenHash: string) => cache.announced(tokenHash);
  stops.push(await db.listen(SESSION_CHANNEL, announced, () => {}));
  const hub = new LiveHub(db);
  await hub.start();
  stops.push(() => hub.stop());
  // Every process forgets its cached inventory on any inventory change, wherever it was made.
  hub.subscribe((batch) => batch.some((c) => c.topic === 'inventory') && inventory.invalidate());
  const audit = createAuditLog({ clock });
  const services = createServices({
    audit,
    config,
    profile,
    db,
    clock,
    inventory,
    metrics,
    executor,
    botSource,
    resolve,
    homeserver,
    info,
    cache,
    hub,
    passwords: opts.passwords ?? argon2Passwords,
    retryBaseMs: opts.retryBaseMs,
    proxmoxWins: clusters.length > 0,
    controls,
  });
  await app.register(cookie);
  const routes = installAccessControl(app, services, {
    publicOrigin: config.auth.publicUrl ? new URL(config.auth.publicUrl).origin : null,
    allowedHosts: config.auth.allowedHosts,
  });
  const { setupToken } = await services.auth.bootstrap();
  if (config.auth.demoAccounts && config.auth.adminPassword) {
    app.log.warn(
      'RALF_ADMIN_PASSWORD is ignored: the demo accounts are on (embedded demo lab). Set RALF_DEMO_ACCOUNTS=off to create the admin from it',
    );
  }

  // The catalog: the built-in templates, then the operator's folder; bad files are reported.
  // Replicas starting at once take turns here and in the demo lab's seeding (issue 16).
  const catalog = loadCatalogDirs(config.catalogDirs);
  await db.exclusively(STARTUP_LOCK, () => services.deployments.replaceCatalog(catalog));
  for (const e of catalog.errors) app.log.warn({ file: e.file }, `catalog file skipped: ${e.message}`);

  const jobs = { ...featureJobs(services), ...lab?.jobs(services) };
  const outbox = new OutboxWorker(db, systemClock, jobs, { pollMs: 1000, leaseMs: config.outboxLeaseMs, batch: 20 });
  await outbox.start();
  stops.push(() => outbox.stop());
  // SIGTERM (issue 16): before the server stops taking requests, no new job is claimed (the
  // running ones finish) and every live stream ends with "reconnect", so nothing holds the exit.
  app.addHook('preClose', async () => {
    closing.stage = 'waiting for the running outbox jobs';
    await outbox.stop();
    services.live.close();
    const open = openRequests(app);
    closing.stage = `waiting for open requests to end (${open.length}: ${open.slice(0, 5).join(', ')})`;
  });

  if (lab) {
    const onInventoryChange = (f: () => void) =>
      hub.subscribe((batch) => batch.some((c) => c.topic === 'inventory') && f());
    await lab.start(services, { runsLoops: executor === lab.executor, onInventoryChange });
    lab.install(app);
  }

  installSecurityHeaders(app);
  self.install(app);
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip'] });

  // The release lets `ralf-ui doctor` tell that RALF_PUBLIC_URL reaches this ralf-ui (issue 25).
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok', release: RALF_VERSION }));
  app.get('/readyz', { config: { access: 'public' } }, async (_req, reply) => {
    const r = await services.system.readiness();
    return reply.code(r.ready ? 200 : 503).send(r);
  });
  const stopBackground = await startBackgroundWork(services, {
    policyDir: config.policyResultsDir,
    inventory: { sources: inventorySources, everyMs: config.proxmoxTiming.PROXMOX_POLL_INTERVAL },
    backups: [...clusters.map((c) => new PveBackups(c)), ...backupServers.map((b) => new PbsBackups(b))],
    log: app.log,
    httpCheckEveryMs: config.httpCheck.intervalMs,
    notifyEveryMs: config.notifyWatch.everyMs,
  });
  stops.push(stopBackground);
  // Approving from Matrix: each approval room is read with /sync until the server stops.
  stops.push(services.matrix.approvals.start(app.log));
  // The embedded default reads its lab's Proxmox VE API like a real cluster's, once it listens.
  const firstLabReading =
    lab && !inventorySources.length ? readLabOnListen(app, lab, services, stops, controls) : Promise.resolve();

  installAuditRoutes(app, services.audit);
  installFindingsRoutes(app, services.findings);
  installTrailRoutes(app, services.trails);
  if (config.auth.oidc) {
    const oidc = createOidcService({ cfg: config.auth.oidc, db: db.db, cache, audit, clock, auth: services.auth });
    installOidcRoutes(app, oidc, config.auth.publicUrl!);
  }
  installTokenRoutes(app);
  await installIngestRoutes(app, {
    ingest: services.ingest,
    deployments: services.deployments,
    plans: services.plans,
    trails: services.trails,
    loops: services.loops,
    findings: services.findings,
    clock,
    version: RALF_VERSION,
  });

  await installTrpc(app, services);
  await installWebApp(app, config.webDir);
  return { app, services, db, lab: lab?.model ?? null, routes, setupToken, firstLabReading, closing };
}
