import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionCookie } from '../trpc/context';

/**
 * The session cookie (issue 3): HttpOnly, SameSite=Strict, path /. Over TLS it is Secure and
 * carries the `__Host-` prefix, which pins it to this host; over plain HTTP (loopback, a LAN
 * without TLS) browsers refuse `__Host-` cookies, so it is named `ralf_session` there.
 */
export const cookieName = (req: FastifyRequest) => (req.protocol === 'https' ? '__Host-ralf_session' : 'ralf_session');

export function sessionCookie(req: FastifyRequest, reply: FastifyReply): SessionCookie {
  const name = cookieName(req);
  const secure = req.protocol === 'https';
  return {
    current: req.cookies[name] ?? null,
    set(token, expiresAt) {
      reply.setCookie(name, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: expiresAt });
    },
    clear() {
      reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'strict', secure });
    },
  };
}
