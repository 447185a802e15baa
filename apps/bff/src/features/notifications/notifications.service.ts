import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  type Language,
  msg,
  NOTIFY_KINDS,
  type Message,
  type NotifyChannel,
  type NotifyDelivery,
  type NotifyFailing,
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
import type { ChannelTarget } from '../../adapters/notify/channels';
import type { ChannelDirectory } from './channels-config';
import { type DeliveryExtra, deliveryJob } from './notification-delivery';
import { AppError } from '../../lib/app-error';
import type { RetryPolicy } from '../../lib/delivery';
import { enqueue } from '../../lib/outbox';
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
  /** What a channel needs beyond the words (Matrix: the plan and its revision hash to answer with). */
  extra?: DeliveryExtra;
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
  /** The environment's and profile's channels and those saved on the admin page. */
  channels: ChannelDirectory;
  /** The same news about the same subject within this window goes out once. */
  dedupeMs?: number;
  /** A receiver that is down is retried this long, with backoff. */
  retry?: RetryPolicy;
  sendTimeoutMs?: number;
  /** How long the first news of a burst waits for the rest, to go out as one message. */
  groupMs?: number;
}

const JOB = 'notify.deliver';
const FAILING_AFTER_MS = 60 * 60_000;
export const NOTIFY_RETRY: RetryPolicy = { forMs: 60 * 60_000, baseMs: 2000, capMs: 5 * 60_000 };

/**
 * Notifications out (issue 23): `emit` writes one delivery per channel that takes the news, in the
 * transaction of the change it tells of, and queues it on the outbox; `deliverJob` sends it in
 * RALF_LANGUAGE and retries a receiver that is down with backoff for an hour.
 */
export function createNotifications(deps: NotificationsDeps) {
  const { db, clock } = deps;
  const dedupeMs = deps.dedupeMs ?? 10 * 60_000;
  const groupMs = deps.groupMs ?? 2000;
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
        extra: e.extra ? JSON.stringify(e.extra) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A burst is grouped: the first send waits a moment for the rest of it.
    const due = held ?? new Date(now.getTime() + (severity === 'critical' || e.kind === 'test' ? 0 : groupMs));
    await enqueue(trx, { kind: JOB, payload: { id: row.id, since: due.toISOString() }, dueAt: due });
    return row.id;
  }

  /**
   * Per channel: the oldest delivery that failed (or is being retried) since its last successful
   * send, with the latest error: the channel has been failing since then.
   */
  async function failingSince(): Promise<Map<string, { since: string; lastError: string }>> {
    const rows = await db
      .selectFrom('ralf.notification_delivery as d')
      .select(['d.channel', 'd.created_at', 'd.last_error'])
      .where('d.last_error', 'is not', null)
      .where((eb) =>
        eb(
          'd.created_at',
          '>',
          eb
            .selectFrom('ralf.notification_delivery as s')
            .select((x) => x.fn.coalesce(x.fn.max('s.sent_at'), sql<Date>`'epoch'::timestamptz`).as('t'))
            .whereRef('s.channel', '=', 'd.channel'),
        ),
      )
      .orderBy('d.created_at')
      .execute();
    const out = new Map<string, { since: string; lastError: string }>();
    for (const r of rows) {
      const seen = out.get(r.channel);
      out.set(r.channel, { since: seen?.since ?? iso(r.created_at), lastError: r.last_error! });
    }
    return out;
  }

  return {
    /** Queues the news for every channel that takes it (kind and lowest severity), once per window. */
    emit: async (trx: Db, e: NotifyEvent): Promise<void> => {
      for (const c of await deps.channels.all(trx))
        if (takes(c.info, e.kind, NOTIFY_KINDS[e.kind])) await queue(trx, c.info, e);
    },

    /** Sends one queued delivery, with the others of its burst (notification-delivery.ts). */
    deliverJob: deliveryJob({ ...deps, retry }),

    /** The channels (never their secrets) and the latest deliveries, newest first. */
    async overview(limit = 100): Promise<NotifyOverview> {
      const rows = await db
        .selectFrom('ralf.notification_delivery')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      const failing = await failingSince();
      return {
        channels: (await deps.channels.all(db)).map((c) => ({
          ...c.info,
          failingSince: failing.get(c.info.id)?.since ?? null,
        })),
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

    /** Channels whose every delivery failed for an hour or more (the overview warns of them). */
    async failing(): Promise<NotifyFailing[]> {
      const hourAgo = clock.now().getTime() - FAILING_AFTER_MS;
      return [...(await failingSince()).entries()]
        .filter(([, f]) => Date.parse(f.since) <= hourAgo)
        .map(([channel, f]) => ({ channel, since: f.since, lastError: f.lastError }));
    },

    /** "Send a test": one message to one channel, whatever kinds it takes. */
    async test(by: Principal, raw: unknown): Promise<{ id: string }> {
      const { channel } = NotifyTestInputSchema.parse(raw);
      const c = await deps.channels.byId(db, channel);
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
