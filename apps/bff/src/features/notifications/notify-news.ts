import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import type { Config } from '../../config';
import type { AuditService } from '../audit/audit.service';
import type { BackupsService } from '../backups/backups.service';
import type { FleetService } from '../fleet/fleet.service';
import type { MetricsFeed } from '../fleet/metrics-feed';
import type { LoopsService } from '../loops/loops.service';
import type { TasksService } from '../tasks/tasks.service';
import {
  alertsWatched,
  auditWatched,
  backupsWatched,
  findingsWatched,
  loopsWatched,
  sourcesWatched,
  sourceStates,
} from './notify-families';
import { createNotifyWatch } from './notify-watch';
import type { NotificationsService } from './notifications.service';

/**
 * The watcher of issue 23 over what the services already read. A family whose source did not
 * answer this time is skipped (an alert list that could not be read is not "every alert resolved").
 */
export function watchForNews(d: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'notifyWatch'>;
  notifications: Pick<NotificationsService, 'emit'>;
  metrics: Pick<MetricsFeed, 'alerts'>;
  fleet: Pick<FleetService, 'summary'>;
  loops: Pick<LoopsService, 'list'>;
  backups: Pick<BackupsService, 'overview' | 'summary'>;
  tasks: Pick<TasksService, 'recent'>;
  audit: Pick<AuditService, 'verify'>;
}) {
  const answered = <T>(what: string, v: T, ok: boolean): T => {
    if (!ok) throw new Error(`${what} did not answer`);
    return v;
  };
  return createNotifyWatch({
    db: d.db,
    clock: d.clock,
    emit: d.notifications.emit,
    families: () => {
      // The backups overview is read by two families: once per look, not twice.
      let overview: ReturnType<typeof d.backups.overview> | null = null;
      const backupsOverview = () => (overview ??= d.backups.overview());
      return [
        alertsWatched(async () => {
          const r = await d.metrics.alerts();
          return answered('the alerts', r.alerts, r.freshness.state !== 'unavailable');
        }),
        loopsWatched(() => d.loops.list()),
        findingsWatched(d.db),
        ...backupsWatched(
          async () => {
            const [s, o] = await Promise.all([d.backups.summary(), backupsOverview()]);
            return answered('the backups', o.guests, s.read);
          },
          async () => (await d.tasks.recent()).tasks,
        ),
        auditWatched(() => d.audit.verify()),
        sourcesWatched(
          async () => {
            const [f, o] = await Promise.all([d.fleet.summary(), backupsOverview()]);
            return sourceStates(f.sources, o.sources);
          },
          () => d.clock.now(),
          d.config.notifyWatch.sourceAfterMs,
        ),
      ];
    },
  });
}

export type NotifyWatch = ReturnType<typeof watchForNews>;
