import { randomUUID } from 'node:crypto';
import {
  type Deployment,
  type DeploymentStatus,
  type DeployParams,
  FINAL_STATUSES,
  type Language,
  messageText,
  msg,
  verbatim,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { Clock, Executor } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { changeLog as changes } from '../../lib/change-log';
import type { RetryPolicy } from '../../lib/delivery';
import type { NotifyEvent } from '../notifications/notifications.service';
import type { AuditLog } from '../audit/audit.service';
import type { FleetService } from '../fleet/fleet.service';
import { appendOwn } from '../trails/trails.service';
import { maskSecrets } from './catalog-files';
import { logMessage, type LogText } from '../../lib/log-line';
import { deploymentsRepository as repo, toRow } from './deployments.repository';

export interface DeploymentsDeps {
  /** How long a dispatched deployment may stay silent before it needs attention. */
  callbackWaitMs?: number;
  /** How a failing executor is retried (lib/delivery.ts); timeouts do not count: they wait. */
  retry?: RetryPolicy;
  /** How long a new deployment waits before dispatch (RALF_DISPATCH_DELAY). */
  dispatchDelayMs?: number;
  db: Db;
  audit: AuditLog;
  clock: Clock;
  fleet: FleetService;
  executor: Executor;
  /** Templates that clone a Proxmox VM template go through Proxmox where it acts on the node's cluster (issue 20). */
  proxmox?: { covers(clone: boolean, nodeId: string | null): Promise<boolean> };
  /** The language ralf-ui writes its own trail events in (RALF_LANGUAGE, issue 18). */
  language?: Language;
  /** Tells the operators' channels, in the transaction of the change (issue 23). */
  notify?: (trx: Db, e: NotifyEvent) => Promise<void>;
}

export const isFinal = (s: DeploymentStatus) => FINAL_STATUSES.includes(s);

/**
 * The steps every part of deployments takes: `advance` moves a deployment to a status (which the
 * database checks against the transition table), logs and announces it, and tells it in the
 * deployment's trail; `full` reads it as its page shows it.
 */
export function deploymentSteps({
  db,
  clock,
  language = 'de',
  notify,
}: Pick<DeploymentsDeps, 'db' | 'clock' | 'language' | 'notify'>) {
  const say = (m: LogText) => (typeof m === 'string' ? m : messageText(language, m));
  async function advance(
    trx: Db,
    id: string,
    to: DeploymentStatus,
    message: LogText,
    extra: { error?: string | null; guestId?: string | null } = {},
  ): Promise<void> {
    const at = clock.now();
    await repo.setStatus(trx, id, to, at, { ...extra, final: isFinal(to) });
    await repo.log(trx, id, at, to, message);
    await changes.insertMany(trx, at, [{ topic: 'deployments', kind: `deployment.${to}`, subject: id }]);
    await explain(trx, id, to, message, extra);
    if (notify && (to === 'failed' || to === 'needs_attention' || to === 'dispatch_unknown')) {
      const d = await repo.findById(trx, id);
      if (d) {
        const who = { name: d.name, template: d.template_name };
        await notify(trx, {
          kind: to === 'failed' ? 'deployment.failed' : 'deployment.attention',
          subject: `deployment/${id}`,
          title: msg(to === 'failed' ? 'notify.deployment.failed.title' : 'notify.deployment.attention.title', who),
          body:
            to === 'failed'
              ? msg('notify.deployment.failed.text', {
                  error: extra.error ?? (typeof message === 'string' ? verbatim(message) : message),
                })
              : msg('notify.deployment.attention.text', { status: to }),
          path: `/deployments/${id}`,
        });
      }
    }
  }

  /** The deployment's explainability trail (issue 7): what it did at dispatch and how it ended, in the same transaction. */
  async function explain(
    trx: Db,
    id: string,
    to: DeploymentStatus,
    said: LogText,
    extra: { error?: string | null; guestId?: string | null },
  ): Promise<void> {
    const message = say(said);
    const trail = `deployment/${id}`;
    const eid = () => `${trail}:${to}:${randomUUID().slice(0, 8)}`;
    const at = clock.now().toISOString();
    const subjects = [trail, ...(extra.guestId ? [extra.guestId] : [])];
    if (to === 'queued')
      await appendOwn(
        trx,
        trail,
        [{ id: eid(), kind: 'action', at, agent: 'ralf-ui', title: message, subjects, language }],
        clock.now(),
      );
    if (!isFinal(to)) return;
    const outcome = to === 'succeeded' ? 'succeeded' : to === 'cancelled' ? 'cancelled' : 'failed';
    const events: Parameters<typeof appendOwn>[2] = [
      {
        id: eid(),
        kind: 'outcome',
        outcome,
        at,
        agent: 'ralf-ui',
        title: to === 'succeeded' ? `${message}${extra.guestId ? ` (${extra.guestId})` : ''}` : `${to}: ${message}`,
        language,
        subjects,
      },
    ];
    if (to === 'failed')
      events.push({
        id: `${eid()}:lesson`,
        kind: 'lesson',
        at,
        agent: 'ralf-ui',
        title: messageText(language, msg('deploylog.lesson')),
        body: messageText(language, msg('deploylog.lessonBody', { error: extra.error ?? message })),
      });
    await appendOwn(trx, trail, events, clock.now());
  }

  async function full(id: string): Promise<Deployment> {
    const r = await repo.findById(db, id);
    if (!r) throw new AppError('NOT_FOUND', { msg: msg('deploy.notFound', { id }) });
    const log = await repo.listLog(db, id);
    const template = await repo.findTemplate(db, r.template_id);
    const params = r.params as DeployParams;
    return {
      ...toRow(r),
      params: { ...params, settings: maskSecrets(template ?? undefined, params.settings) as DeployParams['settings'] },
      phases: log
        .filter((l) => l.status !== null)
        .map((l) => ({ status: l.status as DeploymentStatus, at: iso(l.at) })),
      log: log.map((l) => ({ at: iso(l.at), status: l.status as DeploymentStatus | null, message: logMessage(l) })),
    };
  }

  return { advance, full };
}

export type DeploymentSteps = ReturnType<typeof deploymentSteps>;
