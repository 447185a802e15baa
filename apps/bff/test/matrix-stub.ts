import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A homeserver on loopback that answers as the Matrix client-server specification says:
 * /versions, account/whoami, joined_rooms, directory/room/{alias}, rooms/{id}/messages and the
 * appservice ping, with the spec's errors (401 M_UNKNOWN_TOKEN, 403 M_FORBIDDEN, 429
 * M_LIMIT_EXCEEDED with retry_after_ms). Tests set who owns which token and who is in which room.
 * For bots that talk (issue 23) it also sends messages (`PUT rooms/{id}/send/{type}/{txnId}`, the
 * same transaction id twice is one event), creates direct rooms, and answers `/sync` as a
 * long-poll with `since` tokens and a room filter. `post` writes as a user; `redeliver` hands an
 * event out again in the next sync, as a homeserver may.
 */
export async function startMatrixStub() {
  const state = {
    tokens: new Map<string, string>(), // token → user id
    rooms: new Map<string, Set<string>>(), // room id → members
    aliases: new Map<string, string>(),
    lastMessage: new Map<string, number>(),
    asToken: 'as-secret',
    pingForbidden: false,
    limitNext: 0,
    calls: [] as string[],
    /** Every event of every room in the order they happened (a sync token is a position here). */
    events: [] as { room: string; event: StubEvent }[],
    txns: new Map<string, string>(), // token + txnId → event id
    invites: new Map<string, string[]>(), // room → invited users
    down: false,
  };
  const added = new EventEmitter();
  let nextId = 1;
  const append = (room: string, sender: string, content: Record<string, unknown>) => {
    const event: StubEvent = {
      event_id: `$ev${nextId++}:homelab`,
      type: 'm.room.message',
      sender,
      origin_server_ts: Date.now(),
      content,
    };
    state.events.push({ room, event });
    state.lastMessage.set(room, event.origin_server_ts);
    added.emit('event');
    return event.event_id;
  };
  /** A user writes into a room (the test is the other side of the conversation). */
  const post = (room: string, sender: string, body: string) => append(room, sender, { msgtype: 'm.text', body });
  /** The same event handed out once more in the next sync. */
  const redeliver = (eventId: string) => {
    const e = state.events.find((x) => x.event.event_id === eventId);
    if (e) state.events.push(e);
    added.emit('event');
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => resolve(raw ? (JSON.parse(raw) as Record<string, unknown>) : {}));
    });
  /** Messages the bots sent into a room (their content), oldest first. */
  const sent = (room: string) =>
    state.events.filter((e) => e.room === room && state.tokens.has(tokenOf(e.event.sender))).map((e) => e.event);
  const tokenOf = (user: string) => [...state.tokens].find(([, u]) => u === user)?.[0] ?? '';
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    state.calls.push(`${req.method} ${url.pathname}`);
    if (state.down) return send(res, 502, { errcode: 'M_UNKNOWN', error: 'Bad gateway' });
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (url.pathname === '/_matrix/client/versions') return send(res, 200, { versions: ['v1.11'] });
    if (state.limitNext > 0) {
      state.limitNext--;
      return send(res, 429, { errcode: 'M_LIMIT_EXCEEDED', error: 'Too many requests', retry_after_ms: 2000 });
    }
    const ping = /^\/_matrix\/client\/v1\/appservice\/([^/]+)\/ping$/.exec(url.pathname);
    if (ping && req.method === 'POST') {
      if (token !== state.asToken)
        return send(res, 403, {
          errcode: 'M_FORBIDDEN',
          error: 'Provided access token is not valid for this appservice',
        });
      if (state.pingForbidden)
        return send(res, 502, {
          errcode: 'M_CONNECTION_FAILED',
          error: 'The homeserver could not reach the appservice',
        });
      return send(res, 200, { duration_ms: 12 });
    }
    const user = state.tokens.get(token);
    if (!user)
      return send(res, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Invalid access token passed.', soft_logout: false });
    if (url.pathname === '/_matrix/client/v3/account/whoami')
      return send(res, 200, { user_id: user, device_id: 'STUB' });
    if (url.pathname === '/_matrix/client/v3/joined_rooms')
      return send(res, 200, { joined_rooms: [...state.rooms].filter(([, m]) => m.has(user)).map(([id]) => id) });
    const alias = /^\/_matrix\/client\/v3\/directory\/room\/(.+)$/.exec(url.pathname);
    if (alias) {
      const id = state.aliases.get(decodeURIComponent(alias[1]!));
      return id
        ? send(res, 200, { room_id: id, servers: ['homelab'] })
        : send(res, 404, { errcode: 'M_NOT_FOUND', error: 'Room alias not found' });
    }
    const msgs = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/messages$/.exec(url.pathname);
    if (msgs) {
      const room = decodeURIComponent(msgs[1]!);
      if (!state.rooms.get(room)?.has(user))
        return send(res, 403, { errcode: 'M_FORBIDDEN', error: 'User is not in the room' });
      const ts = state.lastMessage.get(room);
      return send(res, 200, {
        chunk: ts ? [{ type: 'm.room.message', sender: user, origin_server_ts: ts, content: { body: 'ok' } }] : [],
        start: 't1',
      });
    }
    const put = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (put && req.method === 'PUT') {
      const room = decodeURIComponent(put[1]!);
      if (!state.rooms.get(room)?.has(user))
        return send(res, 403, { errcode: 'M_FORBIDDEN', error: 'User is not in the room' });
      const txn = `${token}/${decodeURIComponent(put[3]!)}`;
      const seen = state.txns.get(txn);
      if (seen) return send(res, 200, { event_id: seen });
      return void readBody(req).then((content) => {
        const id = append(room, user, content);
        state.txns.set(txn, id);
        send(res, 200, { event_id: id });
      });
    }
    if (url.pathname === '/_matrix/client/v3/createRoom' && req.method === 'POST') {
      return void readBody(req).then((b) => {
        const room = `!dm${nextId++}:homelab`;
        state.rooms.set(room, new Set([user]));
        state.invites.set(room, (b.invite as string[] | undefined) ?? []);
        send(res, 200, { room_id: room });
      });
    }
    if (url.pathname === '/_matrix/client/v3/sync') {
      const since = Number((url.searchParams.get('since') ?? 's0').slice(1)) || 0;
      const wait = Number(url.searchParams.get('timeout') ?? 0);
      const filter = JSON.parse(url.searchParams.get('filter') ?? '{}') as { room?: { rooms?: string[] } };
      const answer = () => {
        const join: Record<string, { timeline: { events: StubEvent[]; limited: boolean } }> = {};
        state.events.slice(since).forEach(({ room, event }) => {
          if (!state.rooms.get(room)?.has(user)) return;
          if (filter.room?.rooms && !filter.room.rooms.includes(room)) return;
          (join[room] ??= { timeline: { events: [], limited: false } }).timeline.events.push(event);
        });
        send(res, 200, { next_batch: `s${state.events.length}`, rooms: { join } });
      };
      if (state.events.length > since || wait <= 0) return answer();
      const timer = setTimeout(() => {
        added.off('event', wake);
        answer();
      }, wait);
      const wake = () => {
        clearTimeout(timer);
        answer();
      };
      added.once('event', wake);
      res.on('close', () => {
        clearTimeout(timer);
        added.off('event', wake);
      });
      return;
    }
    return send(res, 404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    post,
    redeliver,
    sent,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface StubEvent {
  event_id: string;
  type: 'm.room.message';
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
}
