import { randomUUID } from 'node:crypto';
import {
  type Language,
  type Message,
  messageText,
  msg,
  NOTIFY_KINDS,
  type NotifyChannel,
  type NotifyDelivery,
  type NotifyKind,
  type NotifyOverview,
  NotifyTestInputSchema,
  type NotifySeverity,
  quietUntil,
  severityRank,
} from '@ralf/shared';
import type { Db } from '../../adapters/db/client';
import { iso } from '../../adapters/db/iso';
import type { Clock } from '../../adapters/ports';
import { type ChannelTarget, send, SendError } from '../../adapters/notify/channels';
import { AppError } from '../../lib/app-error';
import { afterFailedAttempt, type RetryPolicy } from '../../lib/delivery';
import { enqueue, type JobResult, type OutboxJob } from '../../lib/outbox';
import { actorOf, type Principal } from '../../lib/principal';

/** News to tell (issue 23): its kind, what it is about, its words as messages, and its page. */
export interface NotifyEvent {
  kind: NotifyKind;
  /** `plan/<id>`, `deployment/<id>`: the same news about it within the window is sent once. */
  subject: string | null;
  title: Message;
  body: Message;
  /** Its page in ralf-ui (a path); with RALF_PUBLIC_URL the message links there. */
  path: string | null;
  /** What counts as "the same news" (default: kind and subject). */
  dedupeKey?: string;
}

/** A configured channel: what the admin page shows, and where it sends (null when its secret is missing). */
export interface ResolvedChannel {
  info: NotifyChannel;
  target: ChannelTarget | null;
  /** Why it cannot send (its vault:// reference has no value). */
  unresolved: string | null;
}

export interface NotificationsDeps {
  db: Db;
  clock: Clock;
  /** RALF_LANGUAGE: notifications are written in it. */
  language: Language;
  publicUrl: string | null;
  channels: readonly ResolvedChannel[];
  /** The same news about the same subject within this window goes out once. */
  dedupeMs?: number;
  /** A receiver that is down is retried this long, with backoff. */
  retry?: RetryPolicy;
  sendTimeoutMs?: number;
}

const JOB = 'notify.deliver';
export const NOTIFY_RETRY: RetryPolicy = { forMs: 60 * 60_000, baseMs: 2000, capMs: 5 * 60_000 };

/**
 * Notifications out (issue 23): `emit` writes one delivery per channel that takes the news, in the
 * transaction of the change it tells of, and queues it on the outbox; `deliverJob` sends it in
 * RALF_LANGUAGE and retries a receiver that is down with backoff for an hour.
 */
export function createNotifications(deps: NotificationsDeps) {
  const { db, clock, language } = deps;
  const dedupeMs = deps.dedupeMs ?? 10 * 60_000;
  const retry = deps.retry ?? NOTIFY_RETRY;
  const takes = (c: NotifyChannel, kind: NotifyKind, severity: NotifySeverity) =>
    (c.kinds === null || c.kinds.includes(kind)) && severityRank(severity) >= severityRank(c.minSeverity);

  async function queue(trx: Db, channel: NotifyChannel, e: NotifyEvent): Promise<string | null> {
    const severity = NOTIFY_KINDS[e.kind];
    const dedupeKey = e.dedupeKey ?? `${e.kind}:${e.subject ?? ''}`;
    const now = clock.now();
    const recent = await trx
      .selectFrom('ralf.notification_delivery')
      .select('id')
      .where('channel', '=', channel.id)
      .where('dedupe_key', '=', dedupeKey)
      .where('created_at', '>', new Date(now.getTime() - dedupeMs))
      .executeTakeFirst();
    if (recent) return null;
    // In the channel's quiet hours only critical news goes at once; the rest when they end.
    const held = channel.quietHours && severity !== 'critical' ? quietUntil(now, channel.quietHours) : null;
    const row = await trx
      .insertInto('ralf.notification_delivery')
      .values({
        channel: channel.id,
        kind: e.kind,
        severity,
        subject: e.subject,
        dedupe_key: dedupeKey,
        title: JSON.stringify(e.title),
        body: JSON.stringify(e.body),
        link: e.path,
        created_at: now,
        held_until: held,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const due = held ?? now;
    await enqueue(trx, { kind: JOB, payload: { id: row.id, since: due.toISOString() }, dueAt: due });
    return row.id;
  }

  return {
    /** Queues the news for every channel that takes it (kind and lowest severity), once per window. */
    emit: async (trx: Db, e: NotifyEvent): Promise<void> => {
      for (const c of deps.channels) if (takes(c.info, e.kind, NOTIFY_KINDS[e.kind])) await queue(trx, c.info, e);
    },

    /** Sends one queued delivery; a receiver that is down is tried again later, a refusal (4xx) is final. */
    async deliverJob(job: OutboxJob): Promise<JobResult> {
      const id = String(job.payload.id);
      const row = await db.selectFrom('ralf.notification_delivery').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row || row.status !== 'queued') return { done: true };
      const channel = deps.channels.find((c) => c.info.id === row.channel);
      const fail = async (error: string) => {
        await db
          .updateTable('ralf.notification_delivery')
          .set({ status: 'failed', attempts: job.attempts, last_error: error })
          .where('id', '=', id)
          .execute();
        return { done: true } as const;
      };
      if (!channel) return fail(`the channel ${row.channel} is no longer configured`);
      if (!channel.target) return fail(channel.unresolved ?? 'the channel has no secret');
      const base = deps.publicUrl?.replace(/\/+$/, '');
      const link = row.link && base ? `${base}${row.link}` : null;
      const text = messageText(language, row.body as Message);
      try {
        await send(
          channel.target,
          {
            id,
            kind: row.kind as NotifyKind,
            severity: row.severity as NotifySeverity,
            subject: row.subject,
            title: messageText(language, row.title as Message),
            text: link ? `${text}\n${messageText(language, msg('notify.open', { url: link }))}` : text,
            link,
            at: new Date(row.created_at),
          },
          deps.sendTimeoutMs,
        );
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        const next =
          err instanceof SendError && err.retry
            ? afterFailedAttempt(retry, job, new Date(row.created_at), error, clock.now())
            : null;
        if (!next || 'giveUp' in next) return fail(error);
        await db
          .updateTable('ralf.notification_delivery')
          .set({ attempts: job.attempts, last_error: error })
          .where('id', '=', id)
          .execute();
        return { done: false, retryInMs: next.wait, error };
      }
      await db
        .updateTable('ralf.notification_delivery')
        .set({ status: 'sent', attempts: job.attempts, sent_at: clock.now() })
        .where('id', '=', id)
        .execute();
      return { done: true };
    },

    /** The channels (never their secrets) and the latest deliveries, newest first. */
    async overview(limit = 100): Promise<NotifyOverview> {
      const rows = await db
        .selectFrom('ralf.notification_delivery')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return {
        channels: deps.channels.map((c) => c.info),
        deliveries: rows.map((r): NotifyDelivery => ({
          id: r.id,
          channel: r.channel,
          kind: r.kind as NotifyKind,
          severity: r.severity as NotifySeverity,
          subject: r.subject,
          title: r.title as Message,
          status: r.status as NotifyDelivery['status'],
          attempts: r.attempts,
          lastError: r.last_error,
          createdAt: iso(r.created_at),
          heldUntil: r.held_until ? iso(r.held_until) : null,
          sentAt: r.sent_at ? iso(r.sent_at) : null,
        })),
      };
    },

    /** "Send a test": one message to one channel, whatever kinds it takes. */
    async test(by: Principal, raw: unknown): Promise<{ id: string }> {
      const { channel } = NotifyTestInputSchema.parse(raw);
      const c = deps.channels.find((x) => x.info.id === channel);
      if (!c) throw new AppError('NOT_FOUND', { msg: msg('err.noChannel', { id: channel }) });
      // A test goes at once, whatever the quiet hours.
      const id = await db.transaction().execute((trx) =>
        queue(
          trx,
          { ...c.info, quietHours: null },
          {
            kind: 'test',
            subject: null,
            title: msg('notify.test.title'),
            body: msg('notify.test.text', { by: actorOf(by), channel }),
            path: '/admin/notifications',
            dedupeKey: `test:${randomUUID()}`,
          },
        ),
      );
      return { id: id! };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotifications>;
