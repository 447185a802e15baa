import { readFileSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { englishText } from '@ralf/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHttp } from './http-check';

const tls = join(import.meta.dirname, '../../../test/fixtures/tls');
const pem = (name: string) => readFileSync(join(tls, name), 'utf8');

const servers: Server[] = [];
const listen = async (s: Server) => {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
};
let http = '';
let expired = '';
let selfSigned = '';

beforeAll(async () => {
  const app = createHttp((req, res) => {
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (req.url === '/down') return void res.writeHead(503).end('maintenance');
    if (req.url === '/moved') return void res.writeHead(302, { location: '/' }).end();
    res.end('ok');
  });
  http = `http://127.0.0.1:${await listen(app)}`;
  const ok = (_req: unknown, res: { end: (s: string) => void }) => res.end('ok');
  expired = `https://127.0.0.1:${await listen(createHttps({ cert: pem('expired-cert.pem'), key: pem('expired-key.pem') }, ok))}`;
  selfSigned = `https://127.0.0.1:${await listen(createHttps({ cert: pem('pve-cert.pem'), key: pem('pve-key.pem') }, ok))}`;
});
afterAll(() => servers.forEach((s) => s.close()));

const said = (r: Awaited<ReturnType<typeof checkHttp>>) => (r.reason ? englishText(r.reason) : null);

describe('an HTTP check of a service', () => {
  it('is up on 2xx and 3xx, with the time to the answer', async () => {
    const r = await checkHttp(`${http}/`, { timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: true, status: 200, reason: null, certExpiresAt: null });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await checkHttp(`${http}/moved`, { timeoutMs: 2000 })).toMatchObject({ ok: true, status: 302 });
  });

  it('is down, saying why, on a 503, a slow answer, a refused connection and a non-http address', async () => {
    const down = await checkHttp(`${http}/down`, { timeoutMs: 2000 });
    expect([down.ok, down.status, said(down)]).toEqual([false, 503, 'it answered HTTP 503']);
    const slow = await checkHttp(`${http}/slow`, { timeoutMs: 300 });
    expect([slow.ok, slow.status, said(slow)]).toEqual([false, null, 'no answer within 0.3 s']);
    const closed = createHttp();
    const port = await listen(closed);
    await new Promise((r) => closed.close(r));
    expect(said(await checkHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }))).toBe('the connection was refused');
    expect(said(await checkHttp('ftp://nas.lan/', { timeoutMs: 2000 }))).toBe(
      'ftp://nas.lan/ is not an http or https address',
    );
  });

  it('reads an https certificate even when it is not trusted: expired or self-signed counts as down, with its expiry', async () => {
    const old = await checkHttp(`${expired}/`, { timeoutMs: 2000 });
    expect(old.ok).toBe(false);
    expect(old.status).toBe(200);
    expect(old.certExpiresAt?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
    // The date in the server's time zone: the first of February, or the evening before west of UTC.
    expect(said(old)).toMatch(/^its TLS certificate expired on (1 Feb|31 Jan) 2024/);
    const own = await checkHttp(`${selfSigned}/`, { timeoutMs: 2000 });
    expect(own.ok).toBe(false);
    expect(own.certExpiresAt).not.toBeNull();
    expect(said(own)).toMatch(
      /^its TLS certificate is not trusted \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID)\)$/,
    );
  });
});
