import {
  type Language,
  type Message,
  messageText,
  msg,
  type NotifyKind,
  type NotifySeverity,
  severityRank,
} from '@ralf/shared';
import { sql } from 'kysely';
import type { Db } from '../../adapters/db/client';
import type { Clock } from '../../adapters/ports';
import { type OutgoingMessage, send, SendError } from '../../adapters/notify/channels';
import { afterFailedAttempt, type RetryPolicy } from '../../lib/delivery';
import type { JobResult, OutboxJob } from '../../lib/outbox';
import type { ChannelDirectory } from './channels-config';
import type { ResolvedChannel } from './notifications.service';

export interface DeliveryDeps {
  db: Db;
  clock: Clock;
  language: Language;
  publicUrl: string | null;
  channels: ChannelDirectory;
  retry: RetryPolicy;
  sendTimeoutMs?: number;
}

/** A plan awaiting decision carries its id and revision hash, so Matrix can say how to answer. */
export interface DeliveryExtra {
  plan?: string;
  hash?: string;
}

const MAX_GROUP = 20;
/** Always their own message: a plan waiting asks for an answer with its own link, a test tests one send. */
const ALONE = ['test', 'plan.awaiting'];

/**
 * Sends one queued delivery (issue 23). The first of a burst to be sent claims every other
 * delivery to the same channel that is due (one atomic update, so no two jobs send the same news)
 * and sends them as one message; a receiver that is down is tried again with backoff for an hour,
 * a refusal (4xx) is final.
 */
export function deliveryJob(deps: DeliveryDeps) {
  const { db, clock, language } = deps;
  const say = (m: Message) => messageText(language, m);
  const base = deps.publicUrl?.replace(/\/+$/, '') ?? null;

  type Row = Awaited<ReturnType<typeof claim>>[number];
  /** Claims this delivery and the others of the channel now due (a plan waiting and a test go alone). */
  async function claim(id: string, channel: string, kind: string) {
    const now = clock.now();
    return db
      .updateTable('ralf.notification_delivery')
      .set({ group_id: id })
      .where('channel', '=', channel)
      .where('status', '=', 'queued')
      .where((eb) =>
        ALONE.includes(kind)
          ? eb('id', '=', id)
          : eb.and([
              eb.or([eb('id', '=', id), eb('group_id', 'is', null)]),
              eb('kind', 'not in', ALONE),
              eb('created_at', '<=', now),
              eb.or([eb('held_until', 'is', null), eb('held_until', '<=', now)]),
            ]),
      )
      .where((eb) => eb.or([eb('group_id', 'is', null), eb('group_id', '=', id)]))
      .returningAll()
      .execute()
      .then((rows) => rows.sort((a, b) => +a.created_at - +b.created_at || a.id.localeCompare(b.id)));
  }

  const answerOf = (channel: ResolvedChannel, r: Row): string | null => {
    const extra = r.extra as DeliveryExtra | null;
    if (!channel.info.approvals || !extra?.plan || !extra.hash) return null;
    return say(msg('notify.matrix.answer', { id: extra.plan.slice(0, 8), hash: extra.hash.slice(0, 8) }));
  };
  const linkOf = (r: Row) => (r.link && base ? `${base}${r.link}` : null);
  const textOf = (r: Row) => {
    const text = say(r.body as Message);
    const link = linkOf(r);
    return link ? `${text}\n${say(msg('notify.open', { url: link }))}` : text;
  };

  /** One message for the group: the only one as it is, several listed under one title. */
  function messageOf(id: string, channel: ResolvedChannel, rows: Row[]): OutgoingMessage {
    const lead = rows.find((r) => r.id === id) ?? rows[0]!;
    if (rows.length === 1) {
      return {
        id,
        kind: lead.kind as NotifyKind,
        severity: lead.severity as NotifySeverity,
        subject: lead.subject,
        title: say(lead.title as Message),
        text: textOf(lead),
        link: linkOf(lead),
        at: new Date(lead.created_at),
        answer: answerOf(channel, lead),
      };
    }
    const shown = rows.slice(0, MAX_GROUP);
    const worst = rows.reduce((w, r) =>
      severityRank(r.severity as NotifySeverity) > severityRank(w.severity as NotifySeverity) ? r : w,
    );
    const items = shown.map((r) => {
      const answer = answerOf(channel, r);
      return [
        `• ${say(r.title as Message)}`,
        ...textOf(r)
          .split('\n')
          .map((l) => `  ${l}`),
        ...(answer ? [`  ${answer}`] : []),
      ].join('\n');
    });
    if (rows.length > shown.length) items.push(say(msg('notify.group.more', { n: rows.length - shown.length })));
    return {
      id,
      kind: worst.kind as NotifyKind,
      severity: worst.severity as NotifySeverity,
      subject: null,
      title: say(msg('notify.group.title', { n: rows.length })),
      text: items.join('\n'),
      link: base ? `${base}/admin/notifications` : null,
      at: new Date(lead.created_at),
      items: rows.map((r) => ({
        kind: r.kind as NotifyKind,
        severity: r.severity as NotifySeverity,
        subject: r.subject,
        title: say(r.title as Message),
        text: say(r.body as Message),
        link: linkOf(r),
      })),
    };
  }

  return async function deliverJob(job: OutboxJob): Promise<JobResult> {
    const id = String(job.payload.id);
    const row = await db.selectFrom('ralf.notification_delivery').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status !== 'queued' || (row.group_id && row.group_id !== id)) return { done: true };
    const channel = await deps.channels.byId(db, row.channel);
    const finish = async (set: { status: 'sent' | 'failed'; error?: string }) => {
      await db
        .updateTable('ralf.notification_delivery')
        .set({
          status: set.status,
          attempts: sql<number>`greatest(attempts, ${job.attempts})`,
          ...(set.status === 'sent' ? { sent_at: clock.now() } : { last_error: set.error ?? null }),
        })
        .where('status', '=', 'queued')
        .where((eb) => eb.or([eb('id', '=', id), eb('group_id', '=', id)]))
        .execute();
      return { done: true } as const;
    };
    if (!channel) return finish({ status: 'failed', error: `the channel ${row.channel} is no longer configured` });
    if (!channel.target) return finish({ status: 'failed', error: channel.unresolved ?? 'the channel has no secret' });
    const rows = await claim(id, row.channel, row.kind);
    if (!rows.some((r) => r.id === id)) return { done: true };
    try {
      await send(channel.target, messageOf(id, channel, rows), deps.sendTimeoutMs);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const next =
        err instanceof SendError && err.retry
          ? afterFailedAttempt(deps.retry, job, new Date(row.created_at), error, clock.now())
          : null;
      if (!next || 'giveUp' in next) return finish({ status: 'failed', error });
      await db
        .updateTable('ralf.notification_delivery')
        .set({ attempts: job.attempts, last_error: error })
        .where('status', '=', 'queued')
        .where('group_id', '=', id)
        .execute();
      return { done: false, retryInMs: next.wait, error };
    }
    return finish({ status: 'sent' });
  };
}
