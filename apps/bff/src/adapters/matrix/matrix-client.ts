import { randomUUID } from 'node:crypto';

/** What the homeserver refused or why it did not answer; `retry` when trying again may help. */
export class MatrixError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly status = 0,
  ) {
    super(message);
  }
}

/** A message event of a room's timeline, as `/sync` hands it over. */
export interface RoomMessage {
  room: string;
  eventId: string;
  sender: string;
  body: string;
  ts: number;
}

/** Content of an `m.room.message`: plain text, and the same as HTML for clients that show it. */
export interface MessageContent {
  msgtype: 'm.text' | 'm.notice';
  body: string;
  format?: 'org.matrix.custom.html';
  formatted_body?: string;
  'm.relates_to'?: {
    rel_type: 'm.thread';
    event_id: string;
    is_falling_back: true;
    'm.in_reply_to': { event_id: string };
  };
}

/**
 * A bot's side of the Matrix client-server API (issue 23): send a message (the transaction id
 * makes a retried send one message), long-poll `/sync` for one room's messages, open a direct
 * room to a user. Every request has a timeout; the homeserver's errcode is in every error.
 */
export class MatrixClient {
  constructor(private readonly cfg: { homeserver: string; token: string; timeoutMs: number }) {}

  private async call(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown, waitMs = 0, signal?: AbortSignal) {
    const url = `${this.cfg.homeserver.replace(/\/+$/, '')}${path}`;
    const timeout = AbortSignal.timeout(this.cfg.timeoutMs + waitMs);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.cfg.token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why =
        e.name === 'TimeoutError'
          ? `no answer within ${(this.cfg.timeoutMs + waitMs) / 1000} s`
          : (e.cause?.code ?? e.message);
      throw new MatrixError(`${new URL(url).host}: ${why}`, true);
    }
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) {
      const said = [json.errcode, json.error].filter((x) => typeof x === 'string').join(' ');
      throw new MatrixError(
        `${new URL(url).host} answered HTTP ${res.status}${said ? `: ${said}` : ''}`,
        res.status >= 500 || res.status === 429,
        res.status,
      );
    }
    return json;
  }

  /** Sends a message; the same `txnId` sent again is the same message (the spec's idempotency). */
  async send(room: string, content: MessageContent, txnId: string = randomUUID()): Promise<string> {
    const r = await this.call(
      'PUT',
      `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/m.room.message/${encodeURIComponent(txnId)}`,
      content,
    );
    return String(r.event_id);
  }

  /**
   * One `/sync` long-poll for the messages of one room since `since` (from the start when null):
   * the position to ask from next time, and the room's new text messages in order.
   */
  async sync(
    room: string,
    since: string | null,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<{ nextBatch: string; messages: RoomMessage[] }> {
    const filter = JSON.stringify({
      presence: { types: [] },
      account_data: { types: [] },
      room: {
        rooms: [room],
        timeline: { limit: 50, types: ['m.room.message'] },
        state: { types: [] },
        ephemeral: { types: [] },
        account_data: { types: [] },
      },
    });
    const q = new URLSearchParams({ filter, timeout: String(waitMs) });
    if (since) q.set('since', since);
    const r = await this.call('GET', `/_matrix/client/v3/sync?${q.toString()}`, undefined, waitMs, signal);
    const joined = (r.rooms as { join?: Record<string, { timeline?: { events?: unknown[] } }> } | undefined)?.join;
    const events = (joined?.[room]?.timeline?.events ?? []) as {
      event_id?: string;
      sender?: string;
      type?: string;
      origin_server_ts?: number;
      content?: { body?: unknown };
    }[];
    return {
      nextBatch: String(r.next_batch),
      messages: events
        .filter((e) => e.type === 'm.room.message' && typeof e.content?.body === 'string' && e.event_id && e.sender)
        .map((e) => ({
          room,
          eventId: e.event_id!,
          sender: e.sender!,
          body: String(e.content!.body),
          ts: e.origin_server_ts ?? 0,
        })),
    };
  }

  /** Opens a direct room with one user (they are invited) and returns its id. */
  async directRoom(userId: string): Promise<string> {
    const r = await this.call('POST', '/_matrix/client/v3/createRoom', {
      preset: 'trusted_private_chat',
      is_direct: true,
      invite: [userId],
    });
    return String(r.room_id);
  }

  /** The rooms the token's user has joined. */
  async joinedRooms(): Promise<string[]> {
    const r = await this.call('GET', '/_matrix/client/v3/joined_rooms');
    return Array.isArray(r.joined_rooms) ? r.joined_rooms.map(String) : [];
  }

  async whoami(): Promise<string> {
    return String((await this.call('GET', '/_matrix/client/v3/account/whoami')).user_id);
  }
}
