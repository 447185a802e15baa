import { createNotifications, NOTIFY_RETRY } from './features/notifications/notifications.service';
import { createChannelSettings } from './features/notifications/channel-settings';
import { approvalRooms, channelDirectory, resolveChannels } from './features/notifications/channels-config';
import { createMatrixApprovals } from './features/notifications/matrix-approvals';
import { createMatrixLinks } from './features/notifications/matrix-links';
import { watchForNews } from './features/notifications/notify-news';
import { createDiscoveredService } from './features/discovered/discovered.service';
import { createAlertsService } from './features/alerts/alerts.service';
import { AlertmanagerClient } from './adapters/alertmanager/alertmanager';
import { createServicesService } from './features/services/services.service';
import { createSearchService } from './features/search/search.service';
import type { RecentActivity, SystemInfo } from '@ralf/shared';
import type { DbClient } from './adapters/db/client';
import type { BotHealthSource, Clock, Executor } from './adapters/ports';
import type { Config } from './config';
import { createArchitectureService } from './features/architecture/architecture.service';
import { createAuditService, type AuditLog } from './features/audit/audit.service';
import { createAuthService } from './features/auth/auth.service';
import type { Passwords } from './features/auth/passwords';
import type { SessionCache } from './features/auth/session-cache';
import { createTokensService } from './features/auth/tokens.service';
import { createUsersService } from './features/auth/users.service';
import { createBotsService } from './features/bots/bots.service';
import { createBackupsService } from './features/backups/backups.service';
import { createDeploymentsService } from './features/deployments/deployments.service';
import { createFindingsService } from './features/findings/findings.service';
import { createFleetService } from './features/fleet/fleet.service';
import type { InventoryCache } from './features/fleet/inventory-cache';
import type { MetricsFeed } from './features/fleet/metrics-feed';
import { createIngestService } from './features/ingest/ingest.service';
import type { LiveHub } from './features/live/live-hub';
import { createLiveService } from './features/live/live.service';
import { createLoopsService } from './features/loops/loops.service';
import { createPlansService } from './features/plans/plans.service';
import { createSystemService } from './features/system/system.service';
import { createTrailsService } from './features/trails/trails.service';
import type { ProxmoxControls } from './features/tasks/controls';
import { createTasksService } from './features/tasks/tasks.service';
import { createPlanRunner } from './features/tasks/plan-runner';
import { createPlanChecks } from './features/tasks/plan-checks';
import { createDeployRunner } from './features/tasks/deploy-runner';
import { DEFAULT_RETRY, type RetryPolicy } from './lib/delivery';
import type { Profile } from './profile';
import type { Services } from './trpc/context';

export interface ServiceDeps {
  config: Config;
  profile: Profile;
  db: DbClient;
  clock: Clock;
  inventory: InventoryCache;
  metrics: MetricsFeed;
  executor: Executor;
  botSource: BotHealthSource;
  resolve: (ref: string) => string | null;
  audit: AuditLog;
  homeserver: string | null;
  info: SystemInfo;
  cache: SessionCache;
  hub: LiveHub;
  passwords: Passwords;
  retryBaseMs: number | undefined;
  /** Real Proxmox clusters are read (their word wins over agents'). */
  proxmoxWins: boolean;
  /** The clusters ralf-ui acts on (issue 20). */
  controls: ProxmoxControls;
}

/** Every feature's service, on the ports app.ts chose: the one place that wires features to each other. */
export function createServices({
  config,
  profile,
  db,
  clock,
  inventory,
  metrics,
  executor,
  botSource,
  resolve,
  audit,
  homeserver,
  info,
  cache,
  hub,
  passwords,
  retryBaseMs,
  proxmoxWins,
  controls,
}: ServiceDeps): Services {
  const fleet = createFleetService({
    db: db.db,
    audit,
    inventory,
    metrics,
    clock,
    scrapeIntervalMs: config.scrapeIntervalMs,
    proxmoxWins,
  });
  const trails = createTrailsService({ db: db.db, audit, clock });
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY,
    forMs: config.dispatchRetryForMs,
    baseMs: retryBaseMs ?? DEFAULT_RETRY.baseMs,
  };
  // Approved plans through Proxmox (issue 20): the profile's `executors.plans`, else Proxmox where
  // real clusters are read or the demo lab runs its own executor; the runner reports to plans.
  const route = profile.executors.plans;
  const plansViaProxmox =
    route === 'proxmox' || (route === 'auto' && (proxmoxWins || (config.demoLab !== null && !config.n8n)));
  const runner = createPlanRunner({
    db: db.db,
    clock,
    language: config.language,
    controls,
    fleet,
    report: (id, status, message, error) => plans.report(id, status, message, error ?? null),
  });
  const deployRunner = createDeployRunner({
    db: db.db,
    clock,
    language: config.language,
    controls,
    fleet,
    report: (id, to, message, extra) => deployments.report(id, to, message, extra),
  });
  const tasks = createTasksService({
    db: db.db,
    audit,
    clock,
    controls,
    fleet,
    coreGuests: profile.coreGuests,
    language: config.language,
  });
  // Notifications out (issue 23): plans and deployments tell the channels in their own transactions.
  const fixedChannels = resolveChannels(config.notifyWebhook, profile.notifications, resolve, homeserver);
  const channels = channelDirectory(fixedChannels, resolve, homeserver);
  const notifications = createNotifications({
    db: db.db,
    clock,
    language: config.language,
    publicUrl: config.auth.publicUrl,
    channels,
    retry: { ...NOTIFY_RETRY, baseMs: retryBaseMs ?? NOTIFY_RETRY.baseMs },
  });
  const plans = createPlansService({
    db: db.db,
    audit,
    clock,
    fleet,
    executor,
    retry,
    callbackWaitMs: config.n8n?.callbackWaitMs,
    ...(plansViaProxmox && { proxmox: { covers: runner.covers } }),
    language: config.language,
    notify: notifications.emit,
  });
  // Approving from Matrix: the Matrix channels with `approvals: true` read their rooms.
  const rooms = approvalRooms(fixedChannels, config.matrix.timeoutMs);
  const matrix = {
    approvals: createMatrixApprovals({ db: db.db, clock, language: config.language, plans, rooms }),
    links: createMatrixLinks({ db: db.db, audit, clock, language: config.language, rooms }),
  };
  const loops = createLoopsService({ db: db.db, audit, clock, profile, executor, retry });
  const bots = createBotsService({ source: botSource, profile, clock, resolve, homeserver });
  const findings = createFindingsService({ db: db.db, audit, clock, dir: config.policyResultsDir });
  const deployments = createDeploymentsService({
    db: db.db,
    audit,
    clock,
    fleet,
    executor,
    callbackWaitMs: config.n8n?.callbackWaitMs,
    retry,
    dispatchDelayMs: config.dispatchDelayMs,
    proxmox: { covers: deployRunner.covers },
    language: config.language,
    notify: notifications.emit,
  });
  const serviceChecks = createServicesService({
    db: db.db,
    clock,
    fleet,
    intervalMs: config.httpCheck.intervalMs,
    timeoutMs: config.httpCheck.timeoutMs,
  });
  const backups = createBackupsService({ fleet, findings, clock });
  const auditService = createAuditService({ db: db.db, log: audit, clock });
  return {
    fleet,
    backups,
    system: createSystemService({ info, db, metrics }),
    auth: createAuthService({ db: db.db, cache, audit, clock, passwords, config: config.auth }),
    users: createUsersService({ db: db.db, cache, audit, clock, passwords }),
    tokens: createTokensService({ db: db.db, audit, clock }),
    audit: auditService,
    ingest: createIngestService({ db: db.db, audit, clock, fleet }),
    live: createLiveService({ db: db.db, hub }),
    deployments,
    plans,
    notifications: { ...notifications, ...createChannelSettings({ db: db.db, audit, clock, channels }) },
    matrix,
    trails,
    loops,
    findings,
    bots,
    tasks: {
      ...tasks,
      /** The strip: the clusters' and ralf-ui's tasks, with deployments and plan applies (issue 21). */
      recent: async (): Promise<RecentActivity> => {
        const [r, d, p] = await Promise.all([tasks.recent(), deployments.recentWork(10), plans.recentApplies(10)]);
        return { ...r, work: [...d, ...p].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 10) };
      },
      planStepJob: runner.stepJob,
      deployStepJob: deployRunner.stepJob,
      planChecks: createPlanChecks({
        controls,
        fleet,
        actionsOf: async (id) => (await plans.actions({ id, limit: 500 })).items.map((i) => i.action),
        covers: runner.covers,
        viaProxmox: plansViaProxmox,
      }),
    },
    architecture: createArchitectureService({
      fleet,
      metrics,
      loops,
      plans,
      bots,
      trails,
      serviceChecks: serviceChecks.latest,
      graph: profile.architecture,
      clock,
    }),
    services: serviceChecks,
    discovered: createDiscoveredService({ db: db.db, clock, audit, fleet, plans, language: config.language }),
    alerts: createAlertsService({
      db: db.db,
      clock,
      audit,
      metrics,
      alertmanager: config.alertmanager ? new AlertmanagerClient(config.alertmanager) : null,
    }),
    search: createSearchService({ clock, inventory, fleet, deployments, plans, loops, findings, trails }),
    notifyWatch: watchForNews({
      db: db.db,
      clock,
      config,
      notifications,
      metrics,
      fleet,
      loops,
      backups,
      tasks,
      audit: auditService,
    }),
  };
}
