import { safeReturnPath, type OidcErrorCode } from '@ralf/shared';
import type { AppErrorCode } from '@ralf/shared';
import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../lib/app-error';
import { requestMeta } from '../../http/access';
import { sessionCookie } from '../../http/session-cookie';
import type { OidcService } from './oidc.service';

const STATE_COOKIE = 'ralf_oidc_state';

const OIDC_ERROR_OF: Partial<Record<AppErrorCode, OidcErrorCode>> = {
  UNAUTHENTICATED: 'refused',
  FORBIDDEN: 'no-role',
  CONFLICT: 'account-exists',
  UPSTREAM_UNAVAILABLE: 'provider-unavailable',
};

/**
 * `GET /auth/oidc/start` sends the browser to the identity provider; `/auth/oidc/callback`
 * brings it back signed in, or to the sign-in page with the reason. Both are public: the
 * browser is not signed in yet.
 */
export function installOidcRoutes(app: FastifyInstance, oidc: OidcService, publicUrl: string) {
  // The redirect URI comes from RALF_PUBLIC_URL only, never from a request's Host (issue 15).
  const origin = publicUrl;
  // The sign-in page shows a code it translates, never text from the address (issue 15); the
  // audit trail keeps the reason.
  const back = (code: OidcErrorCode) => `/sign-in?error=${code}`;

  app.get('/auth/oidc/start', { config: { access: 'public' } }, async (req, reply) => {
    const { url, state } = await oidc.start(
      safeReturnPath((req.query as { next?: unknown }).next),
      `${origin}/auth/oidc/callback`,
    );
    // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
    reply.setCookie(STATE_COOKIE, state, {
      path: '/auth/oidc',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      maxAge: 600,
    });
    return reply.redirect(url);
  });

  app.get('/auth/oidc/callback', { config: { access: 'public' } }, async (req, reply) => {
    reply.clearCookie(STATE_COOKIE, { path: '/auth/oidc' });
    const url = new URL(req.url, origin);
    if (url.searchParams.get('error')) return reply.redirect(back('provider-denied'));
    const cookie = sessionCookie(req, reply);
    try {
      const s = await oidc.finish(url, req.cookies[STATE_COOKIE] ?? null, requestMeta(req), cookie.current);
      cookie.set(s.token, new Date(s.session.expiresAt));
      return reply.redirect(s.next);
    } catch (err) {
      if (!isAppError(err)) throw err;
      return reply.redirect(back(OIDC_ERROR_OF[err.code] ?? 'failed'));
    }
  });
}
