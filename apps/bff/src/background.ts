import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DemoLab } from './adapters/demo-lab/demo-lab';
import { loopbackBase } from './http/loopback';
import { watchPolicyDir } from './adapters/policy-files/policy-dir';
import type { BackupSource, InventorySource } from './adapters/ports';
import { pollSources } from './lib/poll-sources';
import { pollInventory } from './adapters/proxmox/inventory-poller';
import type { JobResult, OutboxJob } from './lib/outbox';
import type { Services } from './trpc/context';
import type { ProxmoxControls } from './features/tasks/controls';

/**
 * What runs on its own beside requests, on every replica (each step is idempotent): the
 * inventory sources read every few seconds and the backup sources every 5 minutes (Proxmox,
 * issue 19), the policy
 * folder read now and whenever a file changes (and every 10 s, should a change be missed), the
 * bots checked every minute, and old ingest traffic, event ids and changes forgotten every hour.
 * Returns what stops it all.
 */
export async function startBackgroundWork(
  services: Services,
  {
    policyDir,
    inventory,
    log,
    backups,
    httpCheckEveryMs,
    notifyEveryMs,
  }: {
    policyDir: string | null;
    httpCheckEveryMs: number;
    notifyEveryMs: number;
    inventory: { sources: InventorySource[]; everyMs: number };
    backups: BackupSource[];
    log: FastifyBaseLogger;
  },
): Promise<() => Promise<void>> {
  const warn = (what: string) => (err: unknown) => log.warn({ err }, what);
  const stops: (() => void | Promise<void>)[] = [];
  if (inventory.sources.length) {
    // The first reading before the server answers, so the fleet is there from the first page on.
    const polling = pollInventory(inventory.sources, services.fleet, { everyMs: inventory.everyMs, log });
    await polling.first;
    stops.push(polling.stop);
    // A task that ended changed the cluster: read it now, not at the next interval (issue 20).
    services.tasks.onTaskEnded(polling.soon);
  }
  if (backups.length) {
    // Backups change once a night or so: every 5 minutes is fresh enough, and light on Proxmox.
    const polling = pollBackups(backups, services, log);
    void polling.first;
    stops.push(polling.stop);
  }
  if (policyDir) {
    const scan = () => services.findings.scanFolder().catch(warn('policy folder scan failed'));
    await scan();
    stops.push(watchPolicyDir(policyDir, () => void scan(), 10_000));
  }
  // Tasks asked of Proxmox, followed to their end every second (a crash loses none: they are in the table).
  let following = false;
  const follow = setInterval(() => {
    if (following) return;
    following = true;
    void services.tasks
      .follow()
      .catch(warn('following Proxmox tasks failed'))
      .finally(() => (following = false));
  }, 1000).unref();
  stops.push(() => clearInterval(follow));
  // Services' HTTP checks (issue 21): a look every sixth of the interval, each service checked
  // once its last check is most of an interval old, so a service going down shows within one.
  let checking = false;
  const checkServices = setInterval(
    () => {
      if (checking) return;
      checking = true;
      void services.services
        .checkDue()
        .catch(warn('HTTP checks of services failed'))
        .finally(() => (checking = false));
    },
    Math.max(1000, Math.round(httpCheckEveryMs / 6)),
  ).unref();
  stops.push(() => clearInterval(checkServices));
  const checkBots = () => services.bots.check().catch(warn('bot check failed'));
  void checkBots();
  const bots = setInterval(() => void checkBots(), 60_000).unref();
  // Issue 23: alerts, loops, findings, backups, the audit chain and the sources, looked at for news.
  let watching: Promise<unknown> | null = null;
  const watch = setInterval(() => {
    watching ??= services.notifyWatch
      .check((family, err) => log.warn({ err }, `notifications: ${family} could not be read`))
      .catch(warn('notifications watch failed'))
      .finally(() => (watching = null));
  }, notifyEveryMs).unref();
  stops.push(async () => {
    clearInterval(watch);
    await watching;
  });
  const housekeeping = () =>
    Promise.all([services.ingest.housekeeping(), services.services.prune()]).catch(warn('housekeeping failed'));
  await housekeeping();
  const hourly = setInterval(() => void housekeeping(), 3_600_000).unref();
  // Settles once the rounds that were running have stored what they read (the database closes next).
  return async () => {
    clearInterval(bots);
    clearInterval(hourly);
    await Promise.all(stops.map(async (stop) => stop()));
  };
}

/** The features' outbox jobs, by kind (the demo lab adds its own). */
export function featureJobs(services: Services): Record<string, (job: OutboxJob) => Promise<JobResult>> {
  return {
    'deployment.dispatch': (job) => services.deployments.dispatchJob(job),
    'deployment.watch': (job) => services.deployments.watchJob(job),
    'plan.apply': (job) => services.plans.applyJob(job),
    'plan.dispatch': (job) => services.plans.dispatchJob(job),
    'plan.watch': (job) => services.plans.watchJob(job),
    'plan.expire': (job) => services.plans.expireJob(job),
    'loop.run': (job) => services.loops.runJob(job),
    'proxmox.plan-step': (job) => services.tasks.planStepJob(job),
    'proxmox.deploy-step': (job) => services.tasks.deployStepJob(job),
    'notify.deliver': (job) => services.notifications.deliverJob(job),
    ...services.matrix.approvals.jobs,
  };
}

/**
 * The embedded default reads its demo lab's Proxmox VE API through the real adapter, over
 * loopback, from the moment the server listens (its address is known only then). Resolves when
 * the first reading is done.
 */
export function readLabOnListen(
  app: FastifyInstance,
  lab: DemoLab,
  services: Pick<Services, 'fleet' | 'backups' | 'tasks'>,
  stops: (() => Promise<void>)[],
  controls: ProxmoxControls,
): Promise<void> {
  return new Promise<void>((done) => {
    app.addHook('onListen', async () => {
      const base = loopbackBase(app.server.address());
      if (!base) {
        app.log.warn("the demo lab's Proxmox API is not read: this server listens on no loopback address");
        return done();
      }
      controls.add(lab.control(base));
      await services.fleet
        .pointServiceChecks(lab.serviceCheckUrls(base))
        .catch((err: unknown) => app.log.warn({ err }, "the demo lab's services could not be given their HTTP checks"));
      const polling = pollInventory([lab.inventorySource(base)], services.fleet, { everyMs: 10_000, log: app.log });
      services.tasks.onTaskEnded(polling.soon);
      const backups = pollBackups(lab.backupSources(base), services, app.log);
      stops.push(
        () => polling.stop(),
        () => backups.stop(),
      );
      await Promise.all([polling.first, backups.first]).finally(done);
    });
  });
}

const BACKUPS_EVERY_MS = 5 * 60_000;

function pollBackups(sources: BackupSource[], services: Pick<Services, 'backups'>, log: FastifyBaseLogger) {
  return pollSources(
    sources,
    { ok: (s, reading) => services.backups.answered(s, reading), failed: (s, why) => services.backups.failed(s, why) },
    { everyMs: BACKUPS_EVERY_MS, log, what: 'backup source' },
  );
}
