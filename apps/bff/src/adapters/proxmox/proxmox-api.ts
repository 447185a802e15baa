import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { AppError } from '../../lib/app-error';

/**
 * One Proxmox VE cluster (or standalone host) or Proxmox Backup Server, as the operator names it:
 * an API token, and for the self-signed certificate every fresh Proxmox has, its SHA-256
 * fingerprint as Proxmox shows it (`AB:CD:…`) or the CA that signed it (issue 19).
 */
export interface ProxmoxEndpoint {
  kind: 'pve' | 'pbs';
  /** How pages and errors name it: the cluster's name, or the host's. */
  name: string;
  /** `https://pve1.lan:8006` (PVE) or `https://pbs.lan:8007` (PBS); `http://` only on loopback (the demo lab). */
  url: string;
  /** `ralf@pve!ui`: user@realm!tokenname. */
  tokenId: string;
  secret: string;
  fingerprint: string | null;
  /** PEM of the CA that signed the certificate, when it is not a public one. */
  ca: string | null;
  timeoutMs: number;
}

/** The largest answer read (a /cluster/resources of 5,000 guests is about 3 MiB). */
const MAX_BYTES = 64 * 1024 * 1024;

/** A fingerprint as Proxmox and Node write it: 32 pairs of upper-case hex digits joined by colons; null when it is not one. */
export function normalizeFingerprint(s: string): string | null {
  const hex = s.replace(/[\s:]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex.match(/../g)!.join(':') : null;
}

/** The token header each product expects: PVE `PVEAPIToken=ID=SECRET`, PBS `PBSAPIToken=ID:SECRET`. */
export const authorization = (e: Pick<ProxmoxEndpoint, 'kind' | 'tokenId' | 'secret'>) =>
  e.kind === 'pve' ? `PVEAPIToken=${e.tokenId}=${e.secret}` : `PBSAPIToken=${e.tokenId}:${e.secret}`;

const unavailable = (
  e: ProxmoxEndpoint,
  message: string,
  reason: string,
  params: Record<string, string | number> = {},
) =>
  new AppError('UPSTREAM_UNAVAILABLE', {
    source: `${e.kind}:${e.name}`,
    message: `${e.name}: ${message}`,
    reason,
    params: { name: e.name, ...params },
  });

const toStrings = (p: Record<string, string | number>) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

/**
 * Why Proxmox refused an action. 403 names the privilege the token lacks ("Permission check
 * failed (/vms/208, VM.PowerMgmt)"); anything else is Proxmox's own reason ("VM 208 already
 * running", "can't rollback, snapshot 'x' does not exist").
 */
function refusal(e: ProxmoxEndpoint, status: number, said: string, path: string): AppError {
  const missing = /\(([^,()]+),\s*([A-Za-z.]+)\)/.exec(said);
  if (status === 403 || status === 401)
    return new AppError('FORBIDDEN', {
      source: `${e.kind}:${e.name}`,
      message: missing
        ? `${e.name}: the token ${e.tokenId} lacks the privilege ${missing[2]} on ${missing[1]}`
        : `${e.name}: the token ${e.tokenId} may not do this (${status} ${said})`,
      reason: missing ? 'proxmox.privilege' : 'proxmox.forbidden',
      params: { name: e.name, tokenId: e.tokenId, privilege: missing?.[2] ?? '', path: missing?.[1] ?? path, said },
    });
  const why = said.trim() || `answered ${status}`;
  return new AppError('CONFLICT', {
    source: `${e.kind}:${e.name}`,
    message: `${e.name}: ${why}`,
    reason: 'proxmox.refused',
    params: { name: e.name, said: why, status },
  });
}

/**
 * Reads Proxmox's JSON API (`/api2/json/…`, answers in a `{"data": …}` envelope). TLS is never
 * switched off: with a fingerprint the handshake completes first and the connection is dropped
 * unless the certificate presented is that one, before the token is sent; without one the
 * certificate must verify (against `ca` when given). Every failure is UPSTREAM_UNAVAILABLE with a
 * reason that says what to fix: the fingerprint expected and presented, the token refused, the
 * privilege missing, the time waited.
 */
export class ProxmoxApi {
  private readonly base: URL;
  private readonly fingerprint: string | null;
  /** The server's clock at its last answer (its `Date` header): uptimes are counted on it, not ours. */
  serverTime: Date | null = null;

  constructor(private readonly endpoint: ProxmoxEndpoint) {
    this.base = new URL(endpoint.url.replace(/\/+$/, '') + '/api2/json/');
    this.fingerprint = endpoint.fingerprint ? normalizeFingerprint(endpoint.fingerprint) : null;
    if (endpoint.fingerprint && !this.fingerprint)
      throw new Error(`${endpoint.name}: the fingerprint is not 32 hex pairs (AB:CD:…)`);
  }

  /** `path` below /api2/json (`cluster/resources`); resolves to the envelope's `data`. */
  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  /**
   * Asks Proxmox to do something (issue 20): `POST`, `PUT` or `DELETE` with form parameters, as
   * Proxmox's own clients send them. Resolves to `data` (a task's UPID for most actions). A refusal
   * is CONFLICT with Proxmox's reason ("VM 208 already running"), a missing privilege FORBIDDEN
   * naming it; no answer in time is UPSTREAM_UNAVAILABLE with reason `proxmox.timeout`: the action
   * may or may not have started.
   */
  act<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, params: Record<string, string | number> = {}): Promise<T> {
    return this.call<T>(method, path, params);
  }

  private async call<T>(method: string, path: string, params?: Record<string, string | number>): Promise<T> {
    const url = new URL(path.replace(/^\/+/, ''), this.base);
    const deadline = AbortSignal.timeout(this.endpoint.timeoutMs);
    const body = params && Object.keys(params).length ? new URLSearchParams(toStrings(params)).toString() : null;
    try {
      const res = await this.send(url, deadline, method, body);
      return await this.read<T>(res, url, deadline, method !== 'GET');
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (deadline.aborted)
        throw unavailable(
          this.endpoint,
          `no answer from ${url.origin} within ${this.endpoint.timeoutMs} ms`,
          'proxmox.timeout',
          { ms: this.endpoint.timeoutMs, url: url.origin },
        );
      throw unavailable(this.endpoint, `cannot reach ${url.origin}: ${(err as Error).message}`, 'proxmox.unreachable', {
        url: url.origin,
      });
    }
  }

  private async send(url: URL, signal: AbortSignal, method: string, body: string | null): Promise<IncomingMessage> {
    const headers: Record<string, string | number> = {
      authorization: authorization(this.endpoint),
      accept: 'application/json',
    };
    if (body !== null) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    if (url.protocol === 'http:') {
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
        throw unavailable(this.endpoint, 'plain http is accepted on loopback only; use https', 'proxmox.plain-http');
      return new Promise((resolve, reject) =>
        httpRequest(url, { method, headers, signal }, resolve)
          .on('error', reject)
          .end(body ?? undefined),
      );
    }
    const socket = await this.handshake(url, signal);
    return new Promise((resolve, reject) =>
      httpsRequest(url, { method, headers, signal, createConnection: () => socket }, resolve)
        .on('error', reject)
        .end(body ?? undefined),
    );
  }

  /** A TLS connection whose certificate is the pinned one, or verifies; nothing is sent before that is settled. */
  private handshake(url: URL, signal: AbortSignal): Promise<TLSSocket> {
    const e = this.endpoint;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({
        host,
        port: Number(url.port || 443),
        servername: /^[\d.:]+$/.test(host) ? undefined : host,
        ca: e.ca ?? undefined,
        // Checked here, below, by fingerprint; without one the normal verification holds.
        rejectUnauthorized: !this.fingerprint,
      });
      signal.addEventListener('abort', () => socket.destroy(signal.reason as Error), { once: true });
      socket.once('secureConnect', () => {
        if (!this.fingerprint) return resolve(socket);
        const presented = socket.getPeerCertificate().fingerprint256 ?? '(none)';
        if (presented === this.fingerprint) return resolve(socket);
        socket.destroy();
        reject(
          unavailable(
            e,
            `the certificate's fingerprint is ${presented}, not the expected ${this.fingerprint}`,
            'proxmox.tls-mismatch',
            {
              expected: this.fingerprint,
              presented,
            },
          ),
        );
      });
      socket.once('error', (err: Error & { code?: string }) => {
        if (!/CERT|SIGNATURE|ISSUER|SELF_SIGNED/.test(err.code ?? '')) return reject(err);
        reject(
          unavailable(
            e,
            `its certificate does not verify (${err.code}): set its fingerprint, or the CA that signed it`,
            'proxmox.tls-unverified',
            { code: err.code ?? 'unknown' },
          ),
        );
      });
    });
  }

  private async read<T>(res: IncomingMessage, url: URL, signal: AbortSignal, acting: boolean): Promise<T> {
    const e = this.endpoint;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > MAX_BYTES) {
        res.destroy();
        throw unavailable(
          e,
          `the answer to ${url.pathname} is larger than ${MAX_BYTES / 1024 / 1024} MiB`,
          'proxmox.too-large',
        );
      }
      chunks.push(chunk as Buffer);
      if (signal.aborted) throw signal.reason;
    }
    const status = res.statusCode ?? 0;
    const date = res.headers.date ? new Date(res.headers.date) : null;
    if (date && !Number.isNaN(date.getTime())) this.serverTime = date;
    // Proxmox says why in the status line: "Permission check failed (/nodes/pve1, Sys.Audit)".
    const said = res.statusMessage ?? '';
    if (status === 401)
      throw unavailable(
        e,
        `the token ${e.tokenId} was refused (401 ${said}): check its id and secret`,
        'proxmox.token-refused',
        { tokenId: e.tokenId },
      );
    if (acting && status !== 200) throw refusal(e, status, said, url.pathname);
    if (status === 403)
      throw unavailable(e, `the token ${e.tokenId} may not read ${url.pathname} (403 ${said})`, 'proxmox.forbidden', {
        tokenId: e.tokenId,
        path: url.pathname,
        said,
      });
    if (status !== 200)
      throw unavailable(e, `${url.origin}${url.pathname} answered ${status} ${said}`, 'proxmox.status', {
        status,
        path: url.pathname,
      });
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw unavailable(e, `${url.pathname} answered with something that is not JSON`, 'proxmox.not-json', {
        path: url.pathname,
      });
    }
    if (!body || typeof body !== 'object' || !('data' in body))
      throw unavailable(e, `${url.pathname} answered without Proxmox's {"data": …} envelope`, 'proxmox.no-envelope', {
        path: url.pathname,
      });
    return (body as { data: T }).data;
  }
}
