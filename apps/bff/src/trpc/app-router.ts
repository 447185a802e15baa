import { auditRouter } from '../features/audit/audit.router';
import { backupsRouter } from '../features/backups/backups.router';
import { authRouter } from '../features/auth/auth.router';
import { tokensRouter } from '../features/auth/tokens.router';
import { usersRouter } from '../features/auth/users.router';
import { deploymentsRouter } from '../features/deployments/deployments.router';
import { fleetRouter } from '../features/fleet/fleet.router';
import { ingestRouter } from '../features/ingest/ingest.router';
import { plansRouter } from '../features/plans/plans.router';
import { trailsRouter } from '../features/trails/trails.router';
import { loopsRouter } from '../features/loops/loops.router';
import { findingsRouter } from '../features/findings/findings.router';
import { botsRouter } from '../features/bots/bots.router';
import { architectureRouter } from '../features/architecture/architecture.router';
import { liveRouter } from '../features/live/live.router';
import { systemRouter } from '../features/system/system.router';
import { tasksRouter } from '../features/tasks/tasks.router';
import { searchRouter } from '../features/search/search.router';
import { servicesRouter } from '../features/services/services.router';
import { alertsRouter } from '../features/alerts/alerts.router';
import { discoveredRouter } from '../features/discovered/discovered.router';
import { matrixLinkRouter, notificationsRouter } from '../features/notifications/notifications.router';
import { router } from './trpc';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  fleet: fleetRouter,
  backups: backupsRouter,
  users: usersRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  ingest: ingestRouter,
  live: liveRouter,
  deployments: deploymentsRouter,
  plans: plansRouter,
  trails: trailsRouter,
  loops: loopsRouter,
  findings: findingsRouter,
  bots: botsRouter,
  architecture: architectureRouter,
  tasks: tasksRouter,
  search: searchRouter,
  services: servicesRouter,
  alerts: alertsRouter,
  discovered: discoveredRouter,
  notifications: notificationsRouter,
  matrixLink: matrixLinkRouter,
});

export type AppRouter = typeof appRouter;
