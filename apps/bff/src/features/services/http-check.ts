import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { msg, type Message } from '@ralf/shared';

export interface CheckResult {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  reason: Message | null;
  certExpiresAt: Date | null;
}

/** TLS errors that mean the certificate is not trusted (self-signed, unknown CA, wrong name). */
const EXPIRED = new Set(['CERT_HAS_EXPIRED']);

/**
 * One HTTP check, as Uptime Kuma or Gatus would make it: a GET that counts as up when it answers
 * 2xx or 3xx (redirects are not followed) within `timeoutMs`. An https URL's certificate is read
 * even when it is not trusted, so its expiry is known; an expired or untrusted certificate counts
 * as down, saying which (a homelab's own CA is trusted through NODE_EXTRA_CA_CERTS). Only http
 * and https are checked.
 */
export function checkHttp(url: string, opts: { timeoutMs: number; now?: () => number }): Promise<CheckResult> {
  const now = opts.now ?? (() => performance.now());
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(down(msg('service.badUrl', { url })));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.resolve(down(msg('service.badUrl', { url })));
  const tls = target.protocol === 'https:';
  const started = now();
  return new Promise<CheckResult>((resolve) => {
    let certExpiresAt: Date | null = null;
    let trustError: string | null = null;
    const req = (tls ? httpsRequest : httpRequest)(
      target,
      {
        method: 'GET',
        headers: { 'user-agent': 'ralf-ui-http-check', accept: '*/*' },
        // Read the certificate either way; whether it is trusted is decided below.
        ...(tls && { rejectUnauthorized: false, agent: false }),
        ...(!tls && { agent: false }),
      },
      (res: IncomingMessage) => {
        const latencyMs = Math.round(now() - started);
        res.resume();
        res.destroy();
        const status = res.statusCode ?? null;
        const base = { status, latencyMs, certExpiresAt };
        if (trustError)
          return resolve({
            ...base,
            ok: false,
            reason: EXPIRED.has(trustError)
              ? msg('service.certExpired', { at: certExpiresAt?.toISOString() ?? '' })
              : msg('service.certUntrusted', { why: trustError }),
          });
        if (status !== null && status >= 200 && status < 400) return resolve({ ...base, ok: true, reason: null });
        resolve({ ...base, ok: false, reason: msg('service.badStatus', { status: status ?? 0 }) });
      },
    );
    req.on('socket', (socket) => {
      if (!tls) return;
      (socket as TLSSocket).once('secureConnect', () => {
        const s = socket as TLSSocket;
        const cert = s.getPeerCertificate();
        if (cert?.valid_to) certExpiresAt = new Date(cert.valid_to);
        if (!s.authorized) trustError = String(s.authorizationError ?? 'UNTRUSTED');
      });
    });
    req.setTimeout(opts.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'RALF_TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => {
      const latencyMs = null;
      const reason =
        err.code === 'RALF_TIMEOUT'
          ? msg('service.timeout', { seconds: opts.timeoutMs / 1000 })
          : err.code === 'ECONNREFUSED'
            ? msg('service.refused', {})
            : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
              ? msg('service.noSuchHost', { host: target.hostname })
              : msg('service.failed', { why: err.code ?? err.message });
      resolve({ ok: false, status: null, latencyMs, reason, certExpiresAt });
    });
    req.end();
  });
}

const down = (reason: Message): CheckResult => ({
  ok: false,
  status: null,
  latencyMs: null,
  reason,
  certExpiresAt: null,
});
