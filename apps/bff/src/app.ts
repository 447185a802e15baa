import compress from '@fastify/compress';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { SystemInfo } from '@ralf/shared';
import type { Config } from './config';
import { openDatabase, type DbClient } from './adapters/db/client';
import { migrate } from './adapters/db/migrate';
import { DemoLabMetrics } from './adapters/demo-lab/demo-lab-metrics';
import { renderExposition } from './adapters/demo-lab/exposition';
import { createLabModel, type LabModel } from './adapters/demo-lab/lab-model';
import { noMetrics } from './adapters/no-metrics';
import { systemClock, type Clock, type MetricsSource } from './adapters/ports';
import { PrometheusMetrics } from './adapters/prometheus/prometheus-metrics';
import { createAuditLog } from './features/audit/audit.service';
import { createFleetService } from './features/fleet/fleet.service';
import { InventoryCache } from './features/fleet/inventory-cache';
import { MetricsFeed } from './features/fleet/metrics-feed';
import { createSystemService } from './features/system/system.service';
import { installSecurityHeaders } from './http/security-headers';
import { createSelfMetrics } from './http/self-metrics';
import { installWebApp } from './http/web-app';
import { appRouter, type AppRouter } from './trpc/app-router';
import type { Services } from './trpc/context';

export const VERSION = '0.1.0';

export interface BuiltApp {
  app: FastifyInstance;
  services: Services;
  db: DbClient;
  lab: LabModel | null;
}

/** Adapters → repositories → services → Fastify + tRPC. Each implementation is picked here, once. */
export async function buildApp(config: Config, opts: { clock?: Clock; logger?: boolean } = {}): Promise<BuiltApp> {
  const clock = opts.clock ?? systemClock;
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
    // Access logs per request would dominate the log; errors and state changes are logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const db = await openDatabase(config.database);
  app.addHook('onClose', () => db.close());
  const applied = await migrate(db);
  if (applied.length) app.log.info({ applied }, 'migrations applied');

  const self = createSelfMetrics();
  const lab = config.demoLab ? createLabModel({ guests: config.demoLab.guests }) : null;
  const frozen = config.demoLab?.frozenAt;
  const labClock: Clock = frozen ? { now: () => frozen } : clock;

  let source: MetricsSource = noMetrics;
  if (config.prometheus) source = new PrometheusMetrics({ ...config.prometheus, scrapeIntervalMs: config.scrapeIntervalMs }, self.observeQuery);
  else if (lab) source = new DemoLabMetrics(lab, labClock, config.scrapeIntervalMs);

  const metrics = new MetricsFeed(source, clock, {
    staleAfterMs: 2 * config.scrapeIntervalMs,
    cacheMs: Math.min(5000, config.scrapeIntervalMs / 3),
    retryMs: 2000,
  });
  const inventory = new InventoryCache(db.db, clock, 2000);
  const info: SystemInfo = {
    version: VERSION,
    mode: config.database.kind === 'pglite' && lab ? 'embedded' : 'connected',
    database: db.kind,
    metrics: source.kind === 'prometheus' ? 'prometheus' : 'demo-lab',
    demoLab: lab !== null,
    startedAt: clock.now().toISOString(),
  };
  const audit = createAuditLog({ clock });
  const services: Services = {
    fleet: createFleetService({ db: db.db, audit, inventory, metrics, clock, scrapeIntervalMs: config.scrapeIntervalMs }),
    system: createSystemService({ info, db, metrics }),
  };

  if (lab) {
    // The lab reports its inventory once at start, as an agent's snapshot would.
    await services.fleet.applyInventory(lab.inventory, 'system:demo-lab');
    app.get('/demo-lab/metrics', async (_req, reply) => {
      reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
      return renderExposition(lab, Math.floor(labClock.now().getTime() / config.scrapeIntervalMs) * (config.scrapeIntervalMs / 1000));
    });
  }

  installSecurityHeaders(app);
  self.install(app);
  await app.register(compress, { global: true, threshold: 2048, encodings: ['gzip'] });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const r = await services.system.readiness();
    return reply.code(r.ready ? 200 : 503).send(r);
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: () => ({ services }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') app.log.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  await installWebApp(app, config.webDir);
  return { app, services, db, lab };
}
