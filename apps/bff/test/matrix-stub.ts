import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A homeserver on loopback that answers as the Matrix client-server specification says:
 * /versions, account/whoami, joined_rooms, directory/room/{alias}, rooms/{id}/messages and the
 * appservice ping, with the spec's errors (401 M_UNKNOWN_TOKEN, 403 M_FORBIDDEN, 429
 * M_LIMIT_EXCEEDED with retry_after_ms). Tests set who owns which token and who is in which room.
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
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    state.calls.push(`${req.method} ${url.pathname}`);
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
    return send(res, 404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, state, stop: () => new Promise<void>((r) => server.close(() => r())) };
}
