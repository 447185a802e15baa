import { msg, type PlanContent, verbatim } from '@ralf/shared';
import type { LogText } from '../../lib/log-line';
import type { NotifyEvent } from '../notifications/notifications.service';

/** What a plan tells the operators' channels (issue 23), as messages said in RALF_LANGUAGE. */
export const planNotices = {
  /** A plan (or a new revision of one) waits for a decision: once per revision. */
  awaiting: (
    id: string,
    revision: number,
    hash: string,
    c: Pick<PlanContent, 'summary' | 'actions' | 'risk'>,
    by: string,
    needed: number,
  ): NotifyEvent => ({
    kind: 'plan.awaiting',
    subject: `plan/${id}`,
    title: msg('notify.plan.awaiting.title', { summary: c.summary }),
    body: msg('notify.plan.awaiting.text', {
      actions: c.actions.length,
      risk: c.risk,
      needed,
      by,
      ref: msg('notify.plan.ref', { id: id.slice(0, 8), revision, hash: hash.slice(0, 8) }),
    }),
    path: `/plans/${id}`,
    dedupeKey: `plan.awaiting:plan/${id}:${revision}`,
    extra: { plan: id, hash },
  }),
  ended: (id: string, summary: string, to: 'applied' | 'failed', said: LogText, error: string | null): NotifyEvent => ({
    kind: to === 'applied' ? 'plan.applied' : 'plan.failed',
    subject: `plan/${id}`,
    title: msg(to === 'applied' ? 'notify.plan.applied.title' : 'notify.plan.failed.title', { summary }),
    body:
      to === 'applied'
        ? msg('notify.plan.applied.text', { message: typeof said === 'string' ? verbatim(said) : said })
        : msg('notify.plan.failed.text', { error: error ?? said }),
    path: `/plans/${id}`,
  }),
};
