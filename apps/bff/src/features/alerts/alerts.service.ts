import {
  AlertSilenceInputSchema,
  AlertUnsilenceInputSchema,
  msg,
  verbatim,
  type AlertsState,
  type SilencedAlert,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { silences as covers, type AlertmanagerClient } from '../../adapters/alertmanager/alertmanager';
import { AppError } from '../../lib/app-error';
import { actorOf, type Principal, type RequestMeta } from '../../lib/principal';
import type { AuditLog } from '../audit/audit.service';
import type { MetricsFeed } from '../fleet/metrics-feed';

/**
 * Silencing alerts through Alertmanager (issue 21): which firing alerts a silence covers, and
 * silencing one (by its exact labels, for a while, with a comment) or ending a silence early.
 * Both are audited; a silence whose audit record cannot be written is expired again.
 */
export function createAlertsService(deps: {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  metrics: Pick<MetricsFeed, 'alerts'>;
  alertmanager: AlertmanagerClient | null;
}) {
  const { db, clock, audit, alertmanager: am } = deps;
  const needAm = () => {
    if (!am) throw new AppError('CONFLICT', { msg: msg('alerts.noAlertmanager', {}) });
    return am;
  };

  return {
    async state(): Promise<AlertsState> {
      if (!am) return { alertmanager: false, silenced: [], error: null };
      try {
        const [silences, { alerts }] = await Promise.all([am.silences(), deps.metrics.alerts()]);
        const active = silences.filter((s) => s.state === 'active');
        const silenced: SilencedAlert[] = [];
        for (const a of alerts) {
          const s = active.find((x) => covers(x, { alertname: a.name, ...a.labels }));
          if (s)
            silenced.push({
              name: a.name,
              subject: a.subject,
              silenceId: s.id,
              endsAt: s.endsAt,
              createdBy: s.createdBy,
              comment: s.comment,
            });
        }
        return { alertmanager: true, silenced, error: null };
      } catch (err) {
        return {
          alertmanager: true,
          silenced: [],
          error: msg('alerts.unreadable', { why: verbatim((err as Error).message) }),
        };
      }
    },

    async silence(by: Principal, raw: unknown, meta: RequestMeta): Promise<{ silenceId: string; endsAt: string }> {
      const input = AlertSilenceInputSchema.parse(raw);
      const client = needAm();
      const alert = (await deps.metrics.alerts()).alerts.find(
        (a) => a.name === input.name && a.subject === input.subject,
      );
      if (!alert) throw new AppError('NOT_FOUND', { msg: msg('alerts.gone', { name: input.name }) });
      const now = clock.now();
      const endsAt = new Date(now.getTime() + input.minutes * 60_000);
      const silenceId = await client.silence({
        labels: { alertname: alert.name, ...alert.labels },
        endsAt,
        createdBy: `${actorOf(by)} via ralf-ui`,
        comment: input.comment,
        now,
      });
      try {
        await audit.recordAlone(db, {
          actor: actorOf(by),
          action: 'alert.silence',
          subject: `alert/${alert.name}${alert.subject ? `/${alert.subject}` : ''}`,
          sourceIp: meta.ip,
          after: { silenceId, endsAt: endsAt.toISOString(), comment: input.comment, labels: alert.labels },
        });
      } catch (err) {
        await client.expire(silenceId).catch(() => undefined);
        throw err;
      }
      return { silenceId, endsAt: endsAt.toISOString() };
    },

    async unsilence(by: Principal, raw: unknown, meta: RequestMeta): Promise<void> {
      const { silenceId } = AlertUnsilenceInputSchema.parse(raw);
      const client = needAm();
      await audit.recordAlone(db, {
        actor: actorOf(by),
        action: 'alert.unsilence',
        subject: `silence/${silenceId}`,
        sourceIp: meta.ip,
      });
      await client.expire(silenceId);
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
