import { safeReturnPath } from '@ralf/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAppError } from '../../lib/app-error';
import { requestMeta } from '../../http/access';
import { sessionCookie } from '../../http/session-cookie';
import type { OidcService } from './oidc.service';

const STATE_COOKIE = 'ralf_oidc_state';

/**
 * `GET /auth/oidc/start` sends the browser to the identity provider; `/auth/oidc/callback`
 * brings it back signed in, or to the sign-in page with the reason. Both are public: the
 * browser is not signed in yet.
 */
export function installOidcRoutes(app: FastifyInstance, oidc: OidcService, publicUrl: string | null) {
  const origin = (req: FastifyRequest) => publicUrl ?? `${req.protocol}://${req.host}`;
  const back = (reason: string) => `/sign-in?error=${encodeURIComponent(reason.slice(0, 200))}`;

  app.get('/auth/oidc/start', { config: { access: 'public' } }, async (req, reply) => {
    const { url, state } = await oidc.start(safeReturnPath((req.query as { next?: unknown }).next), `${origin(req)}/auth/oidc/callback`);
    // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
    reply.setCookie(STATE_COOKIE, state, { path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: 600 });
    return reply.redirect(url);
  });

  app.get('/auth/oidc/callback', { config: { access: 'public' } }, async (req, reply) => {
    reply.clearCookie(STATE_COOKIE, { path: '/auth/oidc' });
    const url = new URL(req.url, origin(req));
    const error = url.searchParams.get('error');
    if (error) return reply.redirect(back(url.searchParams.get('error_description') ?? error));
    const cookie = sessionCookie(req, reply);
    try {
      const s = await oidc.finish(url, req.cookies[STATE_COOKIE] ?? null, requestMeta(req), cookie.current);
      cookie.set(s.token, new Date(s.session.expiresAt));
      return reply.redirect(s.next);
    } catch (err) {
      if (!isAppError(err)) throw err;
      return reply.redirect(back(err.message));
    }
  });
}
