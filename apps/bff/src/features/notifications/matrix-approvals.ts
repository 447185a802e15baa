import {
  type Language,
  type Message,
  messageText,
  msg,
  isMessageCode,
  permissionsOf,
  type Role,
  verbatim,
} from '@ralf/shared';
import { sql } from 'kysely';
import type { Db } from '../../adapters/db/client';
import { MatrixClient, type RoomMessage } from '../../adapters/matrix/matrix-client';
import type { Clock } from '../../adapters/ports';
import { AppError } from '../../lib/app-error';
import { enqueue, type JobResult, type OutboxJob } from '../../lib/outbox';
import type { Principal, RequestMeta } from '../../lib/principal';
import type { PlansService } from '../plans/plans.service';

/** A Matrix channel that reads approvals: its room, and the bot that reads and answers there. */
export interface ApprovalRoom {
  channel: string;
  room: string;
  client: MatrixClient;
}

export interface MatrixApprovalsDeps {
  db: Db;
  clock: Clock;
  language: Language;
  plans: Pick<PlansService, 'decide'>;
  rooms: readonly ApprovalRoom[];
  /** How long one `/sync` waits for news (the long-poll). */
  pollMs?: number;
}

export type Command =
  { verb: 'approve'; id: string; hash: string } | { verb: 'reject'; id: string; reason: string } | { verb: 'usage' };

/** `!ralf approve <id> <hash prefix>`, `!ralf reject <id> <reason>`; anything else after `!ralf` is a question. */
export function parseCommand(body: string): Command | null {
  const m = /^!ralf(?:\s+(.*))?$/is.exec(body.trim());
  if (!m) return null;
  const words = (m[1] ?? '').trim();
  const approve = /^approve\s+([0-9a-f-]{4,36})\s+([0-9a-f]{6,64})\s*$/i.exec(words);
  if (approve) return { verb: 'approve', id: approve[1]!.toLowerCase(), hash: approve[2]!.toLowerCase() };
  const reject = /^reject\s+([0-9a-f-]{4,36})\s+(\S[\s\S]{0,1999})$/i.exec(words);
  if (reject) return { verb: 'reject', id: reject[1]!.toLowerCase(), reason: reject[2]!.trim() };
  return { verb: 'usage' };
}

const REPLY_JOB = 'matrix.reply';

/**
 * Approving from Matrix (issue 23). Each approval room is read with `/sync` (its position kept in
 * the database, so a restart neither misses nor repeats a command); a command is acted on once per
 * event id (claimed in the database before it acts), as the linked user, through the same
 * `plans.decide` as the web: roles, no self-approval, the named revision, the approvals needed,
 * apply windows. The answer goes into a thread under the command, through the outbox.
 */
export function createMatrixApprovals(deps: MatrixApprovalsDeps) {
  const { db, clock, language } = deps;
  const say = (m: Message) => messageText(language, m);
  const pollMs = deps.pollMs ?? 30_000;
  const bots = new Map<ApprovalRoom, string>();

  async function userFor(sender: string) {
    return db
      .selectFrom('ralf.matrix_link as l')
      .innerJoin('ralf.app_user as u', 'u.id', 'l.user_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'u.source', 'u.disabled_at'])
      .where('l.matrix_id', '=', sender)
      .where('l.verified_at', 'is not', null)
      .executeTakeFirst();
  }

  async function planFor(id: string) {
    const rows = await db
      .selectFrom('ralf.plan')
      .select(['id', 'revision', 'revision_hash'])
      .where(sql<string>`id::text`, 'like', `${id}%`)
      .limit(2)
      .execute();
    if (rows.length === 0) throw new AppError('NOT_FOUND', { msg: msg('mx.noPlan', { id }) });
    if (rows.length > 1) throw new AppError('CONFLICT', { msg: msg('mx.ambiguous', { id }) });
    return rows[0]!;
  }

  /** What to answer to one command: the decision made, or why not, in RALF_LANGUAGE. */
  async function act(room: ApprovalRoom, ev: RoomMessage, cmd: Command): Promise<Message> {
    if (cmd.verb === 'usage') return msg('mx.usage');
    const u = await userFor(ev.sender);
    if (!u) return msg('mx.unlinked', { sender: ev.sender });
    if (u.disabled_at) return msg('mx.disabled', { user: u.username });
    const roles = u.roles as Role[];
    const permissions = permissionsOf(roles);
    if (!permissions.includes('decide')) return msg('mx.noRole', { user: u.username });
    const by: Principal = {
      kind: 'user',
      user: {
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        roles,
        permissions,
        source: u.source as 'local' | 'oidc',
      },
      tokenHash: '',
      csrfToken: '',
      expiresAt: clock.now(),
    };
    const meta: RequestMeta = {
      ip: 'matrix',
      userAgent: null,
      via: { channel: 'matrix', account: ev.sender, event: ev.eventId },
    };
    try {
      const p = await planFor(cmd.id);
      const short = p.id.slice(0, 8);
      if (cmd.verb === 'reject') {
        await deps.plans.decide(by, { id: p.id, decision: 'reject', revision: p.revision, comment: cmd.reason }, meta);
        return msg('mx.rejected', { id: short, user: u.username, reason: cmd.reason });
      }
      if (!p.revision_hash.startsWith(cmd.hash))
        return msg('mx.staleHash', {
          id: short,
          hash: cmd.hash,
          revision: p.revision,
          current: p.revision_hash.slice(0, 8),
        });
      const row = await deps.plans.decide(
        by,
        { id: p.id, decision: 'approve', revision: p.revision, comment: '' },
        meta,
      );
      return msg('mx.approved', { id: short, revision: p.revision, user: u.username, status: row.status });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const reason = err.reason && isMessageCode(err.reason) ? msg(err.reason, err.params) : verbatim(err.message);
      return msg('mx.refused', { reason });
    }
  }

  /**
   * One command: claimed by its event id first (a second delivery of the same event finds it
   * taken and does nothing), then acted on, its answer kept and queued to be sent in a thread.
   */
  async function handle(room: ApprovalRoom, ev: RoomMessage): Promise<boolean> {
    const cmd = parseCommand(ev.body);
    if (!cmd) return false;
    const claimed = await db
      .insertInto('ralf.matrix_command')
      .values({ event_id: ev.eventId, channel: room.channel, sender: ev.sender, body: ev.body.slice(0, 4000) })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!claimed) return false;
    const answer = await act(room, ev, cmd);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('ralf.matrix_command')
        .set({ answer: JSON.stringify(answer) })
        .where('event_id', '=', ev.eventId)
        .execute();
      await enqueue(trx, { kind: REPLY_JOB, payload: { event: ev.eventId }, dueAt: clock.now() });
    });
    return true;
  }

  /**
   * One `/sync` of one room: from the kept position, each command acted on in order, then the new
   * position kept. A first sync only takes the position: commands from before ralf-ui listened
   * are not acted on.
   */
  async function syncOnce(room: ApprovalRoom, signal?: AbortSignal): Promise<number> {
    const kept = await db
      .selectFrom('ralf.matrix_sync')
      .select('next_batch')
      .where('channel', '=', room.channel)
      .executeTakeFirst();
    // The bot's own user id, asked once per room: its own messages are never commands.
    const me = bots.get(room) ?? (await room.client.whoami().catch(() => null));
    if (me) bots.set(room, me);
    const r = await room.client.sync(room.room, kept?.next_batch ?? null, kept ? pollMs : 0, signal);
    let acted = 0;
    if (kept) for (const ev of r.messages) if (ev.sender !== me && (await handle(room, ev))) acted++;
    await db
      .insertInto('ralf.matrix_sync')
      .values({ channel: room.channel, next_batch: r.nextBatch, updated_at: clock.now() })
      .onConflict((oc) => oc.column('channel').doUpdateSet({ next_batch: r.nextBatch, updated_at: clock.now() }))
      .execute();
    return acted;
  }

  /** Sends a command's kept answer into a thread under it (retried by the outbox while the homeserver is away). */
  async function replyJob(job: OutboxJob): Promise<JobResult> {
    const event = String(job.payload.event);
    const c = await db.selectFrom('ralf.matrix_command').selectAll().where('event_id', '=', event).executeTakeFirst();
    const room = deps.rooms.find((r) => r.channel === c?.channel);
    if (!c?.answer || !room) return { done: true };
    const body = say(c.answer as Message);
    try {
      await room.client.send(
        room.room,
        {
          msgtype: 'm.notice',
          body,
          'm.relates_to': {
            rel_type: 'm.thread',
            event_id: event,
            is_falling_back: true,
            'm.in_reply_to': { event_id: event },
          },
        },
        `reply-${event}`,
      );
      return { done: true };
    } catch (err) {
      if (job.attempts >= 20) return { done: true };
      return { done: false, retryInMs: Math.min(60_000, 1000 * 2 ** job.attempts), error: (err as Error).message };
    }
  }

  let running: (() => Promise<void>) | null = null;
  /** Reads every approval room until stopped; a homeserver that is away is asked again after a pause. */
  function start(log: { warn: (o: object, m: string) => void }): () => Promise<void> {
    if (running) return running;
    const stop = new AbortController();
    const loops = deps.rooms.map(async (room) => {
      while (!stop.signal.aborted) {
        try {
          await syncOnce(room, stop.signal);
        } catch (err) {
          if (stop.signal.aborted) break;
          log.warn({ channel: room.channel, err: (err as Error).message }, 'matrix sync failed; trying again in 5 s');
          await new Promise((r) => setTimeout(r, 5000).unref());
        }
      }
    });
    running = async () => {
      stop.abort();
      await Promise.allSettled(loops);
      running = null;
    };
    return running;
  }

  return {
    parseCommand,
    handle,
    syncOnce,
    replyJob,
    start,
    /** Stops reading (as a process that stops would). */
    stop: () => running?.() ?? Promise.resolve(),
    jobs: { [REPLY_JOB]: replyJob },
  };
}

export type MatrixApprovals = ReturnType<typeof createMatrixApprovals>;
