import type { ArchitectureService } from '../features/architecture/architecture.service';
import type { AuditService } from '../features/audit/audit.service';
import type { AuthService } from '../features/auth/auth.service';
import type { Principal, RequestMeta } from '../lib/principal';
import type { TokensService } from '../features/auth/tokens.service';
import type { UsersService } from '../features/auth/users.service';
import type { DeploymentsService } from '../features/deployments/deployments.service';
import type { FleetService } from '../features/fleet/fleet.service';
import type { BackupsService } from '../features/backups/backups.service';
import type { IngestService } from '../features/ingest/ingest.service';
import type { PlansService } from '../features/plans/plans.service';
import type { TrailsService } from '../features/trails/trails.service';
import type { LoopsService } from '../features/loops/loops.service';
import type { FindingsService } from '../features/findings/findings.service';
import type { BotsService } from '../features/bots/bots.service';
import type { LiveService } from '../features/live/live.service';
import type { SystemService } from '../features/system/system.service';
import type { TasksService } from '../features/tasks/tasks.service';
import type { JobResult, OutboxJob } from '../lib/outbox';
import type { PlanChecks, RecentActivity } from '@ralf/shared';
import type { SearchService } from '../features/search/search.service';
import type { ServicesService } from '../features/services/services.service';
import type { AlertsService } from '../features/alerts/alerts.service';
import type { DiscoveredService } from '../features/discovered/discovered.service';
import type { NotificationsService } from '../features/notifications/notifications.service';
import type { MatrixApprovals } from '../features/notifications/matrix-approvals';
import type { MatrixLinks } from '../features/notifications/matrix-links';
import type { NotifyWatch } from '../features/notifications/notify-news';
import type { ChannelSettings } from '../features/notifications/channel-settings';

export interface Services {
  fleet: FleetService;
  backups: BackupsService;
  system: SystemService;
  auth: AuthService;
  users: UsersService;
  tokens: TokensService;
  audit: AuditService;
  ingest: IngestService;
  live: LiveService;
  deployments: DeploymentsService;
  plans: PlansService;
  trails: TrailsService;
  loops: LoopsService;
  findings: FindingsService;
  bots: BotsService;
  architecture: ArchitectureService;
  search: SearchService;
  services: ServicesService;
  alerts: AlertsService;
  discovered: DiscoveredService;
  notifications: NotificationsService & ChannelSettings;
  matrix: { approvals: MatrixApprovals; links: MatrixLinks };
  notifyWatch: NotifyWatch;
  tasks: Omit<TasksService, 'recent'> & {
    /** The strip: tasks with deployments and plan applies (issue 21). */
    recent: () => Promise<RecentActivity>;
    planStepJob: (job: OutboxJob) => Promise<JobResult>;
    deployStepJob: (job: OutboxJob) => Promise<JobResult>;
    planChecks: (planId: string) => Promise<PlanChecks>;
  };
}

/** The session cookie, set and cleared by the auth procedures (http/session-cookie.ts). */
export interface SessionCookie {
  /** The cookie value the request carried, if any. */
  current: string | null;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface Context {
  services: Services;
  /** Set by the access middleware from the session cookie; null before it and when signed out. */
  principal: Principal | null;
  meta: RequestMeta;
  /** The `x-ralf-csrf` header. */
  csrfToken: string | null;
  cookie: SessionCookie;
}
