import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error';
import { authorization, normalizeFingerprint, ProxmoxApi, type ProxmoxEndpoint } from './proxmox-api';

const tls = join(import.meta.dirname, '../../../test/fixtures/tls');
const cert = readFileSync(join(tls, 'pve-cert.pem'), 'utf8');
const key = readFileSync(join(tls, 'pve-key.pem'), 'utf8');
/** The fixture certificate's SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` and Proxmox's UI show it. */
const FINGERPRINT = 'FD:AA:AC:6F:DD:67:AE:90:6E:64:30:DB:71:0C:23:59:95:36:87:A4:9F:90:D1:62:07:55:6B:3A:7C:2A:10:44';
const OTHER = 'AA:'.repeat(31) + 'AA';
const TOKEN = { tokenId: 'ralf@pve!ui', secret: '5f3c2a1e-0000-4000-8000-000000000001' };

/** A Proxmox-shaped HTTPS server with the fixture's self-signed certificate; it records every Authorization it receives. */
let server: Server;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer({ cert, key }, (req, res) => {
    seen.push(req.headers.authorization ?? '');
    const send = (status: number, body: string, message?: string) => {
      res.statusCode = status;
      if (message) res.statusMessage = message;
      res.setHeader('content-type', 'application/json');
      res.end(body);
    };
    if (req.headers.authorization !== authorization({ kind: 'pve', ...TOKEN }))
      return send(401, '{"data":null}', 'no ticket');
    switch (req.url) {
      case '/api2/json/version':
        return send(
          200,
          JSON.stringify({ data: { version: '8.3.2', release: '8.3', repoid: 'abc' }, extra: 'ignored' }),
        );
      case '/api2/json/nodes':
        return send(403, '{"data":null}', 'Permission check failed (/nodes, Sys.Audit)');
      case '/api2/json/slow':
        return; // never answers
      case '/api2/json/garbage':
        return send(200, '<html>proxy error</html>');
      case '/api2/json/big':
        return send(
          200,
          JSON.stringify({
            data: Array.from({ length: 50_000 }, (_, i) => ({ id: `qemu/${i}`, name: 'x'.repeat(80) })),
          }),
        );
      default:
        return send(404, '{"data":null}', 'Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const api = (over: Partial<ProxmoxEndpoint> = {}) =>
  new ProxmoxApi({
    kind: 'pve',
    name: 'homelab',
    url,
    ...TOKEN,
    fingerprint: FINGERPRINT,
    ca: null,
    timeoutMs: 1500,
    ...over,
  });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('reading a Proxmox API over its self-signed certificate', () => {
  it('reads the envelope with the certificate pinned by its fingerprint, however the operator wrote it', async () => {
    expect(await api().get('version')).toEqual({ version: '8.3.2', release: '8.3', repoid: 'abc' });
    expect(await api({ fingerprint: FINGERPRINT.replace(/:/g, '').toLowerCase() }).get('/version')).toMatchObject({
      version: '8.3.2',
    });
  });

  it('refuses another certificate before the token is sent, naming the fingerprint expected and the one presented', async () => {
    const before = seen.length;
    const err = await refusal(api({ fingerprint: OTHER }).get('version'));
    expect(err).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      reason: 'proxmox.tls-mismatch',
      params: { expected: OTHER, presented: FINGERPRINT },
    });
    expect(err.message).toContain(`not the expected ${OTHER}`);
    expect(seen.length).toBe(before);
  });

  it('does not switch verification off without a fingerprint: the self-signed certificate is refused, unless its CA is given', async () => {
    const err = await refusal(api({ fingerprint: null }).get('version'));
    expect(err).toMatchObject({ reason: 'proxmox.tls-unverified' });
    expect(err.message).toMatch(/set its fingerprint, or the CA that signed it/);
    expect(await api({ fingerprint: null, ca: cert }).get('version')).toMatchObject({ version: '8.3.2' });
  });

  it('says which token was refused, and which privilege is missing', async () => {
    expect(await refusal(api({ secret: 'wrong' }).get('version'))).toMatchObject({
      reason: 'proxmox.token-refused',
      params: { tokenId: 'ralf@pve!ui' },
    });
    const forbidden = await refusal(api().get('nodes'));
    expect(forbidden).toMatchObject({ reason: 'proxmox.forbidden' });
    expect(forbidden.message).toContain('Permission check failed (/nodes, Sys.Audit)');
  });

  it('gives up after its timeout, and says so; an answer that is not JSON is said as such', async () => {
    const slow = await refusal(api({ timeoutMs: 300 }).get('slow'));
    expect(slow).toMatchObject({ reason: 'proxmox.timeout', params: { ms: 300 } });
    // The message names the address it tried.
    expect((slow as Error).message).toMatch(/no answer from https:\/\/127\.0\.0\.1:\d+ within 300 ms/);
    expect(await refusal(api().get('garbage'))).toMatchObject({ reason: 'proxmox.not-json' });
  });

  it('reads a 5 MiB answer whole', async () => {
    const rows = await api({ timeoutMs: 10_000 }).get<unknown[]>('big');
    expect(rows).toHaveLength(50_000);
  });

  it('names an unreachable host, and takes plain http only on loopback', async () => {
    expect(await refusal(api({ url: 'https://127.0.0.1:1' }).get('version'))).toMatchObject({
      reason: 'proxmox.unreachable',
    });
    expect(await refusal(api({ url: 'http://pve1.lan:8006' }).get('version'))).toMatchObject({
      reason: 'proxmox.plain-http',
    });
  });
});

describe('token headers and fingerprints', () => {
  it('writes each product its own header', () => {
    expect(authorization({ kind: 'pve', tokenId: 'ralf@pve!ui', secret: 's' })).toBe('PVEAPIToken=ralf@pve!ui=s');
    expect(authorization({ kind: 'pbs', tokenId: 'ralf@pbs!ui', secret: 's' })).toBe('PBSAPIToken=ralf@pbs!ui:s');
  });

  it('accepts a fingerprint with or without colons, any case, and nothing else', () => {
    expect(normalizeFingerprint(FINGERPRINT.toLowerCase())).toBe(FINGERPRINT);
    expect(normalizeFingerprint(FINGERPRINT.replace(/:/g, ''))).toBe(FINGERPRINT);
    expect(normalizeFingerprint('AB:CD')).toBeNull();
  });
});
