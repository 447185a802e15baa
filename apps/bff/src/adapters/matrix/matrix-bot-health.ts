import { msg, type BotStatus, type Message } from '@ralf/shared';
import type { BotCheck, BotHealthSource } from '../ports';

/** An answer of the homeserver; status 0 when none came (`error` says why). */
type Answer = { status: number; body: Record<string, unknown>; error?: string };

const DAY = 86_400_000;

/**
 * Bot health from the homeserver's client-server API (issue 8): the appservice answers its ping,
 * the bot's token is valid (whoami), it is joined to its room, and when the room last heard
 * from anyone. Every request has a timeout; a 429 (M_LIMIT_EXCEEDED) is respected until its
 * retry_after_ms has passed; a homeserver that does not answer makes the bots "unknown".
 */
export class MatrixBotHealth implements BotHealthSource {
  readonly kind = 'matrix' as const;
  private blockedUntil = 0;
  private last = new Map<string, BotStatus>();

  constructor(
    private readonly cfg: { homeserver: string; timeoutMs: number; appservice?: { id: string; token: string | null } },
  ) {}

  private async call(method: 'GET' | 'POST', path: string, token: string | null): Promise<Answer> {
    try {
      const res = await fetch(`${this.cfg.homeserver}${path}`, {
        method,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(method === 'POST' && { 'content-type': 'application/json' }),
        },
        ...(method === 'POST' && { body: '{}' }),
        signal: AbortSignal.timeout(this.cfg.timeoutMs),
      });
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.status === 429) this.blockedUntil = Date.now() + Number(body.retry_after_ms ?? 5000);
      return { status: res.status, body };
    } catch (err) {
      return {
        status: 0,
        body: {},
        error:
          (err as Error).name === 'TimeoutError'
            ? `no answer within ${this.cfg.timeoutMs} ms`
            : ((err as { cause?: { code?: string; message?: string } }).cause?.code ??
              (err as { cause?: { message?: string } }).cause?.message ??
              (err as Error).message),
      };
    }
  }

  private why(a: Answer): string {
    if (a.status === 0) return a.error ?? 'no answer';
    const said = (v: unknown) => (typeof v === 'string' ? v : '');
    return `${a.status} ${said(a.body.errcode)} ${said(a.body.error)}`.trim();
  }

  async check(bots: BotCheck[], now: Date): Promise<BotStatus[]> {
    const at = now.toISOString();
    const base = (b: BotCheck) => ({ id: b.id, userId: b.userId, room: b.room, checkedAt: at });
    if (Date.now() < this.blockedUntil) {
      const wait = msg('bot.rateLimitedUntil', { at: new Date(this.blockedUntil).toISOString() });
      return bots.map((b) => ({
        ...(this.last.get(b.id) ?? {
          ...base(b),
          state: 'unknown' as const,
          homeserver: null,
          appservice: null,
          joined: null,
          lastMessageAt: null,
        }),
        reason: wait,
      }));
    }
    const versions = await this.call('GET', '/_matrix/client/versions', null);
    if (versions.status !== 200) {
      const reason = msg('bot.homeserverAway', { why: this.why(versions) });
      return bots.map((b) => ({
        ...base(b),
        state: 'unknown',
        reason,
        homeserver: false,
        appservice: null,
        joined: null,
        lastMessageAt: null,
      }));
    }
    let appservice: boolean | null = null;
    let appserviceWhy: Message | null = null;
    if (this.cfg.appservice) {
      if (!this.cfg.appservice.token) appserviceWhy = msg('bot.appserviceTokenUnset');
      else {
        const ping = await this.call(
          'POST',
          `/_matrix/client/v1/appservice/${encodeURIComponent(this.cfg.appservice.id)}/ping`,
          this.cfg.appservice.token,
        );
        appservice = ping.status === 200;
        if (!appservice) appserviceWhy = msg('bot.appservicePing', { why: this.why(ping) });
      }
    }
    const out: BotStatus[] = [];
    for (const b of bots) {
      const s = await this.one(b, appservice, appserviceWhy, base(b));
      this.last.set(b.id, s);
      out.push(s);
      if (Date.now() < this.blockedUntil) break;
    }
    // Stopped by a 429: the rest keep their last state, with the reason.
    for (const b of bots.slice(out.length))
      out.push({
        ...(this.last.get(b.id) ?? {
          ...base(b),
          state: 'unknown' as const,
          homeserver: true,
          appservice,
          joined: null,
          lastMessageAt: null,
        }),
        reason: msg('bot.rateLimited'),
      });
    return out;
  }

  private async one(
    b: BotCheck,
    appservice: boolean | null,
    appserviceWhy: Message | null,
    base: Pick<BotStatus, 'id' | 'userId' | 'room' | 'checkedAt'>,
  ): Promise<BotStatus> {
    const status = (state: BotStatus['state'], reason: Message, extra: Partial<BotStatus> = {}): BotStatus => ({
      ...base,
      state,
      reason,
      homeserver: true,
      appservice,
      joined: null,
      lastMessageAt: null,
      ...extra,
    });
    if (!b.token) return status('unknown', msg('bot.tokenUnset', { ref: b.tokenRef }));
    const who = await this.call('GET', '/_matrix/client/v3/account/whoami', b.token);
    if (who.status === 429) return status('unknown', msg('bot.rateLimited'));
    if (who.status !== 200)
      return status(who.status === 0 ? 'unknown' : 'down', msg('bot.whoami', { why: this.why(who) }));
    if (who.body.user_id !== b.userId)
      return status('down', msg('bot.otherUser', { owner: String(who.body.user_id), user: b.userId }));
    let roomId = b.room;
    if (b.room.startsWith('#')) {
      const alias = await this.call('GET', `/_matrix/client/v3/directory/room/${encodeURIComponent(b.room)}`, b.token);
      if (alias.status !== 200) return status('degraded', msg('bot.alias', { room: b.room, why: this.why(alias) }));
      roomId = String(alias.body.room_id);
    }
    const rooms = await this.call('GET', '/_matrix/client/v3/joined_rooms', b.token);
    if (rooms.status !== 200) return status('degraded', msg('bot.joinedRooms', { why: this.why(rooms) }));
    const joined = ((rooms.body.joined_rooms as string[] | undefined) ?? []).includes(roomId);
    if (!joined) return status('degraded', msg('bot.notJoined', { room: b.room }), { joined: false });
    const msgs = await this.call(
      'GET',
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=1`,
      b.token,
    );
    const ts =
      msgs.status === 200
        ? Number(((msgs.body.chunk as { origin_server_ts?: number }[] | undefined) ?? [])[0]?.origin_server_ts ?? NaN)
        : NaN;
    const lastMessageAt = Number.isFinite(ts) ? new Date(ts).toISOString() : null;
    if (appservice === false && appserviceWhy) return status('degraded', appserviceWhy, { joined, lastMessageAt });
    if (lastMessageAt && Date.now() - ts > DAY)
      return status('degraded', msg('bot.quiet', { room: b.room }), { joined, lastMessageAt });
    return status('healthy', appserviceWhy ?? msg(lastMessageAt ? 'bot.joined' : 'bot.joinedQuiet', { room: b.room }), {
      joined,
      lastMessageAt,
    });
  }
}
